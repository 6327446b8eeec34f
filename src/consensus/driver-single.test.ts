import { appendFileSync, copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { silentLogger, utf8 } from "../lib/index.js";
import {
  type ConsensusMessage,
  type DoubleSignEvidence,
  encodeConsensusMessage,
  makeEvidence,
  type SignedVote,
  signProposal,
  signVote,
  verifyCommit,
  verifyEvidence,
} from "../types/index.js";
import { ConsensusDriver } from "./driver.js";
import { ProposerRotation } from "./rotation.js";
import { PrivValidator } from "./signer.js";
import { CHAIN_ID, FAST, ToyApp, toyBlock, validatorAddress, validatorKey } from "./sim/cluster.testing.js";
import { ValidatorSet } from "./validator-set.js";
import { Wal } from "./wal.js";

// One real driver; the other three validators are played by the test, signing with their raw keys.
const set = [0, 1, 2, 3].map((i) => ({ address: validatorAddress(i), power: 10n }));
const proposerIndex = (round: number) =>
  set.findIndex((v) => v.address === ProposerRotation.genesis(new ValidatorSet(set)).proposer(round));
const P = proposerIndex(0);
const ME = (P + 1) % 4; // the driver's validator: not the round-0 proposer
const others = [0, 1, 2, 3].filter((i) => i !== ME && i !== P);

const vote = (i: number, type: SignedVote["type"], round: number, value: string | null, h = 1): ConsensusMessage => ({
  kind: "vote",
  vote: signVote(
    { type, height: h, round, value: value as SignedVote["value"], validator: validatorAddress(i) },
    validatorKey(i),
    CHAIN_ID,
  ),
});
const proposal = (i: number, round: number, b = toyBlock(1, round, `node${i}`)): ConsensusMessage => ({
  kind: "proposal",
  proposal: signProposal(
    {
      height: 1,
      round,
      validRound: -1,
      blockHash: b.id as `0x${string}`,
      block: b.block,
      proposer: validatorAddress(i),
    },
    validatorKey(i),
    CHAIN_ID,
  ),
});

const dirs: string[] = [];
const drivers: ConsensusDriver[] = [];
afterEach(async () => {
  for (const d of drivers.splice(0)) await d.stop();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function node(dir = mkdtempSync(join(tmpdir(), "cmt-drv1-")), app = new ToyApp(`node${ME}`, set)) {
  if (!dirs.includes(dir)) dirs.push(dir);
  const sent: ConsensusMessage[] = [];
  const evidence: DoubleSignEvidence[] = [];
  const wal = Wal.open(join(dir, "cs.wal"));
  const signer = PrivValidator.open({
    privateKey: validatorKey(ME),
    statePath: join(dir, "sign.json"),
    chainId: CHAIN_ID,
  });
  const driver = new ConsensusDriver({
    app,
    transport: { broadcast: (m) => sent.push(m) },
    signer,
    wal,
    chainId: CHAIN_ID,
    options: {
      ...FAST,
      timeouts: {
        propose: { baseMs: 5000, deltaMs: 0 },
        prevote: { baseMs: 5000, deltaMs: 0 },
        precommit: { baseMs: 5000, deltaMs: 0 },
      },
    },
    log: silentLogger(),
    onEvidence: (e) => evidence.push(e),
  });
  drivers.push(driver);
  return { dir, app, sent, evidence, wal, driver };
}
/** This node's distinct votes, in order (gossip re-sends them). */
const ownVotes = (sent: ConsensusMessage[]) => [
  ...new Map(
    sent.flatMap((m) => (m.kind === "vote" ? [[`${m.vote.type}/${m.vote.round}`, m.vote] as const] : [])),
  ).values(),
];

/** An app whose commits resolve at once but reach the disk only when the test says so (the node's pipelined commit). */
class SlowDiskApp extends ToyApp {
  private land: () => void = () => {};
  private disk: Promise<void> = Promise.resolve();
  override async commit(...args: Parameters<ToyApp["commit"]>): Promise<void> {
    this.disk = new Promise((resolve) => {
      this.land = resolve;
    });
    await super.commit(...args);
  }
  written(): Promise<void> {
    return this.disk;
  }
  landed(): void {
    this.land();
  }
}

function walRecords(path: string) {
  const wal = Wal.open(path);
  wal.close();
  return wal.records;
}

describe("consensus driver, one node fed by hand", () => {
  it("marks a height done in its WAL only once the block is written, running the next height meanwhile; a crash before replays it", async () => {
    const app = new SlowDiskApp(`node${ME}`, set);
    const a = node(undefined, app);
    await a.driver.start(1);
    const block = toyBlock(1, 0, `node${P}`);
    a.driver.receive(proposal(P, 0));
    for (const i of others) a.driver.receive(vote(i, "prevote", 0, block.id));
    for (const i of others) a.driver.receive(vote(i, "precommit", 0, block.id));
    await vi.waitFor(() => expect(app.committed).toHaveLength(1));
    await vi.waitFor(() => expect(a.driver.status().height).toBe(2));
    const path = join(a.dir, "cs.wal");
    expect(walRecords(path).some((r) => r.kind === "endHeight")).toBe(false);

    // A crash now (block 1 not on disk): the WAL and the signing state alone decide it again.
    const crashed = mkdtempSync(join(tmpdir(), "cmt-drv1-"));
    for (const f of ["cs.wal", "sign.json"]) copyFileSync(join(a.dir, f), join(crashed, f));
    const b = node(crashed);
    await b.driver.start(1);
    await vi.waitFor(() => expect(b.app.committed.map((c) => c.id)).toEqual([block.id]));

    app.landed();
    await vi.waitFor(() => expect(walRecords(path)[0]).toMatchObject({ kind: "endHeight", height: 1 }));
    expect(walRecords(path).every((r) => r.kind === "endHeight" || r.height >= 2)).toBe(true);
  });

  it("after a crash mid-height it replays its WAL (torn tail and all) and resumes locked, re-signing identically", async () => {
    const a = node();
    await a.driver.start(1);
    const block = toyBlock(1, 0, `node${P}`);
    expect(a.driver.receive(proposal(P, 0))).toBe("accept");
    await vi.waitFor(() => expect(ownVotes(a.sent)).toMatchObject([{ type: "prevote", value: block.id }]));
    for (const i of others) a.driver.receive(vote(i, "prevote", 0, block.id));
    await vi.waitFor(() => expect(ownVotes(a.sent).map((v) => v.type)).toEqual(["prevote", "precommit"]));
    expect(a.driver.status()).toEqual({ height: 1, round: 0, step: "precommit", decided: false });
    const precommit = ownVotes(a.sent)[1]!;

    // Crash: the process dies while writing one more record.
    await a.driver.stop();
    a.wal.close();
    appendFileSync(join(a.dir, "cs.wal"), Buffer.from([0, 0, 1, 0, 9, 9, 9]));

    const b = node(a.dir, a.app);
    expect(b.wal.truncatedBytes).toBe(7);
    await b.driver.start(1);
    await vi.waitFor(() =>
      expect(b.driver.status()).toEqual({ height: 1, round: 0, step: "precommit", decided: false }),
    );
    // The same votes again, byte for byte (the guard re-signs identical messages only).
    expect(ownVotes(b.sent).find((v) => v.type === "precommit")).toEqual(precommit);
    for (const i of others) b.driver.receive(vote(i, "precommit", 0, block.id));
    await vi.waitFor(() => expect(b.app.committed).toHaveLength(1));
    const committed = b.app.committed[0]!;
    expect(committed.id).toBe(block.id);
    expect(verifyCommit(committed.commit, set, CHAIN_ID)).toEqual({ ok: true, power: 30n });
    await vi.waitFor(() => expect(b.driver.status().height).toBe(2));
  });

  it("rejects bad signatures, non-validators, wrong proposers and swapped blocks; ignores duplicates and far heights", async () => {
    const a = node();
    await a.driver.start(1);
    const good = vote(others[0]!, "prevote", 0, null);
    expect(a.driver.receiveBytes(encodeConsensusMessage(good))).toBe("accept");
    expect(a.driver.receiveBytes(utf8("garbage"))).toBe("reject");
    expect(a.driver.receive(good)).toBe("ignore");
    // Validator 1's vote re-labelled as validator 2's.
    const relabelled = vote(others[1]!, "prevote", 0, null);
    if (relabelled.kind !== "vote" || good.kind !== "vote") throw new Error("unreachable");
    expect(a.driver.receive({ kind: "vote", vote: { ...relabelled.vote, signature: good.vote.signature } })).toBe(
      "reject",
    );
    // A key outside the validator set.
    const outsider = signVote(
      { type: "prevote", height: 1, round: 0, value: null, validator: validatorAddress(9) },
      validatorKey(9),
      CHAIN_ID,
    );
    expect(a.driver.receive({ kind: "vote", vote: outsider })).toBe("reject");
    // A vote signed for another chain.
    const otherChain = signVote(
      { type: "prevote", height: 1, round: 0, value: null, validator: validatorAddress(others[1]!) },
      validatorKey(others[1]!),
      CHAIN_ID + 1n,
    );
    expect(a.driver.receive({ kind: "vote", vote: otherChain })).toBe("reject");
    // Round 0's proposal from someone who is not its proposer.
    expect(a.driver.receive(proposal(others[0]!, 0))).toBe("reject");
    // The real proposer's proposal with the block bytes swapped by a relay.
    const p = proposal(P, 0);
    if (p.kind !== "proposal") throw new Error("unreachable");
    expect(
      a.driver.receive({ kind: "proposal", proposal: { ...p.proposal, block: utf8("block 1/0 by mallory") } }),
    ).toBe("reject");
    expect(a.driver.receive(p)).toBe("accept");
    // Next height: checked now (its set is known) and buffered; far ahead: ignored.
    expect(a.driver.receive(vote(others[0]!, "prevote", 0, null, 2))).toBe("accept");
    expect(a.driver.receive({ kind: "vote", vote: { ...outsider, height: 2 } })).toBe("reject");
    expect(a.driver.receive(vote(others[0]!, "prevote", 0, null, 9))).toBe("ignore");
    // A commit certificate with only two of four precommits.
    const b = toyBlock(1, 0, `node${P}`);
    const sigs = others.map((i) => {
      const v = vote(i, "precommit", 0, b.id);
      return v.kind === "vote" ? { validator: v.vote.validator, signature: v.vote.signature } : null!;
    });
    const short = { height: 1, round: 0, blockHash: b.id as `0x${string}`, signatures: sigs };
    expect(a.driver.receive({ kind: "commit", commit: short, block: b.block })).toBe("reject");
  });

  it("a lagging node commits from a peer's commit certificate without having seen the votes", async () => {
    const a = node();
    await a.driver.start(1);
    const b = toyBlock(1, 0, `node${P}`);
    const signers = [P, ...others];
    const signatures = signers
      .map((i) => vote(i, "precommit", 0, b.id))
      .map((m) => (m.kind === "vote" ? { validator: m.vote.validator, signature: m.vote.signature } : null!))
      .sort((x, y) => (x.validator < y.validator ? -1 : 1));
    const commit = { height: 1, round: 0, blockHash: b.id as `0x${string}`, signatures };
    expect(a.driver.receive({ kind: "commit", commit, block: b.block })).toBe("accept");
    await vi.waitFor(() => expect(a.app.committed.map((c) => c.id)).toEqual([b.id]));
    expect(a.app.committed[0]!.commit).toEqual(commit);
  });

  it("a validator's two different votes for one step become evidence that verifyEvidence accepts", async () => {
    const a = node();
    await a.driver.start(1);
    const byz = others[0]!;
    const x = toyBlock(1, 0, "x").id;
    a.driver.receive(vote(byz, "prevote", 0, x));
    a.driver.receive(vote(byz, "prevote", 0, null));
    await vi.waitFor(() => expect(a.evidence).toHaveLength(1));
    const e = a.evidence[0]!;
    expect(e.first.validator).toBe(validatorAddress(byz));
    expect(verifyEvidence(e, set, CHAIN_ID)).toEqual({ ok: true, power: 10n });
    expect(a.sent).toContainEqual({ kind: "evidence", evidence: e });

    // Evidence gossiped by a peer: checked, reported once; a forged one is rejected.
    const peerEvidence = makeEvidence(
      (vote(others[1]!, "precommit", 3, x) as { vote: SignedVote }).vote,
      (vote(others[1]!, "precommit", 3, null) as { vote: SignedVote }).vote,
    );
    expect(a.driver.receive({ kind: "evidence", evidence: peerEvidence })).toBe("accept");
    expect(a.driver.receive({ kind: "evidence", evidence: peerEvidence })).toBe("ignore");
    expect(a.evidence).toHaveLength(2);
    const forged = {
      ...peerEvidence,
      second: {
        ...peerEvidence.second,
        signature: (vote(P, "precommit", 3, null) as { vote: SignedVote }).vote.signature,
      },
    };
    expect(a.driver.receive({ kind: "evidence", evidence: forged })).toBe("reject");
    expect(a.evidence).toHaveLength(2);
  });
});
