import type { Address } from "../crypto/index.js";

/**
 * The genesis document (`genesis.json` in a node home). All amounts are wei as decimal strings
 * (JSON has no bigint); times are milliseconds since the Unix epoch as decimal strings.
 */
export interface GenesisDoc {
  chainId: string;
  /** Block time of height 0; vesting schedules count quarters from it. */
  genesisTime: string;
  consensus: {
    /** Gas limit of every block. */
    blockGasLimit: string;
    /** The validator set at height 1 (only a single proposer before BFT consensus). */
    validators: Array<{ address: Address; power: string; name?: string }>;
  };
  /** Chain parameters (changeable by governance later). */
  params: {
    /** Lowest accepted gas price; also the block base fee (wei). */
    minGasPrice: string;
  };
  /** Per-module genesis sections, keyed by module name; each module validates its own. */
  modules: {
    bank: BankGenesis;
    vesting: VestingGenesis;
    [name: string]: unknown;
  };
}

/** Initial balances. Module accounts (vesting holdings, reserve) appear here like any account. */
export interface BankGenesis {
  balances: Array<{ address: Address; amount: string }>;
}

/** Vesting schedules: `total` released 10 % per quarter over 10 quarters from `start`. */
export interface VestingGenesis {
  schedules: Array<{
    beneficiary: Address;
    /** e.g. "team-and-partners", "5miles". */
    label: string;
    total: string;
    /** Start time in ms (normally the genesis time). */
    start: string;
  }>;
}
