// A real 4-validator network: the devnet launcher runs four node processes that reach Tendermint
// consensus over libp2p on loopback. Killing nodes, losing quorum, restarting, catching up, and a
// new full node syncing from genesis — each checked through the nodes' own JSON-RPC.
import { type ChildProcess, spawn } from "node:child_process";
import { rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WEI_PER_CMT } from "../src/types/index.js";
import { freePort, freePortBlock, type NodeProcess, startCli, tempDir, waitFor } from "./support/node-process.js";
import { call, devKey, signed } from "./support/rpc.js";

const BIN = resolve(import.meta.dirname, "../bin/cybermiles.js");

interface Block {
  number: string;
  hash: string;
  stateRoot: string;
}

async function height(url: string): Promise<number> {
  return Number(await call<string>(url, "eth_blockNumber"));
}
async function block(url: string, n: number): Promise<Block> {
  return call<Block>(url, "eth_getBlockByNumber", [`0x${n.toString(16)}`, false]);
}
async function reachable(url: string): Promise<boolean> {
  try {
    await height(url);
    return true;
  } catch {
    return false;
  }
}

describe("a 4-validator devnet (separate processes, libp2p on loopback)", () => {
  const dir = tempDir("cmt-net-");
  let launcher: ChildProcess;
  let out = "";
  let rpcBase = 0;
  const urls: string[] = [];
  const restarted: NodeProcess[] = [];
  const pid = (name: string) => Number(new RegExp(`started ${name} \\(pid (\\d+)\\)`).exec(out)?.[1]);

  beforeAll(async () => {
    rpcBase = await freePortBlock(4);
    const p2pBase = await freePortBlock(4);
    launcher = spawn(
      process.execPath,
      [BIN, "devnet", "--validators", "4", "--dir", dir, "--rpc-port", String(rpcBase), "--p2p-port", String(p2pBase)],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    launcher.stdout?.on("data", (d: Buffer) => {
      out += d.toString();
    });
    launcher.stderr?.on("data", (d: Buffer) => {
      out += d.toString();
    });
    for (let i = 0; i < 4; i++) urls.push(`http://127.0.0.1:${rpcBase + i}`);
    await waitFor(async () => (await Promise.all(urls.map(reachable))).every(Boolean), 60_000, "four nodes serving");
  }, 90_000);

  afterAll(async () => {
    for (const p of restarted) await p.stop("SIGINT");
    if (launcher.exitCode === null) {
      const exited = new Promise((r) => launcher.once("exit", r));
      launcher.kill("SIGINT");
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it("commits blocks that every validator agrees on, and gossips transactions", async () => {
    await waitFor(async () => (await Promise.all(urls.map(height))).every((h) => h >= 5), 30_000, "height 5 on all");
    for (let n = 1; n <= 5; n++) {
      const blocks = await Promise.all(urls.map((u) => block(u, n)));
      expect(new Set(blocks.map((b) => b.hash)).size).toBe(1);
      expect(new Set(blocks.map((b) => b.stateRoot)).size).toBe(1);
    }
    // Each block carries the previous height's commit certificate, signed by validators of the set.
    const { validators } = await call<{ validators: Array<{ address: string }> }>(urls[1] as string, "cmt_status");
    for (let n = 2; n <= 5; n++) {
      const c = await call<{ proposer: string; lastCommit: { height: string; signers: string[] } }>(
        urls[1] as string,
        "cmt_getBlockConsensus",
        [`0x${n.toString(16)}`],
      );
      expect(Number(c.lastCommit.height)).toBe(n - 1);
      expect(c.lastCommit.signers.length).toBeGreaterThanOrEqual(3);
      for (const s of [c.proposer, ...c.lastCommit.signers]) expect(validators.map((v) => v.address)).toContain(s);
    }
    // A transfer sent to node 0 is committed and seen by node 2.
    const alice = devKey(5);
    const to = devKey(6).address;
    const hash = await call<string>(urls[0] as string, "eth_sendRawTransaction", [
      signed(alice, { nonce: 0n, to, value: WEI_PER_CMT }),
    ]);
    const receipt = await waitFor(
      () => call<{ status: string } | null>(urls[2] as string, "eth_getTransactionReceipt", [hash]),
      20_000,
      "receipt on node 2",
    );
    expect(receipt.status).toBe("0x1");

    // Node 2's pending-transaction filter hears of a transaction sent to node 0 (through tx gossip).
    // Nonce 2 waits for nonce 1 in every pool, so it cannot be mined before the filter sees it.
    const filter = await call<string>(urls[2] as string, "eth_newPendingTransactionFilter");
    const later = await call<string>(urls[0] as string, "eth_sendRawTransaction", [
      signed(alice, { nonce: 2n, to, value: WEI_PER_CMT }),
    ]);
    const heard: string[] = [];
    await waitFor(
      async () => {
        heard.push(...(await call<string[]>(urls[2] as string, "eth_getFilterChanges", [filter])));
        return heard.includes(later);
      },
      20_000,
      "node 2's pending filter reports the gossiped transaction",
    );
    // geth's txpool namespace shows why it waits: queued behind the missing nonce 1.
    const waiting = await call<{ pending: object; queued: Record<string, { hash: string }> }>(
      urls[2] as string,
      "txpool_contentFrom",
      [alice.address],
    );
    expect(waiting.pending).toEqual({});
    expect(Object.keys(waiting.queued)).toEqual(["2"]);
    expect(waiting.queued["2"]?.hash).toBe(later);
    await call<string>(urls[0] as string, "eth_sendRawTransaction", [signed(alice, { nonce: 1n, to, value: 1n })]);
    const minedLater = await waitFor(
      () => call<{ status: string } | null>(urls[2] as string, "eth_getTransactionReceipt", [later]),
      20_000,
      "the waiting transaction mined once its predecessor came",
    );
    expect(minedLater.status).toBe("0x1");
    expect(await call(urls[2] as string, "txpool_contentFrom", [alice.address])).toEqual({ pending: {}, queued: {} });
  }, 60_000);

  it("keeps committing with one validator killed (SIGKILL), and the launcher keeps the rest", async () => {
    process.kill(pid("node3"), "SIGKILL");
    await waitFor(async () => /node3 \(pid \d+\) exited by SIGKILL/.test(out), 10_000, "launcher reports the exit");
    const live = urls.slice(0, 3);
    const before = Math.max(...(await Promise.all(live.map(height))));
    await waitFor(
      async () => (await Promise.all(live.map(height))).every((h) => h >= before + 3),
      30_000,
      "three more blocks without node3",
    );
  }, 60_000);

  it("commits nothing with two of four down, and does not fork", async () => {
    process.kill(pid("node2"), "SIGKILL");
    await waitFor(async () => /node2 \(pid \d+\) exited by SIGKILL/.test(out), 10_000, "launcher reports the exit");
    const live = urls.slice(0, 2);
    // A block already decided may still land; after that nothing can reach 2/3 of the power.
    await new Promise((r) => setTimeout(r, 2_000));
    const stalled = await Promise.all(live.map(height));
    await new Promise((r) => setTimeout(r, 5_000));
    expect(await Promise.all(live.map(height))).toEqual(stalled);
    const common = Math.min(...stalled);
    const tips = await Promise.all(live.map((u) => block(u, common)));
    expect(tips[0]?.hash).toBe(tips[1]?.hash);
  }, 60_000);

  it("resumes when one returns (cybermiles start --home), and the other catches up to the same chain", async () => {
    restarted.push(await startCli(["start", "--home", join(dir, "node2")]));
    const live = urls.slice(0, 3);
    const before = Math.max(...(await Promise.all(live.map(height))));
    await waitFor(
      async () => (await Promise.all(live.map(height))).every((h) => h >= before + 3),
      60_000,
      "the chain resumes with node2 back",
    );
    restarted.push(await startCli(["start", "--home", join(dir, "node3")]));
    const tip = await height(urls[0] as string);
    await waitFor(async () => (await height(urls[3] as string)) >= tip, 60_000, "node3 catches up");
    for (let n = 1; n <= tip; n++) {
      const [a, b] = await Promise.all([block(urls[0] as string, n), block(urls[3] as string, n)]);
      expect(b.hash).toBe(a.hash);
    }
  }, 150_000);

  it("a new full node syncs from genesis with the same state root at every height, then follows", async () => {
    const home = join(dir, "full");
    const rpcPort = await freePort();
    const p2pAddr = /\[node0\]\s+p2p:\s+(\S+)/.exec(out)?.[1] as string;
    expect(p2pAddr).toMatch(/\/p2p\/12D3Koo/);
    const init = spawn(
      process.execPath,
      [
        BIN,
        "init",
        "--home",
        home,
        "--genesis",
        join(dir, "node0", "genesis.json"),
        "--rpc-port",
        String(rpcPort),
        "--p2p-port",
        String(await freePort()),
        "--peers",
        p2pAddr,
      ],
      { stdio: "ignore" },
    );
    expect(await new Promise((r) => init.once("exit", r))).toBe(0);
    const full = await startCli(["start", "--home", home]);
    restarted.push(full);
    const tip = await height(urls[0] as string);
    await waitFor(async () => (await height(full.rpcUrl)) >= tip + 2, 60_000, "full node at the tip and following");
    for (let n = 1; n <= tip; n++) {
      const [a, b] = await Promise.all([block(urls[0] as string, n), block(full.rpcUrl, n)]);
      expect(b.stateRoot).toBe(a.stateRoot);
      expect(b.hash).toBe(a.hash);
    }
  }, 120_000);
});
