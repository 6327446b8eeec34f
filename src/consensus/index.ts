export { isValidCommit } from "./commit.js";
export { type ConsensusDeps, type ConsensusState, TendermintMachine } from "./machine.js";
export { type ConsensusOptions, DEFAULT_CONSENSUS_OPTIONS, type TimeoutRule, timeoutDuration } from "./options.js";
export { ProposerPriority, ProposerSchedule } from "./proposer.js";
export type * from "./types.js";
export { ValidatorSet } from "./validator-set.js";
export { type AddVoteResult, VoteTally } from "./votes.js";
