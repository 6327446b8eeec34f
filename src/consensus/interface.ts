import type { Logger } from "../lib/index.js";
import type { Commit, ConsensusMessage, DoubleSignEvidence } from "../types/index.js";
import type { DriverOptions } from "./options.js";
import type { PrivValidator } from "./signer.js";
import type { RoundStep } from "./types.js";
import type { Wal } from "./wal.js";

/** What the driver needs from the application (the node's chain and mempool). */
export interface ConsensusApp {
  /** Build a block for (height, round) on the committed head: its hash (the value id, lowercase 0x hex) and encoded bytes. */
  propose(height: number, round: number): Promise<{ id: string; block: Uint8Array }>;
  /**
   * processProposal: decode, check that `id` is the block's hash, check time (monotonic, not far
   * from local time), execute in verify mode. Must not throw for bad input: return false.
   */
  validate(height: number, id: string, block: Uint8Array): Promise<boolean>;
  /**
   * Commit the decided block with its commit certificate; resolves once the next height can be
   * built on it. Without `written` that also means durable.
   */
  commit(height: number, id: string, block: Uint8Array, commit: Commit): Promise<void>;
  /**
   * Resolves once every committed block is durable, when `commit` resolves earlier (the block is
   * still being written while the next height runs). The driver marks a height done in its WAL
   * only then.
   */
  written?(): Promise<void>;
  /** Validator set that signs `height` (address = consensus address, power bigint); may throw for unknown heights. */
  validators(height: number): ReadonlyArray<{ address: string; power: bigint }>;
  /** With `emptyBlocks: false`: true when the mempool has transactions to propose. */
  hasTxs?(): boolean;
  /**
   * Asked after a commit, while the next height waits for its start: true when enough
   * transactions wait for a block of their own (a backlog). The next height then starts at once
   * (but not sooner than `minCommitDelayMs` after the commit) instead of at the end of the block
   * interval: under load blocks follow each other as fast as they fill; a trickle keeps the interval.
   */
  backlogged?(): boolean;
}

/**
 * Gossip of this node's messages to its peers. Must not call `receive` synchronously (deliver on a
 * later tick) and must not loop a node's own messages back (harmless: they are ignored).
 */
export interface ConsensusTransport {
  broadcast(msg: ConsensusMessage): void;
}

/**
 * What `receive` thinks of a message, for peer scoring: `accept` (new and valid, or buffered for a
 * near height), `ignore` (duplicate, old, too far ahead: no fault), `reject` (bad signature,
 * signer not in the validator set, wrong proposer, invalid commit or evidence: the peer sent junk).
 */
export type Verdict = "accept" | "ignore" | "reject";

/** Where the driver is. */
export interface DriverStatus {
  readonly height: number;
  readonly round: number;
  readonly step: RoundStep;
  /** The height is decided and being committed (or waiting for the next height to start). */
  readonly decided: boolean;
}

/** Timer functions (injected for tests; default: the global ones). */
export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** What the driver is built from. Hooks are passed here, never attached later. */
export interface ConsensusDriverDeps {
  readonly app: ConsensusApp;
  readonly transport: ConsensusTransport;
  /** This validator's guarded key; null for a node that follows without voting. */
  readonly signer: PrivValidator | null;
  /** The write-ahead log (opened by the caller, who also closes it); null: no crash recovery. */
  readonly wal: Wal | null;
  readonly chainId: bigint;
  readonly options?: Partial<DriverOptions>;
  readonly log: Logger;
  readonly now?: () => number;
  readonly timers?: Timers;
  /** Double-sign evidence seen (verified): from this node's vote counting or from peers. Once per offence. */
  readonly onEvidence?: (evidence: DoubleSignEvidence) => void;
  /** `height` was committed (after `app.commit` resolved). */
  readonly onCommitted?: (height: number, id: string) => void;
  /** Peers talk about `height`, beyond the buffered window: the node should sync, then call `skipTo`. */
  readonly onBehind?: (height: number) => void;
  /** The driver stopped on an error it cannot go on from (app.commit failed, validator set unknown). */
  readonly onFatal?: (err: Error) => void;
}
