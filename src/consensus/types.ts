/** A validator's address: lowercase 0x hex, the map key everywhere (architecture.md). */
export type Address = string;
/** An opaque value id: the hex hash of a proposed block. */
export type ValueId = string;

/** The steps of a round (Algorithm 1: propose, prevote, precommit). */
export type RoundStep = "propose" | "prevote" | "precommit";
/** The two kinds of vote. */
export type VoteType = "prevote" | "precommit";

/** A prevote or precommit; `value` null is a nil vote. Unsigned: a signing layer wraps it. */
export interface Vote {
  readonly type: VoteType;
  readonly height: number;
  readonly round: number;
  readonly validator: Address;
  readonly value: ValueId | null;
}

/** ⟨PROPOSAL, h, r, v, vr⟩: `validRound` is -1 when the proposer has no valid value. */
export interface Proposal {
  readonly height: number;
  readonly round: number;
  readonly proposer: Address;
  readonly value: ValueId;
  readonly validRound: number;
}

/** A validator and its voting power. */
export interface Validator {
  readonly address: Address;
  readonly power: bigint;
}

/** Two different votes by one validator for the same height, round and type. */
export interface DoubleVoteEvidence {
  readonly first: Vote;
  readonly second: Vote;
}

/** A decision with its proof: > 2/3 of the voting power precommitted `value` in `round`. */
export interface CommitCertificate {
  readonly height: number;
  readonly round: number;
  readonly value: ValueId;
  readonly commit: readonly Vote[];
}

/** What the driver feeds the state machine. */
export type ConsensusInput =
  | { readonly kind: "newHeight"; readonly height: number }
  | { readonly kind: "proposal"; readonly proposal: Proposal }
  | { readonly kind: "vote"; readonly vote: Vote }
  | { readonly kind: "timeout"; readonly step: RoundStep; readonly height: number; readonly round: number }
  /** Catch-up: a lagging node that missed the votes decides from a peer's commit certificate. */
  | { readonly kind: "commit"; readonly certificate: CommitCertificate }
  /** The answer to a `getValue` output: the value this proposer proposes in (height, round). */
  | { readonly kind: "value"; readonly height: number; readonly round: number; readonly value: ValueId };

/** What the state machine asks the driver to do. */
export type ConsensusOutput =
  | { readonly kind: "broadcastProposal"; readonly proposal: Proposal }
  | { readonly kind: "broadcastVote"; readonly vote: Vote }
  | {
      readonly kind: "scheduleTimeout";
      readonly step: RoundStep;
      readonly height: number;
      readonly round: number;
      readonly durationMs: number;
    }
  | {
      readonly kind: "decide";
      readonly height: number;
      readonly round: number;
      readonly value: ValueId;
      /** The commit certificate: the > 2/3 precommits for `value` in `round`, by validator address. */
      readonly commit: readonly Vote[];
    }
  | { readonly kind: "evidence"; readonly evidence: DoubleVoteEvidence }
  /** This node proposes in (height, round) and `proposeValue` had no value ready: answer with a `value` input. */
  | { readonly kind: "getValue"; readonly height: number; readonly round: number };
