import { type Address, keccak256 } from "../crypto/index.js";
import { type Hex, type Logger, toHex } from "../lib/index.js";
import type { RecoveryPool } from "../mempool/index.js";
import type { ChainStore } from "../store/index.js";
import {
  type Block,
  blockHash,
  type Commit,
  decodeBlock,
  decodeCommit,
  decodeEvidence,
  decodeTx,
  encodeBlock,
  encodeCommit,
  type SignedTx,
  TxErrorCode,
  verifyCommit,
  verifyEvidence,
} from "../types/index.js";
import type { BlockConsensusFacts, Chain, PreparedBlock } from "./chain.js";
import { type EvidencePool, MAX_EVIDENCE_AGE, MAX_EVIDENCE_PER_BLOCK, offenceKey } from "./evidence-pool.js";
import type { NodeMempool } from "./mempool-port.js";
import type { ValidatorSets } from "./validator-sets.js";

/** Dropped while building only because the block was full (or behind such a tx): they stay pooled. */
const RETRYABLE = new Set<string>([TxErrorCode.GasLimit, TxErrorCode.NonceTooHigh]);

/** A proposal whose time is further ahead of our clock than this is refused (clock drift bound). */
export const MAX_FUTURE_DRIFT_MS = 5_000n;

/** Proposals built or verified at the current height, by hash (a height has few rounds). */
const MAX_CACHED = 16;

/** Fewer waiting transactions than this are never a backlog (see `backlogged`). */
export const BACKLOG_MIN_TXS = 1_000;

/**
 * Whether the next height should start without waiting out the block interval: BACKLOG_MIN_TXS
 * executable transactions wait, or the last block carried that many and any wait still (the end
 * of a burst).
 */
export function isBacklog(pending: number, lastBlockTxs: number): boolean {
  return pending >= BACKLOG_MIN_TXS || (lastBlockTxs >= BACKLOG_MIN_TXS && pending > 0);
}

/** A block that must not be committed, and why. */
export class BlockRejected extends Error {}

/**
 * The application side of consensus (the driver's `ConsensusApp`): builds proposals from the
 * mempool, verifies other validators' proposals (header, lastCommit against the previous set,
 * evidence, then re-execution), commits decided blocks with their certificate, and applies blocks
 * fetched by sync. Commits are serialised: sync and consensus never write the same height twice.
 */
export class NodeConsensusApp {
  private readonly prepared = new Map<Hex, PreparedBlock>();
  private commitChain: Promise<unknown> = Promise.resolve();
  /** The driver's certificate of the last height, grown by late precommits (set once wired). */
  private latestCommit: (height: number) => Commit | null = () => null;
  /** Transactions in the last block this node committed (see `backlogged`). */
  private lastBlockTxs = 0;

  constructor(
    private readonly options: {
      chainId: bigint;
      blockGasLimit: bigint;
      maxBlockBytes: number;
      /** This node's consensus address (the proposer field of its blocks). */
      address: Address;
      now: () => number;
      /** Sets the time budget of building a proposal (see `buildBudgetMs`). */
      blockIntervalMs: number;
      timeoutProposeMs: number;
    },
    private readonly deps: {
      chain: Chain;
      store: ChainStore;
      mempool: NodeMempool;
      recovery: RecoveryPool;
      sets: ValidatorSets;
      evidence: EvidencePool;
      log: Logger;
    },
  ) {}

  /** Where proposals take the previous height's certificate from (the driver, which keeps adding late precommits). */
  useCommitSource(source: (height: number) => Commit | null): void {
    this.latestCommit = source;
  }

  validators(height: number): ReadonlyArray<{ address: string; power: bigint }> {
    return this.deps.sets.at(BigInt(height));
  }

  hasTxs(): boolean {
    return this.deps.mempool.stats().pending > 0;
  }

  /**
   * A backlog: at least BACKLOG_MIN_TXS executable transactions wait, or the last block carried
   * that many and any wait still (a trickle of transactions keeps the normal block interval; a
   * burst is drained block after block, its last partial block included, instead of leaving its
   * tail a whole interval in the pool).
   */
  backlogged(): boolean {
    return isBacklog(this.deps.mempool.stats().pending, this.lastBlockTxs);
  }

  async propose(height: number, _round: number): Promise<{ id: string; block: Uint8Array }> {
    const { chain, store, mempool } = this.deps;
    const parent = chain.head();
    if (BigInt(height) !== parent.height + 1n) throw new Error(`propose ${height} on head ${parent.height}`);
    const now = BigInt(this.options.now());
    const time = now > parent.time ? now : parent.time + 1n;
    const late = height > 1 ? this.latestCommit(height - 1) : null;
    const lastCommit =
      height <= 1
        ? new Uint8Array(0)
        : late && late.blockHash === parent.hash
          ? encodeCommit(late)
          : (store.commitOf(parent.height) ?? new Uint8Array(0));
    const evidence = this.deps.evidence.forBlock(BigInt(height));
    const consensus = this.facts(BigInt(height), parent.hash, this.options.address, lastCommit, evidence);
    const started = performance.now();
    const deadline = started + this.buildBudgetMs(height);
    const candidates = mempool.reap(this.options.blockGasLimit, this.options.maxBlockBytes);
    const reaped = performance.now();
    const plan = { time, proposer: this.options.address, lastCommit, evidence, consensus };
    const p = chain.build(plan, candidates, () => performance.now() > deadline);
    const built = performance.now();
    this.remember(p);
    const block = encodeBlock(p.block);
    this.deps.log.debug(
      {
        height,
        txs: p.exec.txs.length,
        reapMs: Math.round(reaped - started),
        buildMs: Math.round(built - reaped),
        encodeMs: Math.round(performance.now() - built),
      },
      "built proposal",
    );
    return { id: p.hash, block };
  }

  /**
   * How long building a proposal may take before the block is cut short (the rest stays pooled).
   * Alone, a validator may fill its block interval. With others, they must receive the proposal
   * and re-execute it (about as long again) well inside their propose timeout, and the height
   * should still fit its interval: half the interval, at most a quarter of the propose timeout.
   */
  private buildBudgetMs(height: number): number {
    const { blockIntervalMs, timeoutProposeMs } = this.options;
    if (this.deps.sets.at(BigInt(height)).length <= 1) return blockIntervalMs;
    return Math.min(blockIntervalMs / 2, timeoutProposeMs / 4);
  }

  async validate(height: number, id: string, bytes: Uint8Array): Promise<boolean> {
    if (this.prepared.has(id as Hex)) return true;
    try {
      const p = await this.verify(decodeBlock(bytes), BigInt(height));
      if (p.hash !== id) throw new BlockRejected(`hash ${p.hash} is not the proposal's ${id}`);
      const ahead = p.block.header.time - BigInt(this.options.now());
      if (ahead > MAX_FUTURE_DRIFT_MS) throw new BlockRejected(`time ${ahead} ms ahead of our clock`);
      this.remember(p);
      return true;
    } catch (err) {
      this.deps.log.warn({ height, id, err: (err as Error).message }, "proposal refused");
      return false;
    }
  }

  async commit(height: number, id: string, bytes: Uint8Array, commit: Commit): Promise<void> {
    await this.serialise(async () => {
      const head = this.deps.chain.head();
      if (head.height >= BigInt(height)) {
        // Sync got there first: fine if it is the same block, fatal otherwise (a fork).
        const have = this.deps.store.blockByHeight(BigInt(height));
        if (have && blockHash(have.header) === id) return;
        throw new Error(`height ${height} already committed with another block`);
      }
      const p = this.prepared.get(id as Hex) ?? (await this.verify(decodeBlock(bytes), BigInt(height)));
      await this.apply(p, encodeCommit(commit), bytes);
    });
  }

  /** Resolves once every committed block is on disk (`commit` resolves when the block is applied). */
  written(): Promise<void> {
    return this.deps.chain.written();
  }

  /** Sync: a block and the certificate that decided it, from a peer. Throws when it does not verify. */
  async applySynced(bytes: Uint8Array, commitBytes: Uint8Array): Promise<void> {
    await this.serialise(async () => {
      const block = decodeBlock(bytes);
      const height = block.header.height;
      if (height <= this.deps.chain.head().height) return;
      const commit = decodeCommit(commitBytes);
      const hash = blockHash(block.header);
      if (BigInt(commit.height) !== height || commit.blockHash !== hash) {
        throw new BlockRejected(
          `commit for ${commit.height}/${commit.blockHash} does not match block ${height}/${hash}`,
        );
      }
      const check = verifyCommit(commit, this.deps.sets.at(height), this.options.chainId);
      if (!check.ok) throw new BlockRejected(`commit of ${height}: ${check.reason}`);
      await this.apply(await this.verify(block, height), commitBytes, bytes);
      // Sync moves the driver past this height (its WAL marker): the block must be on disk first.
      await this.deps.chain.written();
    });
  }

  /** `bytes`: the decided block's RLP (`p.block` was encoded to it or decoded from it), stored as it is. */
  private async apply(p: PreparedBlock, commit: Uint8Array, bytes: Uint8Array): Promise<void> {
    const { chain, mempool, sets, evidence, log } = this.deps;
    // The previous block's write must have landed (the store keeps one block in flight).
    await chain.written();
    const started = performance.now();
    // The write runs on lmdb-js's thread while this one executes the next height (issue #5).
    const { written } = chain.commitPreparedPipelined(p, commit, bytes);
    const height = p.block.header.height;
    written.then(
      () => log.debug({ height: Number(height), ms: Math.round(performance.now() - started) }, "block written"),
      () => {}, // the driver's WAL marker and the next commit wait for `written` and report its failure
    );
    sets.afterCommit(height);
    evidence.committed(height, p.block.evidence);
    this.lastBlockTxs = p.exec.txs.length;
    const gone = [...p.exec.txs, ...p.exec.dropped.filter((d) => !RETRYABLE.has(d.error.code))];
    mempool.update({ txHashes: gone.map((t) => t.tx.hash), senders: gone.map((t) => t.sender) });
    this.prepared.clear();
    log.info(
      { height: Number(height), txs: p.exec.txs.length, ms: Math.round(performance.now() - started) },
      "committed block",
    );
  }

  /** Check a block from elsewhere against the head and re-execute it. */
  private async verify(block: Block, height: bigint): Promise<PreparedBlock> {
    const h = block.header;
    if (h.height !== height) throw new BlockRejected(`block height ${h.height}, expected ${height}`);
    const set = this.deps.sets.at(height);
    if (!set.some((v) => v.address === h.proposer)) throw new BlockRejected(`proposer ${h.proposer} not in the set`);
    if (block.evidence.length > MAX_EVIDENCE_PER_BLOCK) throw new BlockRejected("too much evidence");
    const consensus = this.facts(height, h.parentHash, h.proposer, block.lastCommit, block.evidence);
    return this.deps.chain.verify(block, await this.decoded(block.txs), consensus);
  }

  /**
   * A block's transactions decoded with their senders. Most are in our mempool already (gossip):
   * those cost one hash each, not a decode and a recovery; the rest are decoded and recovered here.
   */
  private async decoded(raws: readonly Uint8Array[]): Promise<Array<{ tx: SignedTx; sender: Address }>> {
    const out = new Array<{ tx: SignedTx; sender: Address }>(raws.length);
    const missing: number[] = [];
    raws.forEach((raw, i) => {
      const pooled = this.deps.mempool.get(toHex(keccak256(raw)));
      if (pooled) out[i] = { tx: pooled.tx, sender: pooled.sender };
      else missing.push(i);
    });
    if (missing.length === 0) return out;
    const txs = missing.map((i) => decodeTx(raws[i] as Uint8Array));
    const senders = await this.deps.recovery.recover(txs);
    missing.forEach((i, k) => {
      const sender = senders[k];
      if (sender === null || sender === undefined) throw new BlockRejected(`tx ${i} has an invalid signature`);
      out[i] = { tx: txs[k] as SignedTx, sender };
    });
    return out;
  }

  /**
   * What the state machine learns from consensus: the proposer, who signed the previous height
   * (from the block's lastCommit, verified against that height's set) and verified evidence.
   */
  private facts(
    height: bigint,
    parentHash: Hex,
    proposer: Address,
    lastCommit: Uint8Array,
    evidence: readonly Uint8Array[],
  ): BlockConsensusFacts {
    let signed = new Set<string>();
    const prevSet = height > 1n ? this.deps.sets.at(height - 1n) : [];
    if (height > 1n) {
      if (lastCommit.length === 0) throw new BlockRejected(`block ${height} carries no commit of ${height - 1n}`);
      const c = decodeCommit(lastCommit);
      if (BigInt(c.height) !== height - 1n || c.blockHash !== parentHash) {
        throw new BlockRejected(`lastCommit is for ${c.height}/${c.blockHash}, not the parent`);
      }
      const check = verifyCommit(c, prevSet, this.options.chainId);
      if (!check.ok) throw new BlockRejected(`lastCommit: ${check.reason}`);
      signed = new Set(c.signatures.map((s) => s.validator));
    }
    const seen = new Set<string>();
    const offences = evidence.map((raw) => {
      const e = decodeEvidence(raw);
      const at = BigInt(e.first.height);
      if (at >= height || height - at > MAX_EVIDENCE_AGE)
        throw new BlockRejected(`evidence of height ${at} out of range`);
      const key = offenceKey(e);
      if (seen.has(key)) throw new BlockRejected("duplicate evidence");
      seen.add(key);
      const check = verifyEvidence(e, this.deps.sets.at(at), this.options.chainId);
      if (!check.ok) throw new BlockRejected(`evidence: ${check.reason}`);
      const time = this.deps.store.blockByHeight(at)?.header.time ?? 0n;
      return { validator: e.first.validator, height: at, time };
    });
    return {
      proposer,
      lastCommit: prevSet.map((v) => ({ validator: v.address, power: v.power, signed: signed.has(v.address) })),
      evidence: offences,
    };
  }

  private remember(p: PreparedBlock): void {
    if (this.prepared.size >= MAX_CACHED) this.prepared.clear();
    this.prepared.set(p.hash, p);
  }

  private serialise<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.commitChain.then(fn, fn);
    this.commitChain = next.catch(() => undefined);
    return next;
  }
}
