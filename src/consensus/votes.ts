import type { Address, DoubleVoteEvidence, ValueId, Vote, VoteType } from "./types.js";
import type { ValidatorSet } from "./validator-set.js";

const NIL = "nil";

/** The votes of one type in one round: each validator once in the total, once per value it voted for. */
class RoundVotes {
  readonly byValidator = new Map<Address, Vote>();
  readonly byValue = new Map<string, Map<Address, Vote>>();
  readonly powerByValue = new Map<string, bigint>();
  total = 0n;
}

/** The result of adding a vote: counted, a duplicate, or a conflicting second vote (evidence). */
export type AddVoteResult = "added" | "duplicate" | "ignored" | { readonly evidence: DoubleVoteEvidence };

/** All votes of one height, counted by voting power; one vote per validator per (round, type). */
export class VoteTally {
  private readonly rounds = new Map<string, RoundVotes>();

  constructor(private readonly set: ValidatorSet) {}

  /**
   * Count `vote`. A validator counts once in the round's total; a second, different vote is
   * returned as evidence and also counted for its own value (never twice for one value), as
   * CometBFT does for a value peers claim 2/3 for: otherwise an equivocator could keep honest nodes
   * from ever seeing a real polka. Safe: two quorums for different values overlap in > 1/3 of the
   * power, which must include an honest validator, and honest validators vote once.
   */
  add(vote: Vote): AddVoteResult {
    const power = this.set.powerOf(vote.validator);
    if (power === 0n) return "ignored";
    const key = `${vote.type}/${vote.round}`;
    let rv = this.rounds.get(key);
    if (!rv) {
      rv = new RoundVotes();
      this.rounds.set(key, rv);
    }
    const v = vote.value ?? NIL;
    let forValue = rv.byValue.get(v);
    if (!forValue) {
      forValue = new Map();
      rv.byValue.set(v, forValue);
    }
    if (forValue.has(vote.validator)) return "duplicate";
    forValue.set(vote.validator, vote);
    rv.powerByValue.set(v, (rv.powerByValue.get(v) ?? 0n) + power);
    const prior = rv.byValidator.get(vote.validator);
    if (prior) return { evidence: { first: prior, second: vote } };
    rv.byValidator.set(vote.validator, vote);
    rv.total += power;
    return "added";
  }

  /** The voting power of `type` votes in `round` for `value` (null: nil). */
  powerFor(type: VoteType, round: number, value: ValueId | null): bigint {
    return this.rounds.get(`${type}/${round}`)?.powerByValue.get(value ?? NIL) ?? 0n;
  }

  /** The voting power of all `type` votes in `round`, whatever their value. */
  powerAny(type: VoteType, round: number): bigint {
    return this.rounds.get(`${type}/${round}`)?.total ?? 0n;
  }

  /** The `type` votes in `round` for `value`, sorted by validator address. */
  votesFor(type: VoteType, round: number, value: ValueId | null): Vote[] {
    const forValue = this.rounds.get(`${type}/${round}`)?.byValue.get(value ?? NIL);
    return [...(forValue?.values() ?? [])].sort((a, b) => (a.validator < b.validator ? -1 : 1));
  }

  /** The validators that sent any vote in `round`. */
  senders(round: number): Set<Address> {
    const out = new Set<Address>();
    for (const type of ["prevote", "precommit"] as const) {
      for (const a of this.rounds.get(`${type}/${round}`)?.byValidator.keys() ?? []) out.add(a);
    }
    return out;
  }

  /** The rounds that have any vote, ascending. */
  roundsSeen(): number[] {
    const rounds = new Set<number>();
    for (const key of this.rounds.keys()) rounds.add(Number(key.split("/")[1]));
    return [...rounds].sort((a, b) => a - b);
  }
}
