import { type ConsensusMessage, proposalSigner, verifyCommit, voteSigner } from "../types/index.js";
import type { ProposerRotation } from "./rotation.js";
import type { ValidatorSet } from "./validator-set.js";

/** The messages checked against a height's validator set (evidence is checked against its own height's set). */
export type HeightMessage = Exclude<ConsensusMessage, { kind: "evidence" }>;

/**
 * Why `msg` is invalid for a height with validator set `set`, or null: the signer is in the set,
 * the signature is valid, and (when the rotation is known) a proposal comes from the round's proposer.
 */
export function messageProblem(
  msg: HeightMessage,
  set: ValidatorSet,
  rotation: ProposerRotation | null,
  chainId: bigint,
): string | null {
  if (msg.kind === "vote") {
    if (set.powerOf(msg.vote.validator) === 0n) return "vote from a non-validator";
    return voteSigner(msg.vote, chainId) === null ? "invalid vote signature" : null;
  }
  if (msg.kind === "proposal") {
    const { proposer, round } = msg.proposal;
    if (set.powerOf(proposer) === 0n) return "proposal from a non-validator";
    if (rotation !== null && proposer !== rotation.proposer(round)) return "proposal from the wrong proposer";
    return proposalSigner(msg.proposal, chainId) === null ? "invalid proposal signature" : null;
  }
  const check = verifyCommit(msg.commit, set.validators, chainId);
  return check.ok ? null : check.reason;
}
