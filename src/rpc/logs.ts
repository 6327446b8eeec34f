import { fromHex } from "../lib/index.js";
import { bloomMayContain, type Log } from "../types/index.js";
import type { BlockView, RpcBackend } from "./backend.js";
import { heightOf } from "./blocks.js";
import { serverError } from "./errors.js";
import { formatLog, type RpcLog } from "./format/index.js";
import type { BlockTag, LogFilter } from "./params/index.js";

/** Most topic positions in one log query (geth's maxTopics: a log has at most 4 topics). */
export const MAX_TOPICS = 4;
/** Most addresses in one log query (geth's maxAddresses). */
export const MAX_ADDRESSES = 1000;

/** A filter prepared for repeated matching: the bloom probes are computed once. */
export interface CompiledFilter {
  filter: LogFilter;
  addressProbes: Uint8Array[];
  topicProbes: Array<Uint8Array[] | null>;
}

/** Check geth's limits and precompute the bloom probes. */
export function compileFilter(filter: LogFilter): CompiledFilter {
  if (filter.topics.length > MAX_TOPICS) throw serverError("exceed max topics");
  if (filter.addresses.length > MAX_ADDRESSES) throw serverError("exceed max addresses");
  return {
    filter,
    addressProbes: filter.addresses.map((a) => fromHex(a)),
    topicProbes: filter.topics.map((t) => (t === null ? null : t.map((h) => fromHex(h)))),
  };
}

/** True when a log satisfies the filter (geth's rule: more topic positions than the log has never match). */
export function logMatches(log: Log, f: LogFilter): boolean {
  if (f.addresses.length > 0 && !f.addresses.includes(log.address)) return false;
  if (f.topics.length > log.topics.length) return false;
  for (let i = 0; i < f.topics.length; i++) {
    const wanted = f.topics[i];
    if (wanted != null && !wanted.includes(log.topics[i] as (typeof wanted)[number])) return false;
  }
  return true;
}

/** False when the header bloom proves the block holds no matching log. */
export function bloomMatches(bloom: Uint8Array, c: CompiledFilter): boolean {
  if (c.addressProbes.length > 0 && !c.addressProbes.some((p) => bloomMayContain(bloom, p))) return false;
  for (const probes of c.topicProbes) {
    if (probes !== null && !probes.some((p) => bloomMayContain(bloom, p))) return false;
  }
  return true;
}

/**
 * The matching logs of one block, in order, with block-wide log indexes: the transactions' logs,
 * then the block logs (begin-block, deadlines, end-block) as those of one more receipt at index
 * txs.length (format/receipt.ts).
 */
export function blockLogs(view: BlockView, c: CompiledFilter): RpcLog[] {
  const out: RpcLog[] = [];
  if (!bloomMatches(view.block.header.logsBloom, c)) return out;
  let logIndex = 0;
  const scan = (logs: readonly Log[], txIndex: number) => {
    for (const log of logs) {
      if (logMatches(log, c.filter)) out.push(formatLog(view, txIndex, log, logIndex));
      logIndex++;
    }
  };
  view.receipts.forEach((receipt, txIndex) => {
    scan(receipt.logs, txIndex);
  });
  scan(view.blockLogs, view.txs.length);
  return out;
}

/** Matching logs of the committed blocks `from..to` (inclusive, already clamped to the head). */
export function rangeLogs(backend: RpcBackend, from: bigint, to: bigint, c: CompiledFilter): RpcLog[] {
  const out: RpcLog[] = [];
  for (let h = from; h <= to; h++) {
    const view = backend.blockByHeight(h);
    if (view !== null) out.push(...blockLogs(view, c));
  }
  return out;
}

function tagHeight(backend: RpcBackend, tag: BlockTag | null, head: bigint): bigint {
  if (tag === null) return head;
  return heightOf(backend, tag) ?? head;
}

/**
 * Answer eth_getLogs: one block by hash, or a range (default latest..latest) clamped to the head
 * and at most `maxRange` blocks wide.
 */
export function queryLogs(backend: RpcBackend, filter: LogFilter, maxRange: number): RpcLog[] {
  const c = compileFilter(filter);
  if (filter.blockHash !== null) {
    const view = backend.blockByHash(filter.blockHash);
    if (view === null) throw serverError("unknown block");
    return blockLogs(view, c);
  }
  const head = backend.headHeight();
  const from = tagHeight(backend, filter.fromBlock, head);
  let to = tagHeight(backend, filter.toBlock, head);
  if (from > to) throw serverError("invalid block range params");
  if (to > head) to = head;
  if (from > to) return [];
  if (to - from + 1n > BigInt(maxRange)) throw serverError(`query exceeds max block range ${maxRange}`);
  return rangeLogs(backend, from, to, c);
}
