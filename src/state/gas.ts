import { CmtError } from "../lib/index.js";

/**
 * Gas schedule of module execution. Numbers follow Ethereum's so that estimates look familiar
 * to wallet users: a cold SLOAD (EIP-2929), SSTORE set/reset (EIP-2200), LOG costs, CALL value.
 */
export const GasCost = {
  storeRead: 2_100n,
  storeReadPerByte: 3n,
  storeCreate: 20_000n,
  storeUpdate: 5_000n,
  storeWritePerByte: 16n,
  storeDelete: 5_000n,
  logBase: 375n,
  logTopic: 375n,
  logDataByte: 8n,
  /** A CMT movement made by a module (Ethereum's CALL value transfer). */
  valueTransfer: 9_000n,
  /** Iterating one entry of a range. */
  rangeEntry: 200n,
} as const;

/** Execution ran out of gas. */
export class OutOfGasError extends CmtError<"OUT_OF_GAS"> {
  constructor() {
    super("OUT_OF_GAS", "out of gas");
  }
}

/** Counts gas against a limit; throws OutOfGasError when it would pass it. */
export class GasMeter {
  private usedGas = 0n;

  constructor(readonly limit: bigint) {}

  get used(): bigint {
    return this.usedGas;
  }

  consume(amount: bigint): void {
    const next = this.usedGas + amount;
    if (next > this.limit) {
      this.usedGas = this.limit;
      throw new OutOfGasError();
    }
    this.usedGas = next;
  }
}

/** A meter for end-block work and genesis, which no transaction pays for. */
export function unmetered(): GasMeter {
  return new GasMeter(1n << 62n);
}
