import { existsSync, readFileSync } from "node:fs";
import { type Address, keccak256, privateKeyToAddress } from "../crypto/index.js";
import { CmtError, fromHex, type Hex, isHex, toHex } from "../lib/index.js";
import { proposalSignBytes, type SignedProposal, type SignedVote, signBytes, voteSignBytes } from "../types/index.js";
import { writeFileAtomic } from "./atomic-file.js";
import type { RoundStep } from "./types.js";

/** Steps in signing order within a round: a later (height, round, step) may be signed, an earlier never. */
const STEP_ORDER: Readonly<Record<RoundStep, number>> = { propose: 1, prevote: 2, precommit: 3 };

/** The last thing this validator signed, persisted before the signature is released (CometBFT's priv_validator_state.json). */
export interface LastSignedState {
  readonly height: number;
  readonly round: number;
  readonly step: RoundStep;
  /** keccak256 of the sign bytes, to recognise a re-sign of the identical message. */
  readonly signBytesHash: Hex;
  readonly signature: Hex;
}

/** Codes of the signing guard's errors. */
export type PrivValidatorErrorCode = "DOUBLE_SIGN_REFUSED" | "SIGN_STATE_INVALID";

/** The guard refused to sign (it would be a double sign) or its state file is unreadable. */
export class PrivValidatorError extends CmtError<PrivValidatorErrorCode> {}

/**
 * The validator's signing key behind a guard: it never signs a different vote or proposal for the
 * same or an earlier (height, round, step), also across restarts, because the last-signed state is
 * written atomically (temp + fsync + rename) before a signature leaves this object. Re-signing the
 * identical message returns the same signature (a restarted validator replaying its WAL).
 */
export class PrivValidator {
  readonly address: Address;
  private last: LastSignedState | null;

  private constructor(
    private readonly privateKey: Uint8Array,
    private readonly statePath: string,
    private readonly chainId: bigint,
  ) {
    this.address = privateKeyToAddress(privateKey);
    this.last = readState(statePath);
  }

  /** Open the guard with `privateKey` (priv_validator_key.json) and its state file (created on first sign). */
  static open(opts: { privateKey: Uint8Array; statePath: string; chainId: bigint }): PrivValidator {
    return new PrivValidator(opts.privateKey, opts.statePath, opts.chainId);
  }

  /** The last signed (height, round, step), or null before the first signature. */
  get lastSigned(): LastSignedState | null {
    return this.last;
  }

  /** Sign this validator's vote; throws PrivValidatorError DOUBLE_SIGN_REFUSED on a conflict. */
  signVote(vote: Omit<SignedVote, "signature" | "validator">): SignedVote {
    const unsigned = { ...vote, validator: this.address };
    const signature = this.sign(vote.height, vote.round, vote.type, voteSignBytes(unsigned, this.chainId));
    return { ...unsigned, signature };
  }

  /** Sign this validator's proposal; throws PrivValidatorError DOUBLE_SIGN_REFUSED on a conflict. */
  signProposal(p: Omit<SignedProposal, "signature" | "proposer">): SignedProposal {
    const unsigned = { ...p, proposer: this.address };
    const signature = this.sign(p.height, p.round, "propose", proposalSignBytes(unsigned, this.chainId));
    return { ...unsigned, signature };
  }

  private sign(height: number, round: number, step: RoundStep, bytes: Uint8Array): Uint8Array {
    const hash = toHex(keccak256(bytes));
    const last = this.last;
    if (last !== null) {
      const order = compareStep(height, round, step, last);
      if (order === 0 && last.signBytesHash === hash) return fromHex(last.signature);
      if (order <= 0) {
        throw new PrivValidatorError(
          "DOUBLE_SIGN_REFUSED",
          `refusing to sign ${step} at ${height}/${round}: already signed ${last.step} at ${last.height}/${last.round}${order === 0 ? " for another value" : ""}`,
          { height, round, step, last },
        );
      }
    }
    const signature = signBytes(bytes, this.privateKey);
    const next: LastSignedState = { height, round, step, signBytesHash: hash, signature: toHex(signature) };
    writeFileAtomic(this.statePath, `${JSON.stringify(next, null, 2)}\n`);
    this.last = next;
    return signature;
  }
}

function compareStep(height: number, round: number, step: RoundStep, last: LastSignedState): number {
  if (height !== last.height) return height - last.height;
  if (round !== last.round) return round - last.round;
  return STEP_ORDER[step] - STEP_ORDER[last.step];
}

/** Read the state file; a missing file is a fresh validator, an unreadable one stops the node (never guess). */
function readState(path: string): LastSignedState | null {
  if (!existsSync(path)) return null;
  let s: Partial<LastSignedState>;
  try {
    s = JSON.parse(readFileSync(path, "utf8")) as Partial<LastSignedState>;
  } catch (err) {
    throw new PrivValidatorError("SIGN_STATE_INVALID", `cannot read signing state ${path}: ${(err as Error).message}`);
  }
  const ok =
    Number.isSafeInteger(s.height) &&
    Number.isSafeInteger(s.round) &&
    (s.step === "propose" || s.step === "prevote" || s.step === "precommit") &&
    isHex(s.signBytesHash) &&
    isHex(s.signature);
  if (!ok) throw new PrivValidatorError("SIGN_STATE_INVALID", `signing state ${path} is malformed`);
  return s as LastSignedState;
}
