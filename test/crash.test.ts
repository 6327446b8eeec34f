// kill -9 during a stream of transactions, then `cybermiles start`: every transaction that had a
// receipt is still there in the same block, the state root matches, and the chain goes on.
import { rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { freePort, type NodeProcess, startCli, startDevnet, tempDir, waitFor } from "./support/node-process.js";
import { call, devKey, signed } from "./support/rpc.js";

interface RpcReceipt {
  transactionHash: string;
  blockHash: string;
  blockNumber: string;
  status: string;
}
interface RpcBlock {
  hash: string;
  number: string;
  stateRoot: string;
}

const dirs: string[] = [];
const nodes: NodeProcess[] = [];
afterAll(async () => {
  for (const n of nodes) await n.stop("SIGKILL");
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe("crash safety", () => {
  it("loses nothing committed when killed with SIGKILL mid-stream", async () => {
    const dir = tempDir();
    dirs.push(dir);
    const port = await freePort();
    const first = await startDevnet(dir, port, ["--block-time", "200"]);
    nodes.push(first);
    const url = first.rpcUrl;
    const senders = [1, 2, 3, 4].map(devKey);
    const nonces = senders.map(() => 0n);
    const sent: string[] = [];
    const receipts = new Map<string, RpcReceipt>();

    // Stream transfers until enough have receipts, then kill without warning while still sending.
    let streaming = true;
    const stream = (async () => {
      let i = 0;
      while (streaming) {
        const k = i++ % senders.length;
        const raw = signed(senders[k] as ReturnType<typeof devKey>, { nonce: nonces[k] as bigint, value: BigInt(i) });
        nonces[k] = (nonces[k] as bigint) + 1n;
        try {
          sent.push(await call<string>(url, "eth_sendRawTransaction", [raw]));
        } catch {
          return; // the node is gone
        }
      }
    })();
    await waitFor(
      async () => {
        for (const h of sent.slice(-40)) {
          if (receipts.has(h)) continue;
          const r = await call<RpcReceipt | null>(url, "eth_getTransactionReceipt", [h]).catch(() => null);
          if (r) receipts.set(h, r);
        }
        return receipts.size >= 60;
      },
      60_000,
      "60 receipts",
    );
    const lastSeen = await call<RpcBlock>(url, "eth_getBlockByNumber", ["latest", false]);
    const watched = (senders[1] as ReturnType<typeof devKey>).address;
    const balanceSeen = await call<string>(url, "eth_getBalance", [watched, lastSeen.number]);
    first.proc.kill("SIGKILL");
    streaming = false;
    expect(await first.exited).toBeNull();
    await stream;

    const again = await startCli(["start", "--home", join(dir, "node0")]);
    nodes.push(again);
    expect(again.rpcUrl).toBe(url); // same ports, from the home's own config
    const sameHeight = await call<RpcBlock>(again.rpcUrl, "eth_getBlockByNumber", [lastSeen.number, false]);
    expect(sameHeight.hash).toBe(lastSeen.hash);
    expect(sameHeight.stateRoot).toBe(lastSeen.stateRoot);
    // The state at that height is still readable once the head has moved on: the undo records of
    // the blocks since landed with them.
    await waitFor(
      async () => Number(await call<string>(again.rpcUrl, "eth_blockNumber")) > Number(lastSeen.number),
      20_000,
      "a block after the one seen",
    );
    expect(await call<string>(again.rpcUrl, "eth_getBalance", [watched, lastSeen.number])).toBe(balanceSeen);
    for (const [hash, r] of receipts) {
      const after = await call<RpcReceipt>(again.rpcUrl, "eth_getTransactionReceipt", [hash]);
      expect(after.blockHash, hash).toBe(r.blockHash);
      expect(after.status).toBe(r.status);
    }
    const height = Number(await call<string>(again.rpcUrl, "eth_blockNumber"));
    await waitFor(
      async () => Number(await call<string>(again.rpcUrl, "eth_blockNumber")) > height + 2,
      20_000,
      "chain goes on",
    );
    // The chain still takes transactions after the restart.
    const k = senders[0] as ReturnType<typeof devKey>;
    const nonce = BigInt(await call<string>(again.rpcUrl, "eth_getTransactionCount", [k.address, "latest"]));
    const h = await call<string>(again.rpcUrl, "eth_sendRawTransaction", [signed(k, { nonce, value: 1n })]);
    await waitFor(() => call(again.rpcUrl, "eth_getTransactionReceipt", [h]), 20_000, "receipt after restart");
    expect(await again.stop("SIGTERM")).toBe(0);
  });

  it("stops cleanly on SIGINT and resumes the devnet at the same height", async () => {
    const dir = tempDir();
    dirs.push(dir);
    const port = await freePort();
    const first = await startDevnet(dir, port);
    nodes.push(first);
    await waitFor(async () => Number(await call<string>(first.rpcUrl, "eth_blockNumber")) >= 2, 20_000, "blocks");
    expect(await first.stop("SIGINT")).toBe(0);
    expect(first.output()).toContain("stopped");
    const again = await startDevnet(dir, port);
    nodes.push(again);
    expect(again.output()).toContain("resuming devnet");
    expect(Number(await call<string>(again.rpcUrl, "eth_blockNumber"))).toBeGreaterThanOrEqual(2);
    expect(await again.stop("SIGTERM")).toBe(0);
  });
});
