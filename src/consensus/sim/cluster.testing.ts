// In-process validators for driver tests: a toy app (blocks are short byte strings, commit appends
// to an array), an in-memory gossip network with seeded random delays and drops, real timers, and
// a real WAL and signing-state file per node in a temp dir.
import { EventEmitter } from "node:events";
import { join } from "node:path";
import { type Address, keccak256, privateKeyToAddress } from "../../crypto/index.js";
import { fromHex, mulberry32, silentLogger, toHex, utf8 } from "../../lib/index.js";
import {
  type Commit,
  type ConsensusMessage,
  type DoubleSignEvidence,
  decodeConsensusMessage,
  encodeConsensusMessage,
  verifyCommit,
} from "../../types/index.js";
import { ConsensusDriver } from "../driver.js";
import type { ConsensusApp, Verdict } from "../interface.js";
import type { DriverOptions } from "../options.js";
import { PrivValidator } from "../signer.js";
import { Wal } from "../wal.js";

export const CHAIN_ID = 4242n;
/** Validator keys 0x01…, 0x02…, … */
export const validatorKey = (i: number): Uint8Array => fromHex(`0x${(i + 1).toString(16).padStart(2, "0").repeat(32)}`);
export const validatorAddress = (i: number): Address => privateKeyToAddress(validatorKey(i));

/** Short timeouts (tens of ms) so tests take seconds. */
export const FAST: Partial<DriverOptions> = {
  timeouts: {
    propose: { baseMs: 80, deltaMs: 20 },
    prevote: { baseMs: 40, deltaMs: 20 },
    precommit: { baseMs: 40, deltaMs: 20 },
  },
  blockIntervalMs: 5,
  minCommitDelayMs: 5,
  gossipIntervalMs: 40,
};

/** A block of the toy chain: "block <height>/<round> by <name>". */
export function toyBlock(height: number, round: number, name: string): { id: string; block: Uint8Array } {
  const block = utf8(`block ${height}/${round} by ${name}`);
  return { id: toHex(keccak256(block)), block };
}

/** The toy application: a chain of committed (id, block, commit) and a fixed validator set. */
export class ToyApp implements ConsensusApp {
  readonly committed: Array<{ id: string; block: Uint8Array; commit: Commit }> = [];
  readonly events = new EventEmitter();
  txs = true;
  badCommits = 0;

  constructor(
    readonly name: string,
    readonly set: ReadonlyArray<{ address: string; power: bigint }>,
  ) {}

  async propose(height: number, round: number) {
    return toyBlock(height, round, this.name);
  }

  async validate(height: number, id: string, block: Uint8Array) {
    return (
      height === this.committed.length + 1 &&
      toHex(keccak256(block)) === id &&
      Buffer.from(block).toString().startsWith(`block ${height}/`)
    );
  }

  async commit(height: number, id: string, block: Uint8Array, commit: Commit) {
    if (height !== this.committed.length + 1) throw new Error(`${this.name}: commit ${height} out of order`);
    if (!verifyCommit(commit, this.set, CHAIN_ID).ok || commit.blockHash !== id) this.badCommits++;
    this.committed.push({ id, block, commit });
    this.events.emit("commit", height);
  }

  validators(_height: number) {
    return this.set;
  }

  hasTxs() {
    return this.txs;
  }

  /** Sync: take a peer's committed blocks after checking each commit (what block sync does). */
  syncFrom(peer: ToyApp): void {
    while (this.committed.length < peer.committed.length) {
      const next = peer.committed[this.committed.length]!;
      if (!verifyCommit(next.commit, this.set, CHAIN_ID).ok) throw new Error("sync: invalid commit");
      this.committed.push(next);
    }
  }
}

/** Gossip among drivers with seeded random delays and drops; every message goes through the codec. */
export class MemoryNet {
  readonly nodes = new Map<number, ConsensusDriver>();
  readonly verdicts: Record<Verdict, number> = { accept: 0, ignore: 0, reject: 0 };
  private readonly random: () => number;

  constructor(
    seed: number,
    private readonly opts: { minDelayMs: number; maxDelayMs: number; dropRate: number },
  ) {
    this.random = mulberry32(seed);
  }

  transport(from: number) {
    return {
      broadcast: (msg: ConsensusMessage) => {
        const bytes = encodeConsensusMessage(msg);
        for (const to of this.nodes.keys()) {
          if (to === from || this.random() < this.opts.dropRate) continue;
          const delay = this.opts.minDelayMs + this.random() * (this.opts.maxDelayMs - this.opts.minDelayMs);
          setTimeout(() => {
            const driver = this.nodes.get(to);
            if (driver) this.verdicts[driver.receive(decodeConsensusMessage(bytes), `node${from}`)]++;
          }, delay);
        }
      },
    };
  }
}

/** One in-process node: its app, driver and (with a dir) its WAL and signing state on disk. */
export interface ClusterNode {
  readonly index: number;
  readonly app: ToyApp;
  driver: ConsensusDriver;
  wal: Wal | null;
  readonly evidence: DoubleSignEvidence[];
}

/** N validators (plus followers) on one MemoryNet. */
export class Cluster {
  readonly nodes: ClusterNode[] = [];
  readonly set: ReadonlyArray<{ address: string; power: bigint }>;

  constructor(
    readonly net: MemoryNet,
    readonly validators: number,
    private readonly options: Partial<DriverOptions>,
    private readonly dir: string,
  ) {
    this.set = Array.from({ length: validators }, (_, i) => ({ address: validatorAddress(i), power: 10n })).sort(
      (a, b) => (a.address < b.address ? -1 : 1),
    );
  }

  /** Add node `index` (a validator when index < validators, else a follower) without starting it. */
  add(index: number): ClusterNode {
    const node: ClusterNode = {
      index,
      app: new ToyApp(`node${index}`, this.set),
      driver: null as unknown as ConsensusDriver,
      wal: null,
      evidence: [],
    };
    this.nodes[index] = node;
    node.driver = this.makeDriver(node);
    return node;
  }

  /** Attach and start a node at its app's next height. */
  async start(node: ClusterNode): Promise<void> {
    this.net.nodes.set(node.index, node.driver);
    await node.driver.start(node.app.committed.length + 1);
  }

  /** Crash a node: detach it, stop its timers, close its WAL. Its app (the committed chain) stays. */
  async crash(node: ClusterNode): Promise<void> {
    this.net.nodes.delete(node.index);
    await node.driver.stop();
    node.wal?.close();
    node.wal = null;
  }

  /** Build a fresh driver for `node` from its files (WAL, signing state), as a restarted process would. */
  restart(node: ClusterNode): Promise<void> {
    node.driver = this.makeDriver(node);
    return this.start(node);
  }

  /** Resolve when `cond` holds, checked after every commit of any node; reject after `ms`. */
  until(cond: () => boolean, ms: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!cond()) return;
        done();
        resolve();
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`condition not met in ${ms} ms; heights: ${this.nodes.map((n) => n?.app.committed.length)}`));
      }, ms);
      const done = () => {
        clearTimeout(timer);
        for (const n of this.nodes) n?.app.events.off("commit", check);
      };
      for (const n of this.nodes) n?.app.events.on("commit", check);
      check();
    });
  }

  async stopAll(): Promise<void> {
    for (const n of this.nodes) if (n) await this.crash(n);
  }

  /** Where validator `index` keeps its last-signed state. */
  signStatePath(index: number): string {
    return join(this.dir, `node${index}.sign.json`);
  }

  private makeDriver(node: ClusterNode): ConsensusDriver {
    const isValidator = node.index < this.validators;
    const signer = isValidator
      ? PrivValidator.open({
          privateKey: validatorKey(node.index),
          statePath: this.signStatePath(node.index),
          chainId: CHAIN_ID,
        })
      : null;
    node.wal = Wal.open(join(this.dir, `node${node.index}.wal`));
    return new ConsensusDriver({
      app: node.app,
      transport: this.net.transport(node.index),
      signer,
      wal: node.wal,
      chainId: CHAIN_ID,
      options: this.options,
      log: silentLogger(),
      onEvidence: (e) => node.evidence.push(e),
      onBehind: () => {
        // What the node does: sync blocks with their commits from a peer, then rejoin at the tip.
        const leader = this.nodes.reduce((a, b) => (b && b.app.committed.length > a.app.committed.length ? b : a));
        node.app.syncFrom(leader.app);
        void node.driver.skipTo(node.app.committed.length + 1);
      },
    });
  }
}
