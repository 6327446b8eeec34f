import { type Address, keccak256 } from "../crypto/index.js";
import { CmtError, fromHex, type Hex, type Logger, toHex } from "../lib/index.js";
import type { BlockView } from "../rpc/backend.js";
import {
  type ExecutedBlock,
  type GenesisDoc,
  type GenesisHead,
  InvalidBlockError,
  type StateMachine,
} from "../state/index.js";
import type { BlockCommit, ChainStore } from "../store/index.js";
import type { TreeUpdate } from "../store/tree/interface.js";
import {
  BLOOM_BYTES,
  type Block,
  type BlockHeader,
  blockHash,
  decodeTx,
  encodeBlockLogsLeaf,
  encodeReceipt,
  evidenceHash,
  lastCommitHash,
  merkleRoot,
  rlpEncode,
  type SignedTx,
  ZERO_HASH,
} from "../types/index.js";

/** Hash of a validator set: keccak256(rlp([[address, power], ...])). */
export function validatorsHash(validators: ReadonlyArray<{ address: Address; power: bigint }>): Hex {
  return toHex(keccak256(rlpEncode(validators.map((v) => [fromHex(v.address), v.power]))));
}

/**
 * Consensus facts handed to the state machine with a block (BlockInfo.consensus): the proposer,
 * who signed the previous height's commit, and verified evidence. Same shape as the state layer's
 * BlockConsensusInfo.
 */
export interface BlockConsensusFacts {
  proposer: Address;
  lastCommit: ReadonlyArray<{ validator: Address; power: bigint; signed: boolean }>;
  evidence: ReadonlyArray<{ validator: Address; height: bigint; time: bigint }>;
}

/** What a proposer puts in its block besides transactions. */
export interface BlockPlan {
  time: bigint;
  proposer: Address;
  /** The previous height's commit certificate, encoded (empty at height 1 / single proposer). */
  lastCommit: Uint8Array;
  /** Encoded evidence items. */
  evidence: Uint8Array[];
  consensus?: BlockConsensusFacts;
}

/** A block executed on top of the head, not yet committed. */
export interface PreparedBlock {
  block: Block;
  hash: Hex;
  exec: ExecutedBlock;
  treeUpdate: TreeUpdate;
  /** Each receipt's RLP (the receipts root's leaves), stored as they are at commit. */
  encodedReceipts: Uint8Array[];
  /** Each transaction's hash as bytes (the tx root's leaves and the tx index's keys). */
  txHashes: Uint8Array[];
}

function consensusField(c: BlockConsensusFacts | undefined): { consensus?: BlockConsensusFacts } {
  return c ? { consensus: c } : {};
}

/** How many rendered blocks `Chain` keeps for the RPC (the recent ones clients poll). */
const RECENT_VIEWS = 32;

/** The chain's head does not match its state (the store is corrupt or from another genesis). */
export class ChainError extends CmtError<"CHAIN_MISMATCH" | "CHAIN_EMPTY"> {}

/**
 * The committed chain: builds blocks from executed transactions, commits them (state, tree,
 * block, receipts, indexes in one LMDB transaction) and renders them for the RPC. It owns no
 * timers: consensus (NodeConsensusApp) decides when and with what.
 */
export class Chain {
  private readonly validators: Array<{ address: Address; power: bigint }>;
  private readonly listeners: Array<(view: BlockView) => void>;
  /**
   * Recently committed or read blocks, rendered (txs decoded, receipts and senders read): a
   * client polling receipts of a big block would otherwise decode the whole block per request.
   * Committed blocks never change, so entries never go stale.
   */
  private readonly views = new Map<bigint, BlockView>();
  private headCache: { height: bigint; hash: Hex; time: bigint } | null = null;
  private validatorSource: ((height: bigint) => ReadonlyArray<{ address: Address; power: bigint }> | null) | null =
    null;

  constructor(
    readonly options: { chainId: bigint; blockGasLimit: bigint; baseFee: bigint; genesis: GenesisHead },
    private readonly deps: {
      store: ChainStore;
      machine: StateMachine;
      log: Logger;
      onBlock: Array<(view: BlockView) => void>;
      /** The whole genesis document, read only to commit block 0 (and dropped after). */
      readGenesis: () => GenesisDoc;
    },
  ) {
    this.validators = options.genesis.consensus.validators.map((v) => ({ address: v.address, power: BigInt(v.power) }));
    this.listeners = deps.onBlock;
  }

  /** Commit block 0 from the genesis document if the store is empty; verify the store otherwise. */
  open(): { height: bigint; hash: Hex } {
    const head = this.deps.store.head();
    if (head === null) return this.commitGenesis();
    const tip = this.deps.store.blockByHeight(head.height);
    const root = toHex(this.deps.store.stateTree.root);
    if (!tip || tip.header.stateRoot !== root) {
      throw new ChainError(
        "CHAIN_MISMATCH",
        `state root ${root} does not match block ${head.height} (${tip?.header.stateRoot})`,
      );
    }
    const genesis = this.deps.store.blockByHeight(0n);
    if (
      genesis?.header.chainId !== this.options.chainId ||
      genesis.header.time !== BigInt(this.options.genesis.genesisTime)
    ) {
      throw new ChainError("CHAIN_MISMATCH", "the data directory belongs to another genesis");
    }
    return head;
  }

  private commitGenesis(): { height: bigint; hash: Hex } {
    const time = BigInt(this.options.genesis.genesisTime);
    // The genesis state goes to the store in chunks and its tree is built from there, so block 0
    // itself commits no state changes (1 M accounts in one change set took 3.3 GB: issue #5).
    this.writeGenesisState(time);
    this.deps.store.buildGenesisTree();
    const exec: ExecutedBlock = {
      txs: [],
      receipts: [],
      dropped: [],
      gasUsed: 0n,
      logsBloom: new Uint8Array(BLOOM_BYTES),
      blockLogs: [],
      changes: [],
    };
    const view = this.commitPrepared(
      this.assemble(exec, {
        height: 0n,
        time,
        parentHash: ZERO_HASH,
        proposer: `0x${"00".repeat(20)}`,
        lastCommit: new Uint8Array(0),
        evidence: [],
      }),
    );
    return { height: 0n, hash: view.hash };
  }

  /** Parse, validate and write the genesis state; the parsed document is garbage once this returns. */
  private writeGenesisState(time: bigint): void {
    const store = this.deps.store;
    const info = { chainId: this.options.chainId, height: 0n, time };
    this.deps.machine.initChain(this.deps.readGenesis(), info, (changes) => store.writeGenesisState(changes));
  }

  head(): { height: bigint; hash: Hex; time: bigint } {
    const head = this.deps.store.head();
    if (!head) throw new ChainError("CHAIN_EMPTY", "chain not opened");
    // The head's time without decoding the whole head block (10 k transactions) on every call.
    const known = this.headCache;
    if (known && known.hash === head.hash) return known;
    const block = this.deps.store.blockByHeight(head.height) as Block;
    this.headCache = { ...head, time: block.header.time };
    return this.headCache;
  }

  /** Execute candidates at `time` on top of the head, commit the block, notify listeners. */
  produce(
    time: bigint,
    proposer: Address,
    candidates: ReadonlyArray<{ tx: SignedTx; sender: Address }>,
  ): { view: BlockView; exec: ExecutedBlock } {
    const prepared = this.build({ time, proposer, lastCommit: new Uint8Array(0), evidence: [] }, candidates);
    return { view: this.commitPrepared(prepared), exec: prepared.exec };
  }

  /**
   * A proposal: execute candidates (build mode) on the committed head and assemble the block,
   * without committing it. The same plan and candidates always give the same block, unless `stop`
   * (the proposer's time budget) ends it early.
   */
  build(
    plan: BlockPlan,
    candidates: ReadonlyArray<{ tx: SignedTx; sender: Address }>,
    stop?: () => boolean,
  ): PreparedBlock {
    const parent = this.head();
    const height = parent.height + 1n;
    const info = { chainId: this.options.chainId, height, time: plan.time, ...consensusField(plan.consensus) };
    const exec = this.deps.machine.executeBlock(info, candidates, "build", stop);
    return this.assemble(exec, {
      height,
      time: plan.time,
      parentHash: parent.hash,
      proposer: plan.proposer,
      lastCommit: plan.lastCommit,
      evidence: plan.evidence,
    });
  }

  /**
   * processProposal: check a block from another proposer against the head and re-execute it
   * (verify mode). Throws InvalidBlockError naming the first mismatch; returns it ready to commit.
   * `txs` are `block.txs` decoded, in order, with their recovered senders (the caller takes them from
   * its mempool when it holds them); a transaction that differs from the block's shows as a txRoot mismatch.
   */
  verify(
    block: Block,
    txs: ReadonlyArray<{ tx: SignedTx; sender: Address }>,
    consensus?: BlockConsensusFacts,
  ): PreparedBlock {
    const parent = this.head();
    const h = block.header;
    const fail = (what: string) => {
      throw new InvalidBlockError("INVALID_BLOCK", `invalid block ${h.height}: ${what}`);
    };
    if (h.chainId !== this.options.chainId) fail(`chain id ${h.chainId}`);
    if (h.height !== parent.height + 1n) fail(`height, expected ${parent.height + 1n}`);
    if (h.parentHash !== parent.hash) fail("parent hash");
    if (h.time <= parent.time) fail("time not after the parent's");
    if (h.gasLimit !== this.options.blockGasLimit) fail("gas limit");
    if (h.baseFeePerGas !== this.options.baseFee) fail("base fee");
    if (txs.length !== block.txs.length) fail("transactions");
    const candidates = txs;
    const info = { chainId: this.options.chainId, height: h.height, time: h.time, ...consensusField(consensus) };
    const exec = this.deps.machine.executeBlock(info, candidates, "verify");
    const prepared = this.assemble(exec, {
      height: h.height,
      time: h.time,
      parentHash: parent.hash,
      proposer: h.proposer,
      lastCommit: block.lastCommit,
      evidence: block.evidence,
    });
    const mine = prepared.block.header;
    for (const k of [
      "txRoot",
      "receiptsRoot",
      "stateRoot",
      "validatorsHash",
      "lastCommitHash",
      "evidenceHash",
    ] as const) {
      if (mine[k] !== h[k]) fail(`${k} ${h[k]}, executed ${mine[k]}`);
    }
    if (mine.gasUsed !== h.gasUsed) fail(`gasUsed ${h.gasUsed}, executed ${mine.gasUsed}`);
    if (prepared.hash !== blockHash(h)) fail("hash");
    return prepared;
  }

  private assemble(
    exec: ExecutedBlock,
    at: {
      height: bigint;
      time: bigint;
      parentHash: Hex;
      proposer: Address;
      lastCommit: Uint8Array;
      evidence: Uint8Array[];
    },
  ): PreparedBlock {
    const treeUpdate = this.deps.store.stateTree.computeUpdate(exec.changes);
    const encodedReceipts = exec.receipts.map(encodeReceipt);
    const txHashes = exec.txs.map((t) => fromHex(t.tx.hash));
    const header: BlockHeader = {
      chainId: this.options.chainId,
      height: at.height,
      time: at.time,
      parentHash: at.parentHash,
      proposer: at.proposer,
      txRoot: toHex(merkleRoot(txHashes)),
      // The block logs, when there are any, are the last leaf (receipt.ts, encodeBlockLogsLeaf).
      receiptsRoot: toHex(
        merkleRoot(
          exec.blockLogs.length === 0 ? encodedReceipts : [...encodedReceipts, encodeBlockLogsLeaf(exec.blockLogs)],
        ),
      ),
      stateRoot: toHex(treeUpdate.root),
      validatorsHash: validatorsHash(this.validatorsFor(at.height)),
      lastCommitHash: lastCommitHash(at.lastCommit),
      evidenceHash: evidenceHash(at.evidence),
      gasLimit: this.options.blockGasLimit,
      gasUsed: exec.gasUsed,
      baseFeePerGas: this.options.baseFee,
      logsBloom: exec.logsBloom,
    };
    const block: Block = {
      header,
      txs: exec.txs.map((t) => t.tx.raw),
      lastCommit: at.lastCommit,
      evidence: at.evidence,
    };
    return { block, hash: blockHash(header), exec, treeUpdate, encodedReceipts, txHashes };
  }

  /**
   * Commit a prepared block (with the certificate that decided it, if any, and the block's RLP if
   * the caller has it: the bytes that were decided); notify listeners.
   */
  commitPrepared(p: PreparedBlock, commit?: Uint8Array, encoded?: Uint8Array): BlockView {
    const c = this.toCommit(p, commit, encoded);
    return this.committed(p, c.senders, this.deps.store.commitBlock(c).size);
  }

  /**
   * commitPrepared with the LMDB write on lmdb-js's write thread (ChainStore.commitBlockPipelined):
   * the head, the state and the views move to the block at once; `written` resolves once it is on
   * disk. The next block may be built on it meanwhile, but not committed (await `written()`).
   */
  commitPreparedPipelined(
    p: PreparedBlock,
    commit?: Uint8Array,
    encoded?: Uint8Array,
  ): { view: BlockView; written: Promise<void> } {
    const c = this.toCommit(p, commit, encoded);
    const { size, written } = this.deps.store.commitBlockPipelined(c);
    return { view: this.committed(p, c.senders, size), written };
  }

  /** Resolves once every committed block is on disk. */
  written(): Promise<void> {
    return this.deps.store.written();
  }

  private toCommit(p: PreparedBlock, commit: Uint8Array | undefined, encoded: Uint8Array | undefined): BlockCommit {
    return {
      block: p.block,
      hash: p.hash,
      receipts: p.exec.receipts,
      blockLogs: p.exec.blockLogs,
      encodedReceipts: p.encodedReceipts,
      txHashes: p.txHashes,
      senders: p.exec.txs.map((t) => t.sender),
      stateChanges: p.exec.changes,
      treeUpdate: p.treeUpdate,
      ...(commit ? { commit } : {}),
      ...(encoded ? { encodedBlock: encoded } : {}),
    };
  }

  private committed(p: PreparedBlock, senders: Address[], size: number): BlockView {
    const view: BlockView = {
      block: p.block,
      hash: p.hash,
      txs: p.exec.txs.map((t) => t.tx),
      senders,
      receipts: p.exec.receipts,
      blockLogs: p.exec.blockLogs,
      size,
    };
    this.remember(view);
    for (const l of this.listeners) {
      try {
        l(view);
      } catch (err) {
        this.deps.log.error({ err }, "block listener failed");
      }
    }
    return view;
  }

  /** A committed block rendered for the RPC, or null. */
  blockView(height: bigint): BlockView | null {
    const hit = this.views.get(height);
    if (hit) return hit;
    const view = this.readView(height);
    if (view) this.remember(view);
    return view;
  }

  private remember(view: BlockView): void {
    if (this.views.size >= RECENT_VIEWS) this.views.delete(this.views.keys().next().value as bigint);
    this.views.set(view.block.header.height, view);
  }

  private readView(height: bigint): BlockView | null {
    const block = this.deps.store.blockByHeight(height);
    if (!block) return null;
    const r = this.deps.store.receipts(height);
    const hash = blockHash(block.header);
    return {
      block,
      hash,
      txs: block.txs.map((raw) => decodeTx(raw)),
      senders: r?.senders ?? [],
      receipts: r?.receipts ?? [],
      blockLogs: r?.blockLogs ?? [],
      size: this.deps.store.blockSize(height),
    };
  }

  validatorSet(): ReadonlyArray<{ address: Address; power: bigint }> {
    return this.validatorsFor(this.head().height + 1n);
  }

  /** The validator set that signs `height` (genesis set unless a source was attached). */
  validatorsFor(height: bigint): ReadonlyArray<{ address: Address; power: bigint }> {
    return this.validatorSource?.(height) ?? this.validators;
  }

  /** Where validator sets come from once staking runs (the set for H+2 is known after H). */
  attachValidatorSource(source: (height: bigint) => ReadonlyArray<{ address: Address; power: bigint }> | null): void {
    this.validatorSource = source;
  }
}
