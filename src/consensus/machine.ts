import { isValidCommit } from "./commit.js";
import { type ConsensusOptions, DEFAULT_CONSENSUS_OPTIONS, timeoutDuration } from "./options.js";
import { ProposerSchedule } from "./proposer.js";
import type {
  Address,
  CommitCertificate,
  ConsensusInput,
  ConsensusOutput,
  Proposal,
  RoundStep,
  ValueId,
  Vote,
  VoteType,
} from "./types.js";
import type { ValidatorSet } from "./validator-set.js";
import { VoteTally } from "./votes.js";

/** What the state machine needs from the application, passed at construction. */
export interface ConsensusDeps {
  readonly validators: ValidatorSet;
  /** This node's validator address, or null for a node that follows without voting. */
  readonly self: Address | null;
  /**
   * getValue(): the block id this node proposes at (height, round) when it has no valid value, or
   * null when it is not ready yet (an asynchronous block builder): the machine then outputs
   * `getValue`, schedules its own propose timeout, and proposes on the `value` input.
   */
  readonly proposeValue: (height: number, round: number) => ValueId | null;
  /** valid(v): the application's processProposal verdict; must be deterministic. */
  readonly isValid: (height: number, value: ValueId) => boolean;
  /** proposer(h, r); defaults to CometBFT's priority rotation over the fixed `validators` (ProposerSchedule). */
  readonly proposer?: (height: number, round: number) => Address;
}

/** The visible state of the machine (Algorithm 1's variables). */
export interface ConsensusState {
  readonly height: number;
  readonly round: number;
  readonly step: RoundStep;
  readonly lockedValue: ValueId | null;
  readonly lockedRound: number;
  readonly validValue: ValueId | null;
  readonly validRound: number;
  /** True between a decision and the next `newHeight` input. */
  readonly decided: boolean;
}

/**
 * Tendermint (Buchman, Kwon, Milosevic 2018, Algorithm 1) as a pure state machine: `step(input)`
 * returns the outputs; no clocks, no I/O, no randomness. Own messages are counted on broadcast.
 */
export class TendermintMachine {
  private readonly options: ConsensusOptions;
  private readonly proposerOf: (height: number, round: number) => Address;
  private s: ConsensusState = {
    height: 0,
    round: -1,
    step: "propose",
    lockedValue: null,
    lockedRound: -1,
    validValue: null,
    validRound: -1,
    decided: true,
  };
  /** Proposals by round, first received first; a Byzantine proposer may send several values. */
  private proposals = new Map<number, Proposal[]>();
  private votes: VoteTally;
  private verdicts = new Map<ValueId, boolean>();
  /** "upon … for the first time" rules already fired, keyed `line/round`. */
  private fired = new Set<string>();
  private out: ConsensusOutput[] = [];

  constructor(
    private readonly deps: ConsensusDeps,
    options: ConsensusOptions = DEFAULT_CONSENSUS_OPTIONS,
  ) {
    this.options = options;
    const schedule = new ProposerSchedule(deps.validators);
    this.proposerOf = deps.proposer ?? ((h, r) => schedule.proposer(h, r));
    this.votes = new VoteTally(deps.validators);
  }

  /** The current state (a copy). */
  get state(): ConsensusState {
    return { ...this.s };
  }

  /** proposer(h, r). */
  proposer(height: number, round: number): Address {
    return this.proposerOf(height, round);
  }

  /** Feed one input; returns what the driver must do, in order. */
  step(input: ConsensusInput): ConsensusOutput[] {
    this.out = [];
    switch (input.kind) {
      case "newHeight":
        this.startHeight(input.height);
        break;
      case "proposal":
        this.addProposal(input.proposal);
        break;
      case "vote":
        this.addVote(input.vote);
        break;
      case "timeout":
        this.onTimeout(input.step, input.height, input.round);
        break;
      case "commit":
        this.onCommit(input.certificate);
        break;
      case "value":
        this.onValue(input.height, input.round, input.value);
        break;
    }
    while (!this.s.decided && this.applyRule()) {
      // Apply rules until none fires: one input can enable several (e.g. skip round, then prevote).
    }
    return this.out;
  }

  private startHeight(height: number): void {
    if (height <= this.s.height) return;
    this.s = {
      height,
      round: -1,
      step: "propose",
      lockedValue: null,
      lockedRound: -1,
      validValue: null,
      validRound: -1,
      decided: false,
    };
    this.proposals = new Map();
    this.votes = new VoteTally(this.deps.validators);
    this.verdicts = new Map();
    this.fired = new Set();
    this.startRound(0);
  }

  /** StartRound(round), lines 11–21. */
  private startRound(round: number): void {
    const { height } = this.s;
    this.s = { ...this.s, round, step: "propose" };
    if (this.deps.self !== null && this.proposer(height, round) === this.deps.self) {
      const value = this.s.validValue ?? this.deps.proposeValue(height, round);
      if (value !== null) {
        this.propose(value);
        return;
      }
      this.out.push({ kind: "getValue", height, round });
    }
    this.scheduleTimeout("propose", round);
  }

  /** Line 19: broadcast ⟨PROPOSAL, h, r, value, validRound⟩ and count it ourselves. */
  private propose(value: ValueId): void {
    const proposal: Proposal = {
      height: this.s.height,
      round: this.s.round,
      proposer: this.deps.self!,
      value,
      validRound: this.s.validRound,
    };
    this.out.push({ kind: "broadcastProposal", proposal });
    this.addProposal(proposal);
  }

  /** The asynchronous getValue() answered: propose it if we are still in that round's propose step. */
  private onValue(height: number, round: number, value: ValueId): void {
    const { s } = this;
    if (s.decided || height !== s.height || round !== s.round || s.step !== "propose") return;
    if (this.deps.self === null || this.proposer(height, round) !== this.deps.self) return;
    if (this.proposals.get(round)?.some((p) => p.proposer === this.deps.self)) return;
    this.propose(value);
  }

  private addProposal(p: Proposal): void {
    if (p.height !== this.s.height || p.round < 0 || p.validRound >= p.round || p.validRound < -1) return;
    if (p.proposer !== this.proposer(p.height, p.round)) return;
    // Every distinct value is kept: the first drives lines 22/28, any may meet a quorum (lines 36/49).
    const list = this.proposals.get(p.round) ?? [];
    if (list.some((q) => q.value === p.value)) return;
    list.push(p);
    this.proposals.set(p.round, list);
  }

  private addVote(vote: Vote): void {
    if (vote.height !== this.s.height || vote.round < 0) return;
    const result = this.votes.add(vote);
    if (typeof result === "object") this.out.push({ kind: "evidence", evidence: result.evidence });
  }

  /** OnTimeoutPropose/Prevote/Precommit, lines 57–64. */
  private onTimeout(step: RoundStep, height: number, round: number): void {
    if (this.s.decided || height !== this.s.height || round !== this.s.round) return;
    if (step === "propose" && this.s.step === "propose") {
      this.vote("prevote", null);
    } else if (step === "prevote" && this.s.step === "prevote") {
      this.vote("precommit", null);
    } else if (step === "precommit") {
      this.startRound(round + 1);
    }
  }

  /** Decide from a certificate of > 2/3 distinct precommits for (height, round, value); the rest is ignored. */
  private onCommit(c: CommitCertificate): void {
    if (this.s.decided || c.height !== this.s.height || !isValidCommit(this.validators, c)) return;
    this.out.push({ kind: "decide", height: c.height, round: c.round, value: c.value, commit: c.commit });
    this.s = { ...this.s, decided: true };
  }

  /** Try each rule of lines 22–56 once; true when one fired and changed something. */
  private applyRule(): boolean {
    return this.ruleDecide() || this.ruleSkipRound() || this.rulesOfRound();
  }

  /** Lines 49–54: a proposal of any round r with 2f+1 precommits for it, valid → decide. */
  private ruleDecide(): boolean {
    for (const round of this.votes.roundsSeen()) {
      const p = this.proposals
        .get(round)
        ?.find((q) => this.validators.isQuorum(this.votes.powerFor("precommit", round, q.value)));
      if (!p || !this.valid(p.value)) continue;
      const commit = this.votes.votesFor("precommit", round, p.value);
      this.out.push({ kind: "decide", height: this.s.height, round, value: p.value, commit });
      this.s = { ...this.s, decided: true };
      return true;
    }
    return false;
  }

  /** Lines 55–56: f+1 validators sent messages of a higher round → StartRound(that round). */
  private ruleSkipRound(): boolean {
    const rounds = new Set(this.votes.roundsSeen());
    for (const r of this.proposals.keys()) rounds.add(r);
    const higher = [...rounds].filter((r) => r > this.s.round).sort((a, b) => b - a);
    for (const r of higher) {
      const senders = this.votes.senders(r);
      if (this.proposals.has(r)) senders.add(this.proposer(this.s.height, r));
      let power = 0n;
      for (const a of senders) power += this.validators.powerOf(a);
      if (this.validators.isOneThird(power)) {
        this.startRound(r);
        return true;
      }
    }
    return false;
  }

  /** Lines 22–48: the rules of the current round. */
  private rulesOfRound(): boolean {
    const { round, step } = this.s;
    const quorum = (type: VoteType, r: number, v: ValueId | null) =>
      this.validators.isQuorum(this.votes.powerFor(type, r, v));
    const p = this.proposals.get(round)?.[0];
    const polka = this.proposals.get(round)?.find((q) => quorum("prevote", round, q.value));
    if (step === "propose" && p && p.validRound === -1) {
      // Line 22: prevote v if valid and not locked on something else.
      const ok = this.valid(p.value) && (this.s.lockedRound === -1 || this.s.lockedValue === p.value);
      this.vote("prevote", ok ? p.value : null);
      return true;
    }
    if (step === "propose" && p && p.validRound >= 0 && quorum("prevote", p.validRound, p.value)) {
      // Line 28: a proposal backed by a polka of round vr < r may unlock us.
      const ok = this.valid(p.value) && (this.s.lockedRound <= p.validRound || this.s.lockedValue === p.value);
      this.vote("prevote", ok ? p.value : null);
      return true;
    }
    if (
      step === "prevote" &&
      this.firstTime("34", round, this.validators.isQuorum(this.votes.powerAny("prevote", round)))
    ) {
      this.scheduleTimeout("prevote", round);
      return true;
    }
    if (step !== "propose" && polka && this.valid(polka.value) && this.firstTime("36", round, true)) {
      // Line 36: a polka for a proposal: lock on it (if still prevoting) and remember it as valid.
      if (step === "prevote") {
        this.s = { ...this.s, lockedValue: polka.value, lockedRound: round };
        this.vote("precommit", polka.value);
      }
      this.s = { ...this.s, validValue: polka.value, validRound: round };
      return true;
    }
    if (step === "prevote" && quorum("prevote", round, null)) {
      // Line 44: a polka for nil.
      this.vote("precommit", null);
      return true;
    }
    if (this.firstTime("47", round, this.validators.isQuorum(this.votes.powerAny("precommit", round)))) {
      this.scheduleTimeout("precommit", round);
      return true;
    }
    return false;
  }

  private get validators(): ValidatorSet {
    return this.deps.validators;
  }

  private firstTime(line: string, round: number, condition: boolean): boolean {
    const key = `${line}/${round}`;
    if (!condition || this.fired.has(key)) return false;
    this.fired.add(key);
    return true;
  }

  private valid(value: ValueId): boolean {
    let verdict = this.verdicts.get(value);
    if (verdict === undefined) {
      verdict = this.deps.isValid(this.s.height, value);
      this.verdicts.set(value, verdict);
    }
    return verdict;
  }

  /** Broadcast our vote (a non-validator only moves its step) and count it ourselves. */
  private vote(type: VoteType, value: ValueId | null): void {
    this.s = { ...this.s, step: type };
    if (this.deps.self === null) return;
    const vote: Vote = { type, height: this.s.height, round: this.s.round, validator: this.deps.self, value };
    this.out.push({ kind: "broadcastVote", vote });
    this.addVote(vote);
  }

  private scheduleTimeout(step: RoundStep, round: number): void {
    const durationMs = timeoutDuration(this.options, step, round);
    this.out.push({ kind: "scheduleTimeout", step, height: this.s.height, round, durationMs });
  }
}
