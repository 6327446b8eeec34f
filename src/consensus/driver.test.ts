import { afterEach, describe, expect, it } from "vitest";
import { keccak256 } from "../crypto/index.js";
import { toHex, utf8 } from "../lib/index.js";
import { testTempDir } from "../lib/temp-dir.testing.js";
import type { DriverOptions } from "./options.js";
import { PrivValidator, PrivValidatorError } from "./signer.js";
import { CHAIN_ID, Cluster, FAST, MemoryNet, validatorKey } from "./sim/cluster.testing.js";

const clusters: Cluster[] = [];
function cluster(seed: number, options: Partial<DriverOptions> = FAST): Cluster {
  const dir = testTempDir("cmt-driver-");
  const c = new Cluster(new MemoryNet(seed, { minDelayMs: 1, maxDelayMs: 8, dropRate: 0.1 }), 4, options, dir);
  clusters.push(c);
  return c;
}
afterEach(async () => {
  for (const c of clusters.splice(0)) await c.stopAll();
});

const ids = (c: Cluster, i: number, upTo: number) => c.nodes[i]!.app.committed.slice(0, upTo).map((b) => b.id);
const height = (c: Cluster, i: number) => c.nodes[i]!.app.committed.length;

describe("consensus driver: 4 validators over a lossy in-memory network", () => {
  it("all validators and a follower commit the same 20 blocks, each with a valid commit certificate", async () => {
    const c = cluster(1);
    const nodes = [0, 1, 2, 3, 4].map((i) => c.add(i)); // node 4 follows without a key
    for (const n of nodes) await c.start(n);
    await c.until(() => nodes.every((n) => n.app.committed.length >= 20), 20_000);
    for (const n of nodes) {
      expect(ids(c, n.index, 20)).toEqual(ids(c, 0, 20));
      expect(n.app.badCommits).toBe(0);
      expect(n.evidence).toEqual([]);
    }
    // Different proposers' blocks were decided (the rotation works), not one node's every time.
    const proposers = new Set(c.nodes[0]!.app.committed.map((b) => Buffer.from(b.block).toString().split(" by ")[1]));
    expect(proposers.size).toBe(4);
    expect(c.net.verdicts.reject).toBe(0);
  });

  it("adds precommits that arrive after the decision to the last commit (late signers still count)", async () => {
    // No drops, and a commit delay long enough for every precommit to arrive after the decision.
    const c = new Cluster(
      new MemoryNet(7, { minDelayMs: 1, maxDelayMs: 8, dropRate: 0 }),
      4,
      { ...FAST, blockIntervalMs: 200, minCommitDelayMs: 200 },
      testTempDir("cmt-driver-"),
    );
    clusters.push(c);
    const nodes = [0, 1, 2, 3].map((i) => c.add(i));
    for (const n of nodes) await c.start(n);
    let full = 0;
    let decidedWithFewer = 0;
    for (let h = 1; h <= 8; h++) {
      await c.until(() => height(c, 0) >= h, 10_000);
      const atDecision = c.nodes[0]!.app.committed[h - 1]!.commit.signatures.length;
      if (atDecision < 4) decidedWithFewer++;
      // Before the next height starts, the late precommits have joined the certificate.
      await c.until(() => (nodes[0]!.driver.lastCommit(h)?.signatures.length ?? 0) === 4 || height(c, 0) > h, 2_000);
      const grown = nodes[0]!.driver.lastCommit(h);
      if (grown && grown.signatures.length === 4) full++;
    }
    // A decision needs only 3 of 4; the certificate the next proposal carries has all four.
    expect(decidedWithFewer).toBeGreaterThan(0);
    expect(full).toBe(8);
  });

  it("with one validator stopped the other three go on; with two of four stopped nothing commits", async () => {
    const c = cluster(2);
    const nodes = [0, 1, 2, 3].map((i) => c.add(i));
    for (const n of nodes) await c.start(n);
    await c.until(() => nodes.every((n) => height(c, n.index) >= 3), 10_000);
    await c.crash(nodes[3]!);
    const stoppedAt = height(c, 3);
    await c.until(() => [0, 1, 2].every((i) => height(c, i) >= stoppedAt + 5), 15_000);
    expect(ids(c, 1, stoppedAt + 5)).toEqual(ids(c, 0, stoppedAt + 5));
    expect(ids(c, 2, stoppedAt + 5)).toEqual(ids(c, 0, stoppedAt + 5));
    expect(height(c, 3)).toBe(stoppedAt);

    await c.crash(nodes[2]!);
    // Let any block already past its precommits land, then: no quorum, no block.
    await new Promise((r) => setTimeout(r, 200));
    const frozen = [height(c, 0), height(c, 1)];
    await new Promise((r) => setTimeout(r, 800));
    expect([height(c, 0), height(c, 1)]).toEqual(frozen);
    // Stuck at the next height, undecided (without 2f+1 votes not even the prevote/precommit timeouts start).
    expect(nodes[0]!.driver.status()).toMatchObject({ height: frozen[0]! + 1, decided: false });
  });

  it("a validator restarted from its WAL and signing state rejoins, agrees, and never double-signs", async () => {
    const c = cluster(3);
    const nodes = [0, 1, 2, 3].map((i) => c.add(i));
    for (const n of nodes) await c.start(n);
    await c.until(() => nodes.every((n) => height(c, n.index) >= 4), 10_000);
    // Crash mid-height (whatever step it is in), restart from the files shortly after.
    await c.crash(nodes[3]!);
    await new Promise((r) => setTimeout(r, 30));
    await c.restart(nodes[3]!);
    const target = height(c, 0) + 8;
    await c.until(() => nodes.every((n) => height(c, n.index) >= target), 20_000);
    for (const n of nodes) expect(ids(c, n.index, target)).toEqual(ids(c, 0, target));
    // Nobody saw node 3 (or anyone) sign two different votes.
    for (const n of nodes) expect(n.evidence).toEqual([]);
    await c.stopAll();

    // The guard, reopened from node 3's file, refuses a different message for its last signed step.
    const pv = PrivValidator.open({ privateKey: validatorKey(3), statePath: c.signStatePath(3), chainId: CHAIN_ID });
    const last = pv.lastSigned!;
    expect(last.height).toBeGreaterThanOrEqual(target - 1);
    const other = toHex(keccak256(utf8("a block node 3 never saw")));
    const attempt = () =>
      last.step === "propose"
        ? pv.signProposal({
            height: last.height,
            round: last.round,
            validRound: -1,
            blockHash: other,
            block: utf8("x"),
          })
        : pv.signVote({ type: last.step, height: last.height, round: last.round, value: other });
    expect(attempt).toThrow(PrivValidatorError);
    expect(attempt).toThrow(/refusing to sign/);
  });

  it("without empty blocks, proposers wait for transactions (up to the heartbeat interval)", async () => {
    const c = cluster(4, { ...FAST, emptyBlocks: false, emptyBlocksIntervalMs: 1500, txPollMs: 10 });
    const nodes = [0, 1, 2, 3].map((i) => c.add(i));
    for (const n of nodes) n.app.txs = false;
    for (const n of nodes) await c.start(n);
    await new Promise((r) => setTimeout(r, 400));
    expect(nodes.map((n) => n.app.committed.length)).toEqual([0, 0, 0, 0]);
    for (const n of nodes) n.app.txs = true;
    await c.until(() => nodes.every((n) => n.app.committed.length >= 3), 1000);
    expect(ids(c, 3, 3)).toEqual(ids(c, 0, 3));
  });
});
