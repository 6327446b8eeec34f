import type { Logger } from "../lib/index.js";
import { expectBytes, expectList, expectUint, rlpDecode, rlpEncode } from "../types/index.js";

/** Most blocks one sync response carries, and the byte budget that also bounds it. */
export const SYNC_BATCH = 64;
export const SYNC_RESPONSE_BYTES = 16 * 1024 * 1024;

/** What block sync needs of the network (request-response over libp2p). */
export interface SyncNetwork {
  peers(): string[];
  request(peer: string, protocol: string, req: Uint8Array, opts?: { timeoutMs?: number }): Promise<Uint8Array>;
  penalize(peer: string, reason: string): void;
}

/** What block sync needs of the chain. */
export interface SyncChain {
  height(): bigint;
  /** Block `h` and the certificate that decided it, encoded; null when unknown. */
  blockWithCommit(h: bigint): { block: Uint8Array; commit: Uint8Array } | null;
  /** Verify the commit against the set of that height, re-execute and commit; throws when invalid. */
  applySynced(block: Uint8Array, commit: Uint8Array): Promise<void>;
}

/** Status request: empty. Response: rlp([height]). */
export function encodeStatus(height: bigint): Uint8Array {
  return rlpEncode([height]);
}
export function decodeStatus(bytes: Uint8Array): bigint {
  const [h] = expectList(rlpDecode(bytes), 1, "status");
  return expectUint(h, "height");
}

/** Blocks request: rlp([from, count]). */
export function encodeBlocksRequest(from: bigint, count: number): Uint8Array {
  return rlpEncode([from, BigInt(count)]);
}

/** Serve a blocks request from our store: consecutive [block, commit] pairs from `from`. */
export function serveBlocks(chain: SyncChain, req: Uint8Array): Uint8Array {
  const [f, c] = expectList(rlpDecode(req), 2, "blocks request");
  const from = expectUint(f, "from");
  const count = Math.min(Number(expectUint(c, "count")), SYNC_BATCH);
  const out: Uint8Array[][] = [];
  let bytes = 0;
  for (let h = from; h < from + BigInt(count); h++) {
    const item = chain.blockWithCommit(h);
    if (!item) break;
    bytes += item.block.length + item.commit.length;
    if (out.length > 0 && bytes > SYNC_RESPONSE_BYTES) break;
    out.push([item.block, item.commit]);
  }
  return rlpEncode(out);
}

/** Decode a blocks response. */
export function decodeBlocksResponse(bytes: Uint8Array): Array<{ block: Uint8Array; commit: Uint8Array }> {
  const list = rlpDecode(bytes);
  if (!Array.isArray(list)) throw new TypeError("blocks response must be a list");
  return list.map((item) => {
    const [b, c] = expectList(item, 2, "synced block");
    return { block: expectBytes(b, "block"), commit: expectBytes(c, "commit") };
  });
}

/**
 * Block sync (DESIGN §5): ask peers for their height, fetch the missing blocks with the commits
 * that decided them, and hand each to the chain, which verifies the commit against the validator
 * set of that height and re-executes before committing. A peer that sends a block that does not
 * verify is penalised and the next peer is tried. Returns how many blocks were applied.
 */
export async function syncFromPeers(
  net: SyncNetwork,
  chain: SyncChain,
  protocols: { status: string; blocks: string },
  log: Logger,
  signal?: AbortSignal,
): Promise<number> {
  let applied = 0;
  for (const peer of net.peers()) {
    if (signal?.aborted) break;
    let theirs: bigint;
    try {
      theirs = decodeStatus(await net.request(peer, protocols.status, new Uint8Array(0), { timeoutMs: 2000 }));
    } catch (err) {
      log.debug({ peer, err: (err as Error).message }, "status request failed");
      continue;
    }
    while (!signal?.aborted && theirs > chain.height()) {
      const from = chain.height() + 1n;
      let items: Array<{ block: Uint8Array; commit: Uint8Array }>;
      try {
        const res = await net.request(peer, protocols.blocks, encodeBlocksRequest(from, SYNC_BATCH), {
          timeoutMs: 10_000,
        });
        items = decodeBlocksResponse(res);
      } catch (err) {
        log.debug({ peer, err: (err as Error).message }, "blocks request failed");
        break;
      }
      if (items.length === 0) break;
      try {
        for (const item of items) {
          await chain.applySynced(item.block, item.commit);
          applied++;
        }
      } catch (err) {
        log.warn({ peer, err: (err as Error).message }, "peer sent a block that does not verify");
        net.penalize(peer, "invalid synced block");
        break;
      }
      log.info({ peer, height: Number(chain.height()), theirs: Number(theirs) }, "synced blocks");
    }
  }
  return applied;
}
