import type { Address, Validator } from "./types.js";

/** A fixed validator set, sorted by address, with the quorum thresholds by voting power. */
export class ValidatorSet {
  readonly validators: readonly Validator[];
  readonly totalPower: bigint;
  private readonly powers: Map<Address, bigint>;

  constructor(validators: readonly Validator[]) {
    if (validators.length === 0) throw new Error("validator set is empty");
    const sorted = [...validators].sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
    this.powers = new Map();
    let total = 0n;
    for (const v of sorted) {
      if (v.power <= 0n) throw new Error(`validator ${v.address} has non-positive power`);
      if (this.powers.has(v.address)) throw new Error(`duplicate validator ${v.address}`);
      this.powers.set(v.address, v.power);
      total += v.power;
    }
    this.validators = sorted;
    this.totalPower = total;
  }

  /** The voting power of `address`, 0 when it is not a validator. */
  powerOf(address: Address): bigint {
    return this.powers.get(address) ?? 0n;
  }

  /** 2f+1: more than 2/3 of the total voting power. */
  isQuorum(power: bigint): boolean {
    return power * 3n > this.totalPower * 2n;
  }

  /** f+1: more than 1/3 of the total voting power (at least one honest validator among them). */
  isOneThird(power: bigint): boolean {
    return power * 3n > this.totalPower;
  }
}
