import type { Commit, SignedProposal, SignedVote } from "../types/index.js";
import { TendermintMachine } from "./machine.js";
import type { ConsensusOptions } from "./options.js";
import type { ProposerRotation } from "./rotation.js";
import type { Address, ValueId, Vote } from "./types.js";

/** The key of one vote's content (one validator, type, round and value). */
export const voteKey = (v: Omit<Vote, "height">): string => `${v.type}/${v.round}/${v.validator}/${v.value ?? "nil"}`;

/** Everything the driver holds for the height in progress; dropped when the height ends. */
export class HeightState {
  readonly machine: TendermintMachine;
  /** Block bytes by value id, from proposals (own and received) and commits. */
  readonly blocks = new Map<ValueId, Uint8Array>();
  /** The application's verdict per value (the machine's isValid reads it; proposals are fed after it is known). */
  readonly verdicts = new Map<ValueId, boolean>();
  readonly validating = new Map<ValueId, Promise<boolean>>();
  /** Signed votes by content, so decisions and evidence carry signatures. */
  readonly signedVotes = new Map<string, SignedVote>();
  /** Own proposals found in the WAL, by round: re-proposed as they were (never a second block). */
  readonly ownProposals = new Map<number, SignedProposal>();
  /** This node's signed messages of the height, re-gossiped while it lasts. */
  readonly own: Array<{ kind: "proposal"; proposal: SignedProposal } | { kind: "vote"; vote: SignedVote }> = [];
  /** Contents already taken (dedupe before verifying signatures again). */
  readonly seen = new Set<string>();
  readonly timers = new Set<unknown>();
  decided = false;
  readonly startedAt: number;
  /** When the height's first block was cut (own proposal built) or received: the block interval runs from here. */
  valueAt: number | null = null;

  constructor(
    readonly height: number,
    readonly rotation: ProposerRotation,
    self: Address | null,
    options: ConsensusOptions,
    startedAt: number,
  ) {
    this.startedAt = startedAt;
    const isMember = self !== null && rotation.set.powerOf(self) > 0n;
    this.machine = new TendermintMachine(
      {
        validators: rotation.set,
        self: isMember ? self : null,
        proposeValue: (_h, r) => this.ownProposals.get(r)?.blockHash ?? null,
        isValid: (_h, v) => this.verdicts.get(v) ?? false,
        proposer: (_h, r) => rotation.proposer(r),
      },
      options,
    );
  }

  /** The signed commit certificate for a decision, from the signed precommits (sorted by validator). */
  commitFor(round: number, value: ValueId, votes: readonly Vote[]): Commit {
    const signatures = [...votes]
      .sort((a, b) => (a.validator < b.validator ? -1 : 1))
      .flatMap((v) => {
        const signed = this.signedVotes.get(voteKey(v));
        return signed ? [{ validator: signed.validator, signature: signed.signature }] : [];
      });
    return { height: this.height, round, blockHash: value as Commit["blockHash"], signatures };
  }
}
