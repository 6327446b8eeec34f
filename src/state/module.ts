import type { Abi } from "viem";
import type { Address } from "../crypto/index.js";
import { CmtError } from "../lib/index.js";
import type { KvWrite } from "./accounts.js";
import type { DeadlineQueue } from "./deadlines.js";
import type { GasMeter } from "./gas.js";
import type { GenesisDoc } from "./genesis.js";
import type { ModuleStore } from "./module-store.js";

/** The block a piece of module code runs in. Time is the block's time (ms): never the clock. */
export interface BlockInfo {
  chainId: bigint;
  height: bigint;
  time: bigint;
  /** Consensus facts of this block; absent at genesis and in single-proposer tests. */
  consensus?: BlockConsensusInfo;
}

/** What consensus tells the application about a block (CometBFT's FinalizeBlock request fields). */
export interface BlockConsensusInfo {
  /** Consensus address of this block's proposer. */
  proposer: Address;
  /** The validator set of the previous height and whether each one's precommit is in this block's lastCommit. Empty at height 1. */
  lastCommit: ReadonlyArray<{ validator: Address; power: bigint; signed: boolean }>;
  /** Double-sign evidence in this block, already verified by the node (signatures, set membership, age). */
  evidence: ReadonlyArray<{ validator: Address; height: bigint; time: bigint }>;
}

/** What every module handler gets: its own store, the raw metered state for keepers, gas, events. */
export interface ModuleContext {
  readonly block: BlockInfo;
  readonly store: ModuleStore;
  /** The whole state, metered: pass it to other modules' keepers (bank.send(ctx.kv, ...)). */
  readonly kv: KvWrite;
  readonly gas: GasMeter;
  readonly deadlines: DeadlineQueue;
  /** Emit one of the module's ABI events as an Ethereum log. */
  emit(eventName: string, args: Record<string, unknown>): void;
}

/** A transaction or eth_call into the module. */
export interface CallContext extends ModuleContext {
  readonly sender: Address;
  /** CMT sent with the call; already credited to the module's address. */
  readonly value: bigint;
  readonly self: Address;
}

/** Handler of one ABI function; returns the function's outputs (one value, or an array for several). */
export type CallHandler = (ctx: CallContext, args: readonly unknown[]) => unknown;

/**
 * A system module (DESIGN §7): address, ABI, handlers, genesis, end-block hooks and deadlines.
 * Functions marked view/pure in the ABI are served by `queries`, the others by `calls`.
 */
export interface ModuleDescriptor {
  name: string;
  address: Address;
  abi: Abi;
  calls: Readonly<Record<string, CallHandler>>;
  queries: Readonly<Record<string, CallHandler>>;
  genesis?: {
    /** Problems with this module's section of the genesis (empty when valid). */
    validate(doc: GenesisDoc): string[];
    init(ctx: ModuleContext, doc: GenesisDoc): void;
  };
  /**
   * Runs at the start of every block, before its transactions, in module-name order (so
   * distribution pays the previous block's signers before staking slashes or jails anyone).
   * A throw makes the block invalid.
   */
  beginBlock?(ctx: ModuleContext): void;
  /** Runs at the end of every block, after the deadlines. A throw makes the block invalid. */
  endBlock?(ctx: ModuleContext): void;
  /** Handles one due item of the module's deadline queue; runs in a branch that rolls back on failure. */
  onDeadline?(ctx: ModuleContext, id: Uint8Array, dueTime: bigint): void;
}

/**
 * A module refused a call: `reason` becomes the revert reason (Error(string)) a wallet shows;
 * `code` is stable per module (e.g. VESTING_NOTHING_RELEASABLE).
 */
export class ModuleError extends CmtError {
  constructor(
    code: string,
    readonly reason: string,
    details: Record<string, unknown> = {},
  ) {
    super(code, reason, details);
    this.name = "ModuleError";
  }
}
