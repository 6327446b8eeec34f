import type { Address } from "../crypto/index.js";

/**
 * Fixed addresses of the system modules and module-owned accounts. They sit in a reserved low
 * range (above Ethereum's precompiles) that no private key can control, so funds held at them
 * move only by module rules. Never renumber: they are part of the protocol.
 */
export const ModuleAddress = {
  bank: "0x0000000000000000000000000000000000001001",
  vesting: "0x0000000000000000000000000000000000001002",
  /** The 100 M CMT reserve, spent only by governance (white paper §7). */
  reserve: "0x0000000000000000000000000000000000001003",
  /** Bonded and unbonding stake (src/modules/staking). */
  staking: "0x0000000000000000000000000000000000001004",
  /** Minted issuance and fees owed to validators and delegators (src/modules/distribution). */
  distribution: "0x0000000000000000000000000000000000001005",
  /** Marketplace listings, orders and ratings (src/modules/market). */
  market: "0x0000000000000000000000000000000000001010",
  /** Holds escrowed payments and deposits (src/modules/escrow). */
  escrow: "0x0000000000000000000000000000000000001011",
  /** Arbiter registry, bonds and dispute cases (src/modules/arbitration). */
  arbitration: "0x0000000000000000000000000000000000001012",
  /** Collects transaction fees until the distribution module pays them out. */
  feeCollector: "0x00000000000000000000000000000000000010fe",
} as const satisfies Record<string, Address>;
