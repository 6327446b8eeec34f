// A test double of RpcBackend: an in-memory chain of real blocks (real tx codec, signatures,
// blooms, hashes) with just enough execution for clients to see balances, nonces and logs.
import { decodeFunctionData, encodeAbiParameters, encodeErrorResult, parseAbi } from "viem";
import { type Address, keccak256, recoverAddress } from "../../crypto/index.js";
import { bigintToFixed, fromHex, type Hex, toHex, utf8 } from "../../lib/index.js";
import {
  type Block,
  blockHash,
  blockLogsTxHash,
  compactSignature,
  decodeTx,
  effectiveGasPrice,
  encodeBlock,
  type Log,
  logsBloom,
  merkleRoot,
  type Receipt,
  type SignedTx,
  TxError,
  TxErrorCode,
  ZERO_HASH,
} from "../../types/index.js";
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
} from "../backend.js";

/** A token-like address: `transfer(to, amount)` to it emits an ERC-20 Transfer log. */
export const TOKEN: Address = "0x00000000000000000000000000000000000c0001";
/** Calls to this address revert with Error("not allowed"). */
export const REVERTER: Address = "0x00000000000000000000000000000000000c0002";
/** ABI of the fake token (ERC-20 subset). */
export const TOKEN_ABI = parseAbi([
  "event Transfer(address indexed from, address indexed to, uint256 value)",
  "function transfer(address to, uint256 amount) returns (bool)",
  "function balanceOf(address who) view returns (uint256)",
]);
/** topic0 of Transfer(address,address,uint256). */
export const TRANSFER_TOPIC = toHex(keccak256(utf8("Transfer(address,address,uint256)")));
const GAS_PER_TX = 21_000n;
const GENESIS_TIME_MS = 1_700_000_000_000n;

function word(address: Address): Hex {
  return toHex(bigintToFixed(BigInt(address), 32));
}

/** In-memory RpcBackend over real block types. */
export class FakeBackend implements RpcBackend {
  readonly chainId: bigint;
  readonly clientVersion = "cybermiles/v0.0.0-test";
  readonly blocks: BlockView[] = [];
  readonly pending = new Map<Hex, { tx: SignedTx; sender: Address }>();
  readonly balances = new Map<Address, bigint>();
  readonly nonces = new Map<Address, bigint>();
  /** Sizes of every sendRawTransactions call (batches reach the backend in one call). */
  readonly batchCalls: number[] = [];
  baseFee = 1_000_000_000n;
  /** Blocks of past state kept for queries at an earlier height (the node's default is 128). */
  stateHistory = 0;
  /** Balances and nonces after each block, by height. */
  private readonly snapshots: Array<{ balances: Map<Address, bigint>; nonces: Map<Address, bigint> }> = [];
  private readonly listeners = new Set<(view: BlockView) => void>();
  private readonly pendingListeners = new Set<(txs: readonly PoolTx[]) => void>();
  private readonly txIndex = new Map<Hex, { height: bigint; index: number }>();

  constructor(opts: { chainId: bigint; funded: Address[] }) {
    this.chainId = opts.chainId;
    for (const a of opts.funded) this.balances.set(a, 10n ** 24n);
    this.mine([]);
  }

  /**
   * Commit a block of the given (or all pending) transactions, with `blockLogs` as the events of
   * its begin/end-block, and notify listeners.
   */
  mine(entries?: PoolTx[], blockLogs: Log[] = []): BlockView {
    const list = entries ?? [...this.pending.values()];
    const parent = this.blocks[this.blocks.length - 1];
    const height = BigInt(this.blocks.length);
    let cumulative = 0n;
    const receipts: Receipt[] = list.map(({ tx, sender }) => {
      this.pending.delete(tx.hash);
      cumulative += GAS_PER_TX;
      const price = effectiveGasPrice(tx, this.baseFee);
      this.nonces.set(sender, tx.nonce + 1n);
      this.balances.set(sender, this.balance(sender) - tx.value - GAS_PER_TX * price);
      if (tx.to !== null) this.balances.set(tx.to, this.balance(tx.to) + tx.value);
      const reverted = tx.to === REVERTER;
      return {
        status: reverted ? 0 : 1,
        gasUsed: GAS_PER_TX,
        cumulativeGasUsed: cumulative,
        effectiveGasPrice: price,
        logs: reverted ? [] : this.logsOf(tx, sender),
        output: new Uint8Array(0),
      };
    });
    const allLogs = [...receipts.flatMap((r) => r.logs), ...blockLogs];
    const block: Block = {
      header: {
        chainId: this.chainId,
        height,
        time: GENESIS_TIME_MS + height * 1000n + 500n,
        parentHash: parent?.hash ?? ZERO_HASH,
        proposer: "0x000000000000000000000000000000000000a11c",
        txRoot: toHex(merkleRoot(list.map((e) => e.tx.raw))),
        receiptsRoot: ZERO_HASH,
        stateRoot: toHex(keccak256(utf8(`state ${height}`))),
        validatorsHash: ZERO_HASH,
        lastCommitHash: ZERO_HASH,
        evidenceHash: ZERO_HASH,
        gasLimit: 30_000_000n,
        gasUsed: cumulative,
        baseFeePerGas: this.baseFee,
        logsBloom: logsBloom(allLogs),
      },
      txs: list.map((e) => e.tx.raw),
      lastCommit: new Uint8Array(0),
      evidence: [],
    };
    const view: BlockView = {
      block,
      hash: blockHash(block.header),
      txs: list.map((e) => e.tx),
      senders: list.map((e) => e.sender),
      receipts,
      blockLogs,
      size: encodeBlock(block).length,
    };
    this.blocks.push(view);
    this.snapshots.push({ balances: new Map(this.balances), nonces: new Map(this.nonces) });
    for (const [index, e] of list.entries()) this.txIndex.set(e.tx.hash, { height, index });
    if (blockLogs.length > 0) this.txIndex.set(blockLogsTxHash(view.hash), { height, index: list.length });
    for (const l of this.listeners) l(view);
    return view;
  }

  private logsOf(tx: SignedTx, sender: Address): Log[] {
    if (tx.to !== TOKEN) return [];
    const { args } = decodeFunctionData({ abi: TOKEN_ABI, data: toHex(tx.data) });
    const [to, amount] = args as readonly [Address, bigint];
    return [
      {
        address: TOKEN,
        topics: [TRANSFER_TOPIC, word(sender), word(to.toLowerCase() as Address)],
        data: fromHex(encodeAbiParameters([{ type: "uint256" }], [amount])),
      },
    ];
  }

  headHeight(): bigint {
    return BigInt(this.blocks.length - 1);
  }
  blockByHeight(height: bigint): BlockView | null {
    return height < 0n ? null : (this.blocks[Number(height)] ?? null);
  }
  blockByHash(hash: Hex): BlockView | null {
    return this.blocks.find((b) => b.hash === hash.toLowerCase()) ?? null;
  }
  txLocation(hash: Hex) {
    return this.txIndex.get(hash.toLowerCase() as Hex) ?? null;
  }
  pendingTx(hash: Hex) {
    return this.pending.get(hash.toLowerCase() as Hex) ?? null;
  }
  /** Pooled transactions: pending while their nonces run on from the account's, queued after a gap. */
  txpool(from?: Address): {
    pending: PoolTx[];
    queued: PoolTx[];
  } {
    const all = [...this.pending.values()]
      .filter((p) => from === undefined || p.sender === from.toLowerCase())
      .sort((a, b) => (a.sender !== b.sender ? (a.sender < b.sender ? -1 : 1) : a.tx.nonce < b.tx.nonce ? -1 : 1));
    const out = {
      pending: [] as PoolTx[],
      queued: [] as PoolTx[],
    };
    const next = new Map<Address, bigint>();
    for (const p of all) {
      const expected = next.get(p.sender) ?? this.nonce(p.sender);
      if (p.tx.nonce === expected) {
        out.pending.push(p);
        next.set(p.sender, expected + 1n);
      } else {
        out.queued.push(p);
        next.set(p.sender, -1n);
      }
    }
    return out;
  }
  txpoolStatus(): { pending: number; queued: number } {
    const { pending, queued } = this.txpool();
    return { pending: pending.length, queued: queued.length };
  }
  oldestStateHeight(): bigint {
    const head = this.headHeight();
    return head > BigInt(this.stateHistory) ? head - BigInt(this.stateHistory) : 0n;
  }
  /** The balances and nonces after block `height` (default: the head). */
  private stateAt(height?: bigint) {
    if (height === undefined) return this;
    if (height < this.oldestStateHeight()) throw new Error(`state of ${height} not kept`);
    return this.snapshots[Number(height)] as { balances: Map<Address, bigint>; nonces: Map<Address, bigint> };
  }
  balance(address: Address, height?: bigint): bigint {
    return this.stateAt(height).balances.get(address) ?? 0n;
  }
  nonce(address: Address, height?: bigint): bigint {
    return this.stateAt(height).nonces.get(address) ?? 0n;
  }
  pendingNonce(address: Address): bigint {
    let n = this.nonce(address);
    for (const p of this.pending.values()) if (p.sender === address && p.tx.nonce >= n) n = p.tx.nonce + 1n;
    return n;
  }
  code(address: Address): Uint8Array {
    return address === TOKEN || address === REVERTER ? Uint8Array.of(0xfe) : new Uint8Array(0);
  }
  /** The state override of the last call or estimate (what the RPC parsed). */
  lastOverrides: StateOverrides | undefined;
  call(req: CallRequest, _height?: bigint, overrides?: StateOverrides): CallResult {
    this.lastOverrides = overrides;
    if (req.to === REVERTER) {
      const output = fromHex(
        encodeErrorResult({ abi: parseAbi(["error Error(string)"]), errorName: "Error", args: ["not allowed"] }),
      );
      return { status: 0, gasUsed: GAS_PER_TX, output, revertReason: "not allowed", logs: [] };
    }
    return {
      status: 1,
      gasUsed: GAS_PER_TX,
      output: fromHex(encodeAbiParameters([{ type: "uint256" }], [42n])),
      revertReason: null,
      logs: [],
    };
  }
  estimateGas(req: CallRequest, height?: bigint, overrides?: StateOverrides): bigint {
    const out = this.call(req, height, overrides);
    if (out.status === 0) throw new ExecutionRevertedError(out.output, out.revertReason);
    return out.gasUsed;
  }
  private admit(raw: Uint8Array): Hex {
    const tx = decodeTx(raw);
    if (tx.chainId !== this.chainId) throw new TxError(TxErrorCode.ChainId, "invalid chain id for signer");
    const sender = recoverAddress(tx.signingHash, compactSignature(tx), tx.recid);
    if (sender === null) throw new TxError(TxErrorCode.InvalidSender, "invalid sender");
    if (this.pending.has(tx.hash) || this.txIndex.has(tx.hash))
      throw new TxError(TxErrorCode.AlreadyKnown, "already known");
    if (tx.nonce < this.nonce(sender)) throw new TxError(TxErrorCode.NonceTooLow, "nonce too low");
    if (this.balance(sender) < tx.gasLimit * tx.maxFeePerGas + tx.value) {
      throw new TxError(TxErrorCode.InsufficientFunds, "insufficient funds for gas * price + value");
    }
    this.pending.set(tx.hash, { tx, sender });
    return tx.hash;
  }
  /** Tell the pending listeners about the admitted ones among `hashes`, in one call. */
  private announce(hashes: ReadonlyArray<Hex | Error>): void {
    const txs = hashes.flatMap((h) => (h instanceof Error ? [] : [this.pending.get(h) as PoolTx]));
    if (txs.length > 0) for (const l of this.pendingListeners) l(txs);
  }
  async sendRawTransaction(raw: Uint8Array): Promise<Hex> {
    const hash = this.admit(raw);
    this.announce([hash]);
    return hash;
  }
  async sendRawTransactions(raws: Uint8Array[]): Promise<Array<Hex | Error>> {
    this.batchCalls.push(raws.length);
    const hashes = raws.map((raw) => {
      try {
        return this.admit(raw);
      } catch (err) {
        return err as Error;
      }
    });
    this.announce(hashes);
    return hashes;
  }
  gasPrice(): bigint {
    return this.baseFee + 1n;
  }
  maxPriorityFeePerGas(): bigint {
    return 1n;
  }
  minGasPrice(): bigint {
    return this.baseFee;
  }
  status(): NodeStatus {
    const head = this.blocks[this.blocks.length - 1] as BlockView;
    return {
      chainId: this.chainId,
      height: this.headHeight(),
      blockHash: head.hash,
      stateRoot: head.block.header.stateRoot,
      blockTime: head.block.header.time,
      validators: [{ address: head.block.header.proposer, power: 10n }],
      mempool: { pending: this.pending.size, queued: 0 },
      version: "0.0.0-test",
    };
  }
  vesting(address: Address): VestingView | null {
    if (address !== TOKEN) return null;
    return {
      beneficiary: address,
      label: "team",
      total: 100n,
      vested: 10n,
      released: 0n,
      releasable: 10n,
      start: 0n,
      nextReleaseTime: null,
    };
  }
  onBlock(listener: (view: BlockView) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  onPendingTxs(listener: (txs: readonly PoolTx[]) => void): () => void {
    this.pendingListeners.add(listener);
    return () => this.pendingListeners.delete(listener);
  }
}
