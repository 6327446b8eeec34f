// The system modules the CLI has commands for: `cybermiles <module> <function> [args...]`. Each
// ABI is imported only when its command runs. Adding a module is one line here.
import type { Abi } from "viem";
import type { Address } from "../../crypto/index.js";
import { ModuleAddress } from "../../types/module-addresses.js";

/** A module command: its name (also the `ModuleAddress` key), a one-line summary and its ABI. */
export interface ModuleEntry {
  name: keyof typeof ModuleAddress;
  summary: string;
  abi: () => Promise<Abi>;
}

/** Every module command, by name. */
export const MODULE_COMMANDS: Record<string, ModuleEntry> = {
  bank: {
    name: "bank",
    summary: "CMT ledger: balances, supply, transfers",
    abi: async () => (await import("../../modules/bank/abi.js")).bankAbi,
  },
  vesting: {
    name: "vesting",
    summary: "genesis vesting schedules and releases",
    abi: async () => (await import("../../modules/vesting/abi.js")).vestingAbi,
  },
  escrow: {
    name: "escrow",
    summary: "two-party escrow with equal deposits",
    abi: async () => (await import("../../modules/escrow/abi.js")).escrowAbi,
  },
  arbitration: {
    name: "arbitration",
    summary: "arbiters, bids, evidence and rulings",
    abi: async () => (await import("../../modules/arbitration/abi.js")).arbitrationAbi,
  },
  market: {
    name: "market",
    summary: "listings, orders and ratings",
    abi: async () => (await import("../../modules/market/abi.js")).marketAbi,
  },
  staking: {
    name: "staking",
    summary: "validators, delegation, unbonding, slashing",
    abi: async () => (await import("../../modules/staking/abi.js")).stakingAbi,
  },
  distribution: {
    name: "distribution",
    summary: "issuance and validator and delegator rewards",
    abi: async () => (await import("../../modules/distribution/abi.js")).distributionAbi,
  },
};

/** The address of a module command's module. */
export function moduleAddress(entry: ModuleEntry): Address {
  return ModuleAddress[entry.name];
}
