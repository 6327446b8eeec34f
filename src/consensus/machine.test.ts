import { describe, expect, it } from "vitest";
import { TendermintMachine } from "./machine.js";
import type { ConsensusOutput, Proposal, Vote, VoteType } from "./types.js";
import { ValidatorSet } from "./validator-set.js";

const set = new ValidatorSet(["0x01", "0x02", "0x03", "0x04"].map((address) => ({ address, power: 1n })));
const options = {
  timeouts: {
    propose: { baseMs: 100, deltaMs: 10 },
    prevote: { baseMs: 50, deltaMs: 5 },
    precommit: { baseMs: 60, deltaMs: 6 },
  },
};
const A = "0xaa";
const B = "0xbb";
const BAD = "0xdead";

/** A machine for validator 0x04 (proposer of rounds 3, 7, …); proposer(1, r) is 0x0(r+1). */
function machine(self = "0x04") {
  const m = new TendermintMachine(
    { validators: set, self, proposeValue: (h, r) => `0x${h}${r}f`, isValid: (_h, v) => v !== BAD },
    options,
  );
  const outs = m.step({ kind: "newHeight", height: 1 });
  return { m, outs };
}
const proposal = (round: number, value: string, validRound = -1): Proposal => ({
  height: 1,
  round,
  proposer: `0x0${(round % 4) + 1}`,
  value,
  validRound,
});
const vote = (type: VoteType, round: number, validator: string, value: string | null): Vote => ({
  type,
  height: 1,
  round,
  validator,
  value,
});
const votesOf = (outs: ConsensusOutput[]) => outs.flatMap((o) => (o.kind === "broadcastVote" ? [o.vote] : []));
const feedVotes = (m: TendermintMachine, type: VoteType, round: number, from: string[], value: string | null) =>
  from.flatMap((v) => m.step({ kind: "vote", vote: vote(type, round, v, value) }));

describe("Tendermint state machine", () => {
  it("a non-proposer schedules the propose timeout; timeouts grow per round", () => {
    const { m, outs } = machine();
    expect(outs).toEqual([{ kind: "scheduleTimeout", step: "propose", height: 1, round: 0, durationMs: 100 }]);
    const next = m.step({ kind: "timeout", step: "propose", height: 1, round: 0 });
    expect(votesOf(next)).toEqual([vote("prevote", 0, "0x04", null)]);
    m.step({ kind: "timeout", step: "prevote", height: 1, round: 0 });
    const r1 = m.step({ kind: "timeout", step: "precommit", height: 1, round: 0 });
    expect(r1).toContainEqual({ kind: "scheduleTimeout", step: "propose", height: 1, round: 1, durationMs: 110 });
    expect(m.state.round).toBe(1);
  });

  it("the proposer proposes getValue() and prevotes it", () => {
    const { m, outs } = machine("0x01");
    expect(outs[0]).toEqual({ kind: "broadcastProposal", proposal: proposal(0, "0x10f") });
    expect(votesOf(outs)).toEqual([vote("prevote", 0, "0x01", "0x10f")]);
    expect(m.state.step).toBe("prevote");
  });

  it("an asynchronous getValue: the proposer waits (with its propose timeout) and proposes on the value input", () => {
    const m = new TendermintMachine(
      { validators: set, self: "0x01", proposeValue: () => null, isValid: (_h, v) => v !== BAD },
      options,
    );
    expect(m.step({ kind: "newHeight", height: 1 })).toEqual([
      { kind: "getValue", height: 1, round: 0 },
      { kind: "scheduleTimeout", step: "propose", height: 1, round: 0, durationMs: 100 },
    ]);
    expect(m.step({ kind: "value", height: 1, round: 1, value: A })).toEqual([]); // another round: ignored
    const outs = m.step({ kind: "value", height: 1, round: 0, value: A });
    expect(outs[0]).toEqual({ kind: "broadcastProposal", proposal: proposal(0, A) });
    expect(votesOf(outs)).toEqual([vote("prevote", 0, "0x01", A)]);
    // Too late: once the propose step is over, a value is not proposed.
    const late = new TendermintMachine(
      { validators: set, self: "0x01", proposeValue: () => null, isValid: () => true },
      options,
    );
    late.step({ kind: "newHeight", height: 1 });
    expect(votesOf(late.step({ kind: "timeout", step: "propose", height: 1, round: 0 }))).toEqual([
      vote("prevote", 0, "0x01", null),
    ]);
    expect(late.step({ kind: "value", height: 1, round: 0, value: A })).toEqual([]);
  });

  it("prevotes a valid proposal and nil for an invalid one", () => {
    const { m } = machine();
    expect(votesOf(m.step({ kind: "proposal", proposal: proposal(0, A) }))).toEqual([vote("prevote", 0, "0x04", A)]);
    const other = machine().m;
    expect(votesOf(other.step({ kind: "proposal", proposal: proposal(0, BAD) }))).toEqual([
      vote("prevote", 0, "0x04", null),
    ]);
  });

  it("ignores a proposal from the wrong proposer", () => {
    const { m } = machine();
    expect(m.step({ kind: "proposal", proposal: { ...proposal(0, A), proposer: "0x02" } })).toEqual([]);
  });

  it("a polka for the proposal locks and precommits it; 2f+1 precommits decide with the commit", () => {
    const { m } = machine();
    m.step({ kind: "proposal", proposal: proposal(0, A) });
    const outs = feedVotes(m, "prevote", 0, ["0x01", "0x02"], A);
    expect(votesOf(outs)).toEqual([vote("precommit", 0, "0x04", A)]);
    expect(m.state).toMatchObject({ lockedValue: A, lockedRound: 0, validValue: A, validRound: 0 });
    const done = feedVotes(m, "precommit", 0, ["0x01", "0x02"], A);
    const decide = done.find((o) => o.kind === "decide");
    expect(decide).toEqual({
      kind: "decide",
      height: 1,
      round: 0,
      value: A,
      commit: [vote("precommit", 0, "0x01", A), vote("precommit", 0, "0x02", A), vote("precommit", 0, "0x04", A)],
    });
    expect(m.state.decided).toBe(true);
    expect(m.step({ kind: "timeout", step: "precommit", height: 1, round: 0 })).toEqual([]);
    expect(m.step({ kind: "newHeight", height: 2 })).toHaveLength(1);
    expect(m.state).toMatchObject({ height: 2, round: 0, lockedRound: -1, decided: false });
  });

  it("a polka for nil precommits nil; 2f+1 prevotes of any kind schedule the prevote timeout", () => {
    const { m } = machine();
    m.step({ kind: "timeout", step: "propose", height: 1, round: 0 });
    const one = feedVotes(m, "prevote", 0, ["0x01"], A);
    expect(one).toEqual([]);
    const two = feedVotes(m, "prevote", 0, ["0x02"], null);
    expect(two).toEqual([{ kind: "scheduleTimeout", step: "prevote", height: 1, round: 0, durationMs: 50 }]);
    const three = feedVotes(m, "prevote", 0, ["0x03"], null);
    expect(votesOf(three)).toEqual([vote("precommit", 0, "0x04", null)]);
    const pc = feedVotes(m, "precommit", 0, ["0x01", "0x02"], null);
    expect(pc).toEqual([{ kind: "scheduleTimeout", step: "precommit", height: 1, round: 0, durationMs: 60 }]);
  });

  it("stays locked against a new value, and unlocks on a later polka (line 28)", () => {
    const { m } = machine();
    m.step({ kind: "proposal", proposal: proposal(0, A) });
    feedVotes(m, "prevote", 0, ["0x01", "0x02"], A);
    m.step({ kind: "timeout", step: "precommit", height: 1, round: 0 });
    // Round 1: a fresh proposal B conflicts with the lock on A.
    expect(votesOf(m.step({ kind: "proposal", proposal: proposal(1, B) }))).toEqual([vote("prevote", 1, "0x04", null)]);
    // Our prevote timeout fires first (precommit nil); then a polka for B arrives late.
    m.step({ kind: "timeout", step: "prevote", height: 1, round: 1 });
    feedVotes(m, "prevote", 1, ["0x01", "0x02", "0x03"], B);
    expect(m.state).toMatchObject({ lockedValue: A, lockedRound: 0, validValue: B, validRound: 1 });
    m.step({ kind: "timeout", step: "precommit", height: 1, round: 1 });
    // Round 2 re-proposes B with validRound 1: the polka of round 1 ≥ our lock round, so we prevote B.
    const outs = m.step({ kind: "proposal", proposal: proposal(2, B, 1) });
    expect(votesOf(outs)).toEqual([vote("prevote", 2, "0x04", B)]);
  });

  it("a polka for a new value while still prevoting moves the lock (line 36)", () => {
    const { m } = machine();
    m.step({ kind: "proposal", proposal: proposal(0, A) });
    feedVotes(m, "prevote", 0, ["0x01", "0x02"], A);
    m.step({ kind: "timeout", step: "precommit", height: 1, round: 0 });
    m.step({ kind: "proposal", proposal: proposal(1, B) });
    const outs = feedVotes(m, "prevote", 1, ["0x01", "0x02", "0x03"], B);
    expect(votesOf(outs)).toEqual([vote("precommit", 1, "0x04", B)]);
    expect(m.state).toMatchObject({ lockedValue: B, lockedRound: 1 });
  });

  it("the proposer re-proposes its valid value with its valid round", () => {
    const { m } = machine();
    m.step({ kind: "proposal", proposal: proposal(0, A) });
    feedVotes(m, "prevote", 0, ["0x01", "0x02"], A);
    for (const r of [0, 1, 2]) {
      m.step({ kind: "timeout", step: "propose", height: 1, round: r });
      m.step({ kind: "timeout", step: "prevote", height: 1, round: r });
      const outs = m.step({ kind: "timeout", step: "precommit", height: 1, round: r });
      if (r === 2) expect(outs[0]).toEqual({ kind: "broadcastProposal", proposal: proposal(3, A, 0) });
    }
  });

  it("skips to a higher round on f+1 messages of that round (line 55)", () => {
    const { m } = machine();
    expect(feedVotes(m, "prevote", 5, ["0x01"], A)).toEqual([]);
    const outs = feedVotes(m, "precommit", 5, ["0x02"], null);
    expect(m.state.round).toBe(5);
    expect(outs).toContainEqual({ kind: "scheduleTimeout", step: "propose", height: 1, round: 5, durationMs: 150 });
  });

  it("counts one vote per validator and reports a conflicting second vote as evidence", () => {
    const { m } = machine();
    m.step({ kind: "timeout", step: "propose", height: 1, round: 0 });
    feedVotes(m, "prevote", 0, ["0x01", "0x01"], A);
    const outs = feedVotes(m, "prevote", 0, ["0x01"], B);
    expect(outs).toEqual([
      { kind: "evidence", evidence: { first: vote("prevote", 0, "0x01", A), second: vote("prevote", 0, "0x01", B) } },
    ]);
    // 0x01 counts once in the total: 0x01 + 0x04 = 2 of 4, no prevote timeout until 0x02 votes.
    expect(feedVotes(m, "prevote", 0, ["0x02"], B)).toHaveLength(1);
  });

  it("locks on whichever of an equivocating proposer's values gets the polka", () => {
    const { m } = machine();
    m.step({ kind: "proposal", proposal: proposal(0, A) });
    m.step({ kind: "proposal", proposal: proposal(0, B) });
    const outs = feedVotes(m, "prevote", 0, ["0x01", "0x02", "0x03"], B);
    expect(votesOf(outs)).toEqual([vote("precommit", 0, "0x04", B)]);
    expect(m.state.lockedValue).toBe(B);
  });

  it("a lagging node decides from a commit certificate of > 2/3 distinct precommits", () => {
    const { m } = machine();
    const commit = ["0x01", "0x02", "0x03"].map((v) => vote("precommit", 2, v, A));
    const weak = m.step({ kind: "commit", certificate: { height: 1, round: 2, value: A, commit: commit.slice(0, 2) } });
    expect(weak).toEqual([]);
    const doubled = [...commit.slice(0, 2), commit[0]!];
    expect(m.step({ kind: "commit", certificate: { height: 1, round: 2, value: A, commit: doubled } })).toEqual([]);
    const outs = m.step({ kind: "commit", certificate: { height: 1, round: 2, value: A, commit } });
    expect(outs).toEqual([{ kind: "decide", height: 1, round: 2, value: A, commit }]);
  });

  it("an equivocator's second vote still counts for its own value, so a real polka is seen", () => {
    const { m } = machine();
    m.step({ kind: "proposal", proposal: proposal(0, A) });
    feedVotes(m, "prevote", 0, ["0x01"], null);
    const outs = feedVotes(m, "prevote", 0, ["0x01", "0x02"], A);
    expect(outs.filter((o) => o.kind === "evidence")).toHaveLength(1);
    expect(votesOf(outs)).toEqual([vote("precommit", 0, "0x04", A)]);
  });

  it("ignores votes of non-validators and of other heights", () => {
    const { m } = machine();
    expect(feedVotes(m, "prevote", 3, ["0x09", "0x0a"], A)).toEqual([]);
    expect(m.step({ kind: "vote", vote: { ...vote("prevote", 3, "0x01", A), height: 2 } })).toEqual([]);
    expect(m.state.round).toBe(0);
  });

  it("quorums are by voting power", () => {
    const weighted = new ValidatorSet([
      { address: "0x01", power: 10n },
      { address: "0x02", power: 1n },
      { address: "0x03", power: 1n },
      { address: "0x04", power: 1n },
    ]);
    expect(weighted.isQuorum(10n)).toBe(true);
    expect(weighted.isQuorum(3n)).toBe(false);
    expect(weighted.isOneThird(3n)).toBe(false);
    expect(weighted.isOneThird(5n)).toBe(true);
    expect(set.isQuorum(3n) && !set.isQuorum(2n) && set.isOneThird(2n) && !set.isOneThird(1n)).toBe(true);
  });
});
