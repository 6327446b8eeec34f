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
    /** Absent: no validators from staking (the node keeps `consensus.validators`). */
    staking?: StakingGenesis;
    /** Absent: no issuance and no reward payouts (fees stay in the fee collector). */
    distribution?: DistributionGenesis;
    [name: string]: unknown;
  };
}

/**
 * The genesis fields a node needs once block 0 is committed: everything but the module sections,
 * which can be large (a million balances is ~90 MB of JSON) and are read only to commit block 0.
 */
export type GenesisHead = Omit<GenesisDoc, "modules">;

/** Staking parameters; every field is optional (defaults in src/modules/staking/README.md). */
export interface StakingParamsGenesis {
  /** How long undelegated CMT stays slashable before it is paid out, ms of block time. */
  unbondingTimeMs?: string;
  maxValidators?: number;
  /** Least self-stake to declare, re-activate or unjail a validator (wei). */
  minSelfStake?: string;
  /** Largest share of the total voting power one validator may have, basis points. */
  powerCapBps?: number;
  slashDoubleSignBps?: number;
  slashDowntimeBps?: number;
  /** Blocks of the downtime sliding window. */
  signedBlocksWindow?: number;
  /** Jailed when more than this share of the window is missed, basis points. */
  maxMissedBps?: number;
  /** Jail time after downtime before `unjail` is accepted, ms. */
  downtimeJailMs?: string;
}

/** One validator bonded at genesis: the self-stake is taken from the operator's bank balance. */
export interface GenesisValidator {
  /** The account that controls the validator (edits, commission, self-delegation). */
  operator: Address;
  /** 33-byte compressed secp256k1 consensus key, 0x hex; its Ethereum address signs votes. */
  pubkey: string;
  /** Wei, decimal. */
  selfStake: string;
  commission?: { rateBps: number; maxRateBps: number; maxChangeBps: number };
  description: { name: string; website?: string; location?: string; contact?: string };
}

/** `modules.staking`: parameters and the validators bonded at genesis. */
export interface StakingGenesis {
  params?: StakingParamsGenesis;
  validators: GenesisValidator[];
}

/** `modules.distribution`: issuance parameters. */
export interface DistributionGenesis {
  params?: {
    /** Yearly issuance after the tenth anniversary of genesis, basis points (default 0: governance decides). */
    rateAfterYearTenBps?: number;
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
