import type { RoundStep } from "./types.js";

/** A timeout that grows per round: base + round × delta (ms). */
export interface TimeoutRule {
  readonly baseMs: number;
  readonly deltaMs: number;
}

/** Consensus timeouts, one rule per step (what the pure machine needs). */
export interface ConsensusOptions {
  readonly timeouts: Readonly<Record<RoundStep, TimeoutRule>>;
}

/**
 * Timeouts for ~1 s blocks on a LAN or a region (CometBFT's defaults, 3 s + 500 ms and
 * 1 s + 500 ms, target 5-6 s blocks): a proposer that is down costs 1 s, then every round waits
 * longer so that slow validators eventually overlap.
 */
export const DEFAULT_CONSENSUS_OPTIONS: ConsensusOptions = {
  timeouts: {
    propose: { baseMs: 1000, deltaMs: 500 },
    prevote: { baseMs: 500, deltaMs: 250 },
    precommit: { baseMs: 500, deltaMs: 250 },
  },
};

/** The duration of `step`'s timeout in `round` (the paper's timeoutX(r), growing so rounds eventually sync). */
export function timeoutDuration(options: ConsensusOptions, step: RoundStep, round: number): number {
  const rule = options.timeouts[step];
  return rule.baseMs + round * rule.deltaMs;
}

/** What the driver adds to the machine's timeouts. */
export interface DriverOptions extends ConsensusOptions {
  /**
   * The block interval: the next height starts this long after the current height's first
   * proposal was built or received (so building, voting and committing a big block eat into the
   * interval instead of adding to it), and never sooner than `minCommitDelayMs` after the commit.
   */
  readonly blockIntervalMs: number;
  /**
   * The least pause between a commit and the next height (CometBFT's timeout_commit when a height
   * ran long): late precommits join the certificate the next proposal carries.
   */
  readonly minCommitDelayMs: number;
  /** Re-send this node's messages of the current height (and the last commit) this often while the height lasts. */
  readonly gossipIntervalMs: number;
  /** Messages for heights up to current + this are buffered; beyond, ignored. */
  readonly maxHeightsAhead: number;
  /** Messages for rounds beyond current round + this are ignored (flooding bound). */
  readonly maxRoundsAhead: number;
  /** At most this many messages buffered per future height. */
  readonly maxBufferedPerHeight: number;
  /** False: in round 0 the proposer waits for transactions (`app.hasTxs`) up to `emptyBlocksIntervalMs`. */
  readonly emptyBlocks: boolean;
  /** With `emptyBlocks` false, an empty block is still proposed after this long (a heartbeat). */
  readonly emptyBlocksIntervalMs: number;
  /** With `emptyBlocks` false, how often the proposer polls `app.hasTxs()`. */
  readonly txPollMs: number;
}

/** Defaults for ~1 s blocks. */
export const DEFAULT_DRIVER_OPTIONS: DriverOptions = {
  ...DEFAULT_CONSENSUS_OPTIONS,
  blockIntervalMs: 1000,
  minCommitDelayMs: 100,
  gossipIntervalMs: 1000,
  maxHeightsAhead: 2,
  maxRoundsAhead: 10,
  maxBufferedPerHeight: 10_000,
  emptyBlocks: true,
  emptyBlocksIntervalMs: 30_000,
  txPollMs: 50,
};
