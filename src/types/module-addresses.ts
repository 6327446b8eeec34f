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
  /** Holds escrowed payments and deposits (src/modules/escrow). */
  escrow: "0x0000000000000000000000000000000000001011",
  /** Collects transaction fees until the distribution module pays them out. */
  feeCollector: "0x00000000000000000000000000000000000010fe",
} as const satisfies Record<string, Address>;
