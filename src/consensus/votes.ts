import type { Address, DoubleVoteEvidence, ValueId, Vote, VoteType } from "./types.js";
import type { ValidatorSet } from "./validator-set.js";

const NIL = "nil";

/** The votes of one type in one round: the first vote per validator counts, power summed per value. */
class RoundVotes {
  readonly byValidator = new Map<Address, Vote>();
  readonly powerByValue = new Map<string, bigint>();
  total = 0n;
}

/** The result of adding a vote: counted, a duplicate, or a conflicting second vote (evidence). */
export type AddVoteResult = "added" | "duplicate" | "ignored" | { readonly evidence: DoubleVoteEvidence };

/** All votes of one height, counted by voting power; one vote per validator per (round, type). */
export class VoteTally {
  private readonly rounds = new Map<string, RoundVotes>();

  constructor(private readonly set: ValidatorSet) {}

  /** Count `vote`; a second, different vote from the same validator is not counted but returned as evidence. */
  add(vote: Vote): AddVoteResult {
    const power = this.set.powerOf(vote.validator);
    if (power === 0n) return "ignored";
    const key = `${vote.type}/${vote.round}`;
    let rv = this.rounds.get(key);
    if (!rv) {
      rv = new RoundVotes();
      this.rounds.set(key, rv);
    }
    const prior = rv.byValidator.get(vote.validator);
    if (prior) return prior.value === vote.value ? "duplicate" : { evidence: { first: prior, second: vote } };
    rv.byValidator.set(vote.validator, vote);
    const v = vote.value ?? NIL;
    rv.powerByValue.set(v, (rv.powerByValue.get(v) ?? 0n) + power);
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
    const rv = this.rounds.get(`${type}/${round}`);
    if (!rv) return [];
    return [...rv.byValidator.values()]
      .filter((v) => v.value === value)
      .sort((a, b) => (a.validator < b.validator ? -1 : 1));
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
