import type { Address, Validator } from "./types.js";
import type { ValidatorSet } from "./validator-set.js";

/** CometBFT's PriorityWindowSizeFactor: priorities are kept within 2 × total power of each other. */
const PRIORITY_WINDOW_FACTOR = 2n;

/**
 * Proposer rotation weighted by voting power, CometBFT's proposer-priority algorithm: each step
 * adds every validator's power to its priority, picks the highest (ties: the smaller address) and
 * subtracts the total power from it. Over many steps each validator proposes in proportion to power.
 */
export class ProposerPriority {
  private readonly validators: readonly Validator[];
  private readonly total: bigint;
  private readonly priorities: bigint[];

  /** Start from `initial` priorities (by address; missing ones start at 0). */
  constructor(set: ValidatorSet, initial?: ReadonlyMap<Address, bigint>) {
    this.validators = set.validators;
    this.total = set.totalPower;
    this.priorities = set.validators.map((v) => initial?.get(v.address) ?? 0n);
  }

  /** IncrementProposerPriority(times): rescale, centre, then `times` steps; returns the last proposer. */
  increment(times: number): Address {
    if (times < 1) throw new Error("times must be at least 1");
    this.rescale(PRIORITY_WINDOW_FACTOR * this.total);
    this.shiftByAverage();
    let proposer = "";
    for (let i = 0; i < times; i++) proposer = this.incrementOnce();
    return proposer;
  }

  /** The current priorities, by validator address (for tests and debugging). */
  snapshot(): Map<Address, bigint> {
    return new Map(this.validators.map((v, i) => [v.address, this.priorities[i]!]));
  }

  private incrementOnce(): Address {
    let best = 0;
    for (let i = 0; i < this.validators.length; i++) {
      this.priorities[i] = this.priorities[i]! + this.validators[i]!.power;
    }
    // Validators are sorted by address, so a strict > keeps the smaller address on a tie.
    for (let i = 1; i < this.validators.length; i++) {
      if (this.priorities[i]! > this.priorities[best]!) best = i;
    }
    this.priorities[best] = this.priorities[best]! - this.total;
    return this.validators[best]!.address;
  }

  private rescale(diffMax: bigint): void {
    let min = this.priorities[0]!;
    let max = min;
    for (const p of this.priorities) {
      if (p < min) min = p;
      if (p > max) max = p;
    }
    const diff = max - min;
    if (diff <= diffMax) return;
    const ratio = (diff + diffMax - 1n) / diffMax;
    for (let i = 0; i < this.priorities.length; i++) this.priorities[i] = this.priorities[i]! / ratio;
  }

  private shiftByAverage(): void {
    let sum = 0n;
    for (const p of this.priorities) sum += p;
    const avg = sum / BigInt(this.priorities.length);
    for (let i = 0; i < this.priorities.length; i++) this.priorities[i] = this.priorities[i]! - avg;
  }
}

/**
 * proposer(h, r) for a fixed set: CometBFT increments once at genesis, once per committed height and
 * r more times in round r, so it is step (h - 1) + r of one sequence. Cached, so lookups are cheap.
 */
export class ProposerSchedule {
  private readonly priority: ProposerPriority;
  private readonly sequence: Address[] = [];

  constructor(set: ValidatorSet) {
    this.priority = new ProposerPriority(set);
  }

  /** The proposer of `round` at `height` (heights start at 1). */
  proposer(height: number, round: number): Address {
    const index = height - 1 + round;
    while (this.sequence.length <= index) this.sequence.push(this.priority.increment(1));
    return this.sequence[index]!;
  }
}
