import { type Address, keccak256 } from "../crypto/index.js";
import { CmtError, fromHex, type Hex, type Logger, toHex } from "../lib/index.js";
import type { BlockView } from "../rpc/backend.js";
import type { ExecutedBlock, GenesisDoc, StateMachine } from "../state/index.js";
import type { ChainStore } from "../store/index.js";
import {
  BLOOM_BYTES,
  type Block,
  type BlockHeader,
  blockHash,
  decodeTx,
  merkleRoot,
  receiptFields,
  rlpEncode,
  type SignedTx,
  ZERO_HASH,
} from "../types/index.js";

/** Hash of a validator set: keccak256(rlp([[address, power], ...])). */
export function validatorsHash(validators: ReadonlyArray<{ address: Address; power: bigint }>): Hex {
  return toHex(keccak256(rlpEncode(validators.map((v) => [fromHex(v.address), v.power]))));
}

/** Placeholder commit hash until BFT consensus carries real commits (issue: consensus). */
const EMPTY_COMMIT_HASH = toHex(keccak256(new Uint8Array(0)));

/** The chain's head does not match its state (the store is corrupt or from another genesis). */
export class ChainError extends CmtError<"CHAIN_MISMATCH" | "CHAIN_EMPTY"> {}

/**
 * The committed chain: builds blocks from executed transactions, commits them (state, tree,
 * block, receipts, indexes in one LMDB transaction) and renders them for the RPC. It owns no
 * timers: the producer (or, later, consensus) decides when and with what.
 */
export class Chain {
  private readonly validators: Array<{ address: Address; power: bigint }>;
  private readonly listeners: Array<(view: BlockView) => void>;

  constructor(
    readonly options: { chainId: bigint; blockGasLimit: bigint; baseFee: bigint; genesis: GenesisDoc },
    private readonly deps: {
      store: ChainStore;
      machine: StateMachine;
      log: Logger;
      onBlock: Array<(view: BlockView) => void>;
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
    const changes = this.deps.machine.initChain(this.options.genesis, {
      chainId: this.options.chainId,
      height: 0n,
      time,
    });
    const exec: ExecutedBlock = {
      txs: [],
      receipts: [],
      dropped: [],
      gasUsed: 0n,
      logsBloom: new Uint8Array(BLOOM_BYTES),
      changes,
    };
    const view = this.commit(exec, { height: 0n, time, parentHash: ZERO_HASH, proposer: `0x${"00".repeat(20)}` });
    return { height: 0n, hash: view.hash };
  }

  head(): { height: bigint; hash: Hex; time: bigint } {
    const head = this.deps.store.head();
    if (!head) throw new ChainError("CHAIN_EMPTY", "chain not opened");
    const block = this.deps.store.blockByHeight(head.height) as Block;
    return { ...head, time: block.header.time };
  }

  /** Execute candidates at `time` on top of the head, commit the block, notify listeners. */
  produce(
    time: bigint,
    proposer: Address,
    candidates: ReadonlyArray<{ tx: SignedTx; sender: Address }>,
  ): { view: BlockView; exec: ExecutedBlock } {
    const parent = this.head();
    const height = parent.height + 1n;
    const exec = this.deps.machine.executeBlock({ chainId: this.options.chainId, height, time }, candidates, "build");
    const view = this.commit(exec, { height, time, parentHash: parent.hash, proposer });
    return { view, exec };
  }

  private commit(
    exec: ExecutedBlock,
    at: { height: bigint; time: bigint; parentHash: Hex; proposer: Address },
  ): BlockView {
    const treeUpdate = this.deps.store.stateTree.computeUpdate(exec.changes);
    const header: BlockHeader = {
      chainId: this.options.chainId,
      height: at.height,
      time: at.time,
      parentHash: at.parentHash,
      proposer: at.proposer,
      txRoot: toHex(merkleRoot(exec.txs.map((t) => fromHex(t.tx.hash)))),
      receiptsRoot: toHex(merkleRoot(exec.receipts.map((r) => rlpEncode(receiptFields(r))))),
      stateRoot: toHex(treeUpdate.root),
      validatorsHash: validatorsHash(this.validators),
      lastCommitHash: EMPTY_COMMIT_HASH,
      gasLimit: this.options.blockGasLimit,
      gasUsed: exec.gasUsed,
      baseFeePerGas: this.options.baseFee,
      logsBloom: exec.logsBloom,
    };
    const block: Block = { header, txs: exec.txs.map((t) => t.tx.raw), lastCommit: new Uint8Array(0) };
    const hash = blockHash(header);
    const senders = exec.txs.map((t) => t.sender);
    this.deps.store.commitBlock({
      block,
      hash,
      receipts: exec.receipts,
      senders,
      stateChanges: exec.changes,
      treeUpdate,
    });
    const view: BlockView = {
      block,
      hash,
      txs: exec.txs.map((t) => t.tx),
      senders,
      receipts: exec.receipts,
      size: this.deps.store.blockSize(at.height),
    };
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
      size: this.deps.store.blockSize(height),
    };
  }

  validatorSet(): ReadonlyArray<{ address: Address; power: bigint }> {
    return this.validators;
  }
}
