import type { Address } from "../crypto/index.js";
import { CmtError, type Logger } from "../lib/index.js";
import type { StateReader } from "../store/index.js";
import {
  BLOOM_BYTES,
  bloomOr,
  intrinsicGas,
  type Log,
  logsBloom,
  type Receipt,
  type SignedTx,
  TxError,
  TxErrorCode,
} from "../types/index.js";
import { getAccount } from "./accounts.js";
import { applyTx, type CallOutcome, type ExecEnv, runMessage } from "./execute.js";
import { unmetered } from "./gas.js";
import type { GenesisDoc } from "./genesis.js";
import { validateGenesis } from "./genesis-build.js";
import type { BlockInfo, ModuleDescriptor } from "./module.js";
import { ModuleRegistry, moduleContext } from "./runtime.js";
import { StateDB, type StateSpill } from "./statedb.js";

/**
 * Changed keys per genesis chunk (one LMDB transaction each). Small enough that a chunk's pending
 * writes die in V8's young generation: with 5,000 or more they were promoted, and the old
 * generation grew to ~4× the parsed genesis before a full collection (1 M accounts: ~0.9 GB
 * peak with 5,000 per chunk, 0.65 GB with 1,000; issue #5). 1,000 transactions for 1 M
 * accounts take no longer than 20 large ones.
 */
export const GENESIS_CHUNK_KEYS = 1_000;

/** How many candidates a build executes between two asks of its `stop` predicate. */
const STOP_CHECK_EVERY = 64;

/** Chain parameters the state machine runs with. */
export interface StateMachineOptions {
  chainId: bigint;
  blockGasLimit: bigint;
  /** Minimum gas price, which is also the (constant) EIP-1559 base fee. */
  minGasPrice: bigint;
  feeCollector: Address;
}

/** The outcome of executing a block's transactions and end-block hooks. */
export interface ExecutedBlock {
  /** Transactions in the block (in build mode, the candidates that could run). */
  txs: Array<{ tx: SignedTx; sender: Address }>;
  receipts: Receipt[];
  /** Candidates left out while building, with the reason. */
  dropped: Array<{ tx: SignedTx; sender: Address; error: TxError }>;
  gasUsed: bigint;
  /** Over the receipts' logs and the block logs. */
  logsBloom: Uint8Array;
  /**
   * Block logs: the events of begin-block, deadline items and end-block (no transaction emitted
   * them), in the order they ran; a deadline item that failed leaves none.
   */
  blockLogs: Log[];
  /** Net state changes, sorted by key. */
  changes: Array<[Uint8Array, Uint8Array | null]>;
}

/** A block or genesis that must not be committed. */
export class InvalidBlockError extends CmtError<"INVALID_BLOCK" | "INVALID_GENESIS"> {}

/**
 * The deterministic application (DESIGN §2): genesis, block execution and read-only calls over
 * committed state. It never reads the clock or the network; block time comes in `BlockInfo`.
 */
export class StateMachine {
  readonly modules: ModuleRegistry;

  constructor(
    readonly options: StateMachineOptions,
    private readonly deps: { store: StateReader; modules: readonly ModuleDescriptor[]; log: Logger },
  ) {
    this.modules = new ModuleRegistry(deps.modules);
  }

  private env(block: BlockInfo): ExecEnv {
    return { block, baseFee: this.options.minGasPrice, feeCollector: this.options.feeCollector, modules: this.modules };
  }

  /**
   * Validate the genesis document and write the initial state through `write`, in chunks of at
   * most `chunkKeys` changed keys, each sorted by key (nothing is written when the document
   * is invalid). `write` must make a chunk readable from the store before it returns: module
   * inits read what earlier ones wrote.
   */
  initChain(doc: GenesisDoc, block: BlockInfo, write: StateSpill["write"], chunkKeys = GENESIS_CHUNK_KEYS): void {
    // The whole document first (shape, 1 B supply composition), then each module's own section.
    const whole = validateGenesis(doc);
    const problems = whole.length > 0 ? whole : this.modules.list.flatMap((m) => m.genesis?.validate(doc) ?? []);
    if (problems.length > 0)
      throw new InvalidBlockError("INVALID_GENESIS", `invalid genesis: ${problems.join("; ")}`, { problems });
    const state = new StateDB(this.deps.store, { every: chunkKeys, write });
    for (const m of this.modules.list) {
      m.genesis?.init(moduleContext(this.modules.abiOf(m), state, unmetered(), block, []), doc);
    }
    state.flush();
  }

  /**
   * Execute transactions then end-block work. `build`: candidates that cannot run (nonce, funds,
   * block gas) are dropped; `verify`: any such transaction makes the block invalid.
   */
  executeBlock(
    block: BlockInfo,
    candidates: ReadonlyArray<{ tx: SignedTx; sender: Address }>,
    mode: "build" | "verify",
    /**
     * Build mode: asked every few transactions whether the proposer wants to stop here (its time
     * budget; the machine itself reads no clock). The candidates after the stop are simply not
     * in the block. Verify mode never stops.
     */
    stop?: () => boolean,
  ): ExecutedBlock {
    const state = new StateDB(this.deps.store);
    const env = this.env(block);
    const out: ExecutedBlock = {
      txs: [],
      receipts: [],
      dropped: [],
      gasUsed: 0n,
      logsBloom: new Uint8Array(BLOOM_BYTES),
      blockLogs: [],
      changes: [],
    };
    this.beginBlock(state, block, out.blockLogs);
    let i = 0;
    for (const c of candidates) {
      if (mode === "build" && stop !== undefined && i++ % STOP_CHECK_EVERY === 0 && i > 1 && stop()) break;
      try {
        if (out.gasUsed + c.tx.gasLimit > this.options.blockGasLimit) {
          throw new TxError(TxErrorCode.GasLimit, "exceeds block gas limit");
        }
        const receipt = applyTx(env, state, c.tx, c.sender, out.gasUsed);
        out.txs.push(c);
        out.receipts.push(receipt);
        out.gasUsed = receipt.cumulativeGasUsed;
        if (receipt.logs.length > 0) bloomOr(out.logsBloom, logsBloom(receipt.logs));
      } catch (err) {
        if (!(err instanceof TxError)) throw err;
        if (mode === "verify") throw new InvalidBlockError("INVALID_BLOCK", `tx ${c.tx.hash}: ${err.message}`);
        out.dropped.push({ ...c, error: err });
      }
    }
    this.endBlock(state, block, out.blockLogs);
    if (out.blockLogs.length > 0) bloomOr(out.logsBloom, logsBloom(out.blockLogs));
    out.changes = state.changes();
    return out;
  }

  /** Begin-block hooks of every module, in module-name order, before the block's transactions. */
  private beginBlock(state: StateDB, block: BlockInfo, logs: Log[]): void {
    for (const m of this.modules.list) {
      m.beginBlock?.(moduleContext(this.modules.abiOf(m), state, unmetered(), block, logs));
    }
  }

  /** Deadlines then end-block hooks of every module, in module-name order. */
  private endBlock(state: StateDB, block: BlockInfo, logs: Log[]): void {
    for (const m of this.modules.list) {
      const abi = this.modules.abiOf(m);
      if (m.onDeadline) {
        const ctx = moduleContext(abi, state, unmetered(), block, logs);
        for (const item of ctx.deadlines.due(block.time)) {
          const snap = state.snapshot();
          const logged = logs.length;
          try {
            m.onDeadline(ctx, item.id, item.time);
          } catch (err) {
            // A failing item rolls back alone, its events with it; the chain goes on (DESIGN §7).
            state.revert(snap);
            logs.length = logged;
            this.deps.log.warn({ module: m.name, err: (err as Error).message }, "deadline item failed");
          }
          ctx.deadlines.cancel(item.time, item.id);
        }
      }
      m.endBlock?.(moduleContext(abi, state, unmetered(), block, logs));
    }
  }

  /**
   * eth_call: run a message on a throw-away copy of the committed state, or of `at` (the state
   * after an earlier block, `block` describing that block).
   */
  call(
    block: BlockInfo,
    req: { from: Address; to: Address | null; value: bigint; data: Uint8Array; gas: bigint | null },
    at: StateReader = this.deps.store,
  ): CallOutcome & { gasUsed: bigint } {
    const state = new StateDB(at);
    if (getAccount(state, req.from).balance < req.value) {
      throw new TxError(TxErrorCode.InsufficientFunds, "insufficient funds for gas * price + value");
    }
    const limit = req.gas ?? this.options.blockGasLimit;
    const intrinsic = intrinsicGas({ data: req.data, accessList: [] });
    if (limit < intrinsic) throw new TxError(TxErrorCode.IntrinsicGas, "intrinsic gas too low");
    const out = runMessage(this.env(block), state, { ...req, gasLimit: limit - intrinsic });
    return { ...out, gasUsed: intrinsic + out.gasUsed };
  }
}
