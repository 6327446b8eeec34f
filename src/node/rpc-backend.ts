import { type Address, ZERO_ADDRESS } from "../crypto/index.js";
import { concatBytes, type Hex, toHex, utf8, VERSION } from "../lib/index.js";
import { nextReleaseTime, readSchedule, vestedAmount } from "../modules/index.js";
import {
  type BlockView,
  type CallRequest,
  type CallResult,
  ExecutionRevertedError,
  type NodeStatus,
  type PoolTx,
  type RpcBackend,
  type StateOverrides,
  type VestingView,
} from "../rpc/backend.js";
import {
  decodeRevert,
  getAccount,
  MeteredKv,
  ModuleStore,
  StateDB,
  type StateMachine,
  unmetered,
} from "../state/index.js";
import type { ChainStore, StateReader } from "../store/index.js";
import { TxError } from "../types/index.js";
import type { Chain } from "./chain.js";
import type { NodeMempool } from "./mempool-port.js";
import { withOverrides } from "./state-overrides.js";

/** What `eth_getCode` shows at a module address: INVALID (0xfe) then the module's name, so tools treat it as a contract. */
function moduleCode(name: string): Uint8Array {
  return concatBytes(Uint8Array.of(0xfe), utf8(`cybermiles:module:${name}`));
}

/** The node's answers to JSON-RPC: committed chain, state at the head, and the mempool. */
export class NodeRpcBackend implements RpcBackend {
  readonly chainId: bigint;
  readonly clientVersion = `cybermiles/v${VERSION}/node-${process.version}`;

  constructor(
    private readonly options: { chainId: bigint; blockGasLimit: bigint; minGasPrice: bigint },
    private readonly deps: {
      chain: Chain;
      store: ChainStore;
      machine: StateMachine;
      mempool: NodeMempool;
      listeners: Array<(v: BlockView) => void>;
    },
  ) {
    this.chainId = options.chainId;
  }

  headHeight(): bigint {
    return this.deps.chain.head().height;
  }

  blockByHeight(height: bigint): BlockView | null {
    return this.deps.chain.blockView(height);
  }

  blockByHash(hash: Hex): BlockView | null {
    const h = this.deps.store.heightByHash(hash.toLowerCase() as Hex);
    return h === null ? null : this.deps.chain.blockView(h);
  }

  txLocation(hash: Hex) {
    return this.deps.store.txLocation(hash.toLowerCase() as Hex);
  }

  pendingTx(hash: Hex) {
    const p = this.deps.mempool.get(hash.toLowerCase() as Hex);
    return p ? { tx: p.tx, sender: p.sender } : null;
  }

  oldestStateHeight(): bigint {
    return this.deps.store.oldestState();
  }

  /** The state after block `height` (default: the head) and that block's number and time. */
  private stateAt(height?: bigint): { state: StateReader; block: { chainId: bigint; height: bigint; time: bigint } } {
    const head = this.deps.chain.head();
    if (height === undefined || height === head.height) {
      return { state: this.deps.store, block: { chainId: this.chainId, height: head.height, time: head.time } };
    }
    const state = this.deps.store.stateAt(height);
    // The chain's cache of recent block views: no decoding of a whole block for its time.
    const header = this.deps.chain.blockView(height)?.block.header;
    // The RPC checks the height against oldestStateHeight() first.
    if (state === null || !header) throw new Error(`the state of block ${height} is not kept`);
    return { state, block: { chainId: this.chainId, height, time: header.time } };
  }

  txpool(from?: Address): { pending: PoolTx[]; queued: PoolTx[] } {
    return this.deps.mempool.content(from?.toLowerCase() as Address | undefined);
  }

  txpoolStatus(): { pending: number; queued: number } {
    const { pending, queued } = this.deps.mempool.stats();
    return { pending, queued };
  }

  balance(address: Address, height?: bigint): bigint {
    return getAccount(this.stateAt(height).state, address).balance;
  }

  nonce(address: Address, height?: bigint): bigint {
    return getAccount(this.stateAt(height).state, address).nonce;
  }

  pendingNonce(address: Address): bigint {
    return this.deps.mempool.pendingNonce(address);
  }

  code(address: Address): Uint8Array {
    const m = this.deps.machine.modules.at(address.toLowerCase() as Address);
    return m ? moduleCode(m.module.name) : new Uint8Array(0);
  }

  call(req: CallRequest, height?: bigint, overrides?: StateOverrides): CallResult {
    const { state, block } = this.stateAt(height);
    const out = this.deps.machine.call(
      block,
      { from: req.from ?? ZERO_ADDRESS, to: req.to, value: req.value, data: req.data, gas: req.gas },
      overrides && overrides.size > 0 ? withOverrides(state, overrides) : state,
    );
    return { ...out, revertReason: out.status === 0 ? decodeRevert(out.output) : null };
  }

  estimateGas(req: CallRequest, height?: bigint, overrides?: StateOverrides): bigint {
    // Module gas is metered deterministically (no 63/64 rule), so the gas used at the block gas
    // limit is exactly what the transaction needs.
    const out = this.call({ ...req, gas: req.gas ?? this.options.blockGasLimit }, height, overrides);
    if (out.status === 0) throw new ExecutionRevertedError(out.output, out.revertReason);
    return out.gasUsed;
  }

  async sendRawTransaction(raw: Uint8Array): Promise<Hex> {
    return (await this.deps.mempool.add(raw)).tx.hash;
  }

  async sendRawTransactions(raws: Uint8Array[]): Promise<Array<Hex | Error>> {
    const results = await this.deps.mempool.addMany(raws);
    return results.map((r) => (r instanceof TxError ? r : r.tx.hash));
  }

  gasPrice(): bigint {
    return this.options.minGasPrice;
  }

  maxPriorityFeePerGas(): bigint {
    return 0n;
  }

  minGasPrice(): bigint {
    return this.options.minGasPrice;
  }

  status(): NodeStatus {
    const head = this.deps.chain.head();
    const stats = this.deps.mempool.stats();
    const block = this.deps.store.blockByHeight(head.height);
    return {
      chainId: this.chainId,
      height: head.height,
      blockHash: head.hash,
      stateRoot: block?.header.stateRoot ?? toHex(this.deps.store.stateTree.root),
      blockTime: head.time,
      validators: [...this.deps.chain.validatorSet()],
      mempool: { pending: stats.pending, queued: stats.queued },
      version: VERSION,
    };
  }

  vesting(address: Address): VestingView | null {
    const store = new ModuleStore(new MeteredKv(new StateDB(this.deps.store), unmetered()), "vesting");
    const s = readSchedule(store, address.toLowerCase() as Address);
    if (!s) return null;
    const time = this.deps.chain.head().time;
    const vested = vestedAmount(s.total, s.start, time);
    return {
      beneficiary: s.beneficiary,
      label: s.label,
      total: s.total,
      vested,
      released: s.released,
      releasable: vested - s.released,
      start: s.start,
      nextReleaseTime: nextReleaseTime(s.start, time),
    };
  }

  onBlock(listener: (view: BlockView) => void): () => void {
    this.deps.listeners.push(listener);
    return () => {
      const i = this.deps.listeners.indexOf(listener);
      if (i >= 0) this.deps.listeners.splice(i, 1);
    };
  }

  onPendingTxs(listener: (txs: readonly PoolTx[]) => void): () => void {
    return this.deps.mempool.onAdmitted?.(listener) ?? (() => {});
  }
}
