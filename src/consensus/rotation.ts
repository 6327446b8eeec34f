import { ProposerPriority } from "./proposer.js";
import type { Address } from "./types.js";
import type { ValidatorSet } from "./validator-set.js";

/**
 * Proposer priorities across heights whose validator set may change (CometBFT's rules).
 * P(h) is the state at the start of height h: P(1) is all zeros; proposer(h, r) is the last pick
 * of r + 1 steps from P(h) (each step: rescale, centre, add powers, pick, subtract the total);
 * P(h + 1) is P(h) after one step, carried onto the set of h + 1: a validator that stays keeps
 * its priority (whatever its new power), a new one starts at -1.125 × the new total power so it
 * does not propose at once, a removed one is dropped. For a fixed set this is exactly
 * `ProposerSchedule` (step h - 1 + r of one sequence).
 */
export class ProposerRotation {
  private readonly picks = new Map<number, Address>();

  private constructor(
    readonly height: number,
    readonly set: ValidatorSet,
    private readonly base: ProposerPriority,
  ) {}

  /** P(1): the genesis set with zero priorities. */
  static genesis(set: ValidatorSet): ProposerRotation {
    return new ProposerRotation(1, set, new ProposerPriority(set));
  }

  /** P(height) from a snapshot (the WAL's end-of-height record). */
  static restore(
    height: number,
    set: ValidatorSet,
    priorities: ReadonlyArray<readonly [Address, bigint]>,
  ): ProposerRotation {
    return new ProposerRotation(height, set, new ProposerPriority(set, new Map(priorities)));
  }

  /** The proposer of `round` at this height. */
  proposer(round: number): Address {
    let pick = this.picks.get(round);
    if (pick === undefined) {
      const p = this.copy();
      for (let i = 0; i <= round; i++) pick = p.increment(1);
      this.picks.set(round, pick!);
    }
    return pick!;
  }

  /** P(height + 1) for the validator set `next` of that height. */
  next(next: ValidatorSet): ProposerRotation {
    const p = this.copy();
    p.increment(1);
    const carried = p.snapshot();
    const newcomer = -(next.totalPower + next.totalPower / 8n);
    const initial = new Map(next.validators.map((v) => [v.address, carried.get(v.address) ?? newcomer]));
    return new ProposerRotation(this.height + 1, next, new ProposerPriority(next, initial));
  }

  /** P(height) as (address, priority) pairs sorted by address, for the WAL. */
  snapshot(): Array<readonly [Address, bigint]> {
    return [...this.base.snapshot()];
  }

  private copy(): ProposerPriority {
    return new ProposerPriority(this.set, this.base.snapshot());
  }
}
