export { isValidCommit } from "./commit.js";
export { ConsensusDriver } from "./driver.js";
export type {
  ConsensusApp,
  ConsensusDriverDeps,
  ConsensusTransport,
  DriverStatus,
  Timers,
  Verdict,
} from "./interface.js";
export { type ConsensusDeps, type ConsensusState, TendermintMachine } from "./machine.js";
export {
  type ConsensusOptions,
  DEFAULT_CONSENSUS_OPTIONS,
  DEFAULT_DRIVER_OPTIONS,
  type DriverOptions,
  type TimeoutRule,
  timeoutDuration,
} from "./options.js";
export { ProposerPriority, ProposerSchedule } from "./proposer.js";
export { ProposerRotation } from "./rotation.js";
export { type LastSignedState, PrivValidator, PrivValidatorError, type PrivValidatorErrorCode } from "./signer.js";
export type * from "./types.js";
export { ValidatorSet } from "./validator-set.js";
export { type AddVoteResult, VoteTally } from "./votes.js";
export { Wal, type WalRecord } from "./wal.js";
