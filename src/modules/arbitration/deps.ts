import type { Address } from "../../crypto/index.js";
import type { KvWrite } from "../../state/index.js";
import type { Arbitrable } from "../dispute-port.js";

/** What arbitration needs of the bank (Cosmos's "expected keeper"). */
export interface ArbitrationBank {
  send(kv: KvWrite, from: Address, to: Address, amount: bigint): void;
}

/**
 * The arbitrable modules by name (the `arbitrable` of a `DisputeRequest`). A `Map` the composition
 * root fills after building the arbitrables (they need the arbitrator port first) is enough.
 */
export type ArbitrableLookup = Pick<ReadonlyMap<string, Arbitrable>, "get">;
