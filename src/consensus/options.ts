import type { RoundStep } from "./types.js";

/** A timeout that grows per round: base + round × delta (ms). */
export interface TimeoutRule {
  readonly baseMs: number;
  readonly deltaMs: number;
}

/** Consensus timeouts, one rule per step. */
export interface ConsensusOptions {
  readonly timeouts: Readonly<Record<RoundStep, TimeoutRule>>;
}

/** CometBFT's defaults (config.toml: timeout_propose 3s + 500ms, prevote/precommit 1s + 500ms). */
export const DEFAULT_CONSENSUS_OPTIONS: ConsensusOptions = {
  timeouts: {
    propose: { baseMs: 3000, deltaMs: 500 },
    prevote: { baseMs: 1000, deltaMs: 500 },
    precommit: { baseMs: 1000, deltaMs: 500 },
  },
};

/** The duration of `step`'s timeout in `round` (the paper's timeoutX(r), growing so rounds eventually sync). */
export function timeoutDuration(options: ConsensusOptions, step: RoundStep, round: number): number {
  const rule = options.timeouts[step];
  return rule.baseMs + round * rule.deltaMs;
}
