import type { Logger } from "../lib/index.js";
import {
  type Commit,
  type ConsensusMessage,
  ConsensusWireError,
  commitVote,
  decodeConsensusMessage,
  makeEvidence,
  type SignedProposal,
  type SignedVote,
  voteSigner,
} from "../types/index.js";
import { contentKey, FutureBuffer, messageHeight } from "./buffer.js";
import { EvidenceReporter } from "./evidence.js";
import { HeightState, voteKey } from "./height.js";
import type { ConsensusDriverDeps, DriverStatus, Timers, Verdict } from "./interface.js";
import { DEFAULT_DRIVER_OPTIONS, type DriverOptions } from "./options.js";
import { ProposerRotation } from "./rotation.js";
import { PrivValidatorError } from "./signer.js";
import type { Address, ConsensusOutput, DoubleVoteEvidence, Proposal, Vote } from "./types.js";
import { ValidatorSet } from "./validator-set.js";
import { type HeightMessage, messageProblem } from "./verify.js";
import type { WalRecord } from "./wal.js";

type Output<K extends ConsensusOutput["kind"]> = Extract<ConsensusOutput, { kind: K }>;

const globalTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

/**
 * Runs the pure Tendermint machine as a validator (or a follower): one machine per height, real
 * timers, signature checks of every message against the height's validator set before the machine
 * sees it, a guarded signer, a write-ahead log replayed on restart, a bounded buffer for the next
 * heights, and periodic re-gossip of its own messages and of the last commit for laggards.
 */
export class ConsensusDriver {
  private readonly options: DriverOptions;
  private readonly now: () => number;
  private readonly timers: Timers;
  private readonly log: Logger;
  private hs: HeightState | null = null;
  /** The height in progress (or being started). */
  private target = 0;
  private stopped = false;
  /** End-of-height markers waiting for their block to be written, in height order. */
  private walMarks: Promise<void> = Promise.resolve();
  private readonly buffer: FutureBuffer;
  private lastDecision: { commit: Commit; block: Uint8Array } | null = null;
  /** A peer spoke about the previous height since the last gossip tick: it may need our last commit. */
  private heardLaggard = false;
  private gossipTimer: unknown = null;
  private readonly evidence: EvidenceReporter;
  private behindReported = 0;

  constructor(private readonly deps: ConsensusDriverDeps) {
    this.options = { ...DEFAULT_DRIVER_OPTIONS, ...deps.options };
    this.now = deps.now ?? Date.now;
    this.timers = deps.timers ?? globalTimers;
    this.log = deps.log;
    this.buffer = new FutureBuffer(this.options.maxBufferedPerHeight);
    const { app, transport, chainId, onEvidence } = deps;
    this.evidence = new EvidenceReporter({ app, transport, chainId, log: deps.log, onEvidence });
  }

  /** Start at `height` (the committed head + 1): replay the WAL's records of that height, then run. */
  async start(height: number): Promise<void> {
    this.target = height;
    const rotation = this.restoreRotation(height);
    const records = this.walRecordsOf(height);
    if (records.length > 0) this.log.info({ height, records: records.length }, "replaying consensus WAL");
    this.scheduleGossip();
    await this.enterHeight(rotation, records);
  }

  /** The sync layer committed up to `height - 1` itself: abandon the current height and start `height`. */
  async skipTo(height: number): Promise<void> {
    if (this.stopped || height <= this.target) return;
    const from = this.hs;
    if (from) this.clearTimers(from);
    this.hs = null;
    let rotation = from?.rotation ?? this.restoreRotation(this.target);
    while (rotation.height < height) rotation = rotation.next(this.validatorSet(rotation.height + 1));
    this.deps.wal?.endHeight(height - 1, rotation.snapshot());
    this.lastDecision = null;
    await this.enterHeight(rotation, []);
  }

  /**
   * Stop timers and ignore everything after; the WAL stays open (its owner closes it), and a
   * height whose block is still being written is marked done in it once written.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.hs) this.clearTimers(this.hs);
    this.hs = null;
    if (this.gossipTimer !== null) this.timers.clearTimeout(this.gossipTimer);
    this.buffer.clear();
    await this.walMarks;
  }

  /** The WAL's records of `height` found at open (replayed when the height starts). */
  private walRecordsOf(height: number): WalRecord[] {
    return (this.deps.wal?.records ?? []).filter((r) => r.kind !== "endHeight" && r.height === height);
  }

  /**
   * Mark `height` done in the WAL once the app has its block on disk (`app.written`): until then
   * a crash must find the height's records to replay it. The next height runs meanwhile; its
   * records stay in the log after the marker.
   */
  private markEnd(height: number, priorities: ReadonlyArray<readonly [Address, bigint]>): void {
    const { wal, app } = this.deps;
    if (!wal) return;
    if (!app.written) {
      wal.endHeight(height, priorities);
      return;
    }
    const written = app.written();
    this.walMarks = this.walMarks
      .then(() => written)
      .then(() => wal.endHeight(height, priorities))
      .catch((err: unknown) => this.fatal(err));
  }

  /** Where the driver is. */
  status(): DriverStatus {
    const hs = this.hs;
    if (!hs) return { height: this.target, round: 0, step: "propose", decided: false };
    const s = hs.machine.state;
    return { height: hs.height, round: Math.max(s.round, 0), step: s.step, decided: hs.decided };
  }

  /** Raw gossip bytes (`encodeConsensusMessage`): undecodable input is `reject`. */
  receiveBytes(bytes: Uint8Array, from?: string): Verdict {
    let msg: ConsensusMessage;
    try {
      msg = decodeConsensusMessage(bytes);
    } catch (err) {
      if (!(err instanceof ConsensusWireError)) throw err;
      this.log.debug({ from, reason: err.message }, "rejected undecodable consensus message");
      return "reject";
    }
    return this.receive(msg, from);
  }

  /** A message from the network; `from` names the peer for logs. The verdict is for peer scoring. */
  receive(msg: ConsensusMessage, from?: string): Verdict {
    if (this.stopped) return "ignore";
    if (msg.kind === "evidence") return this.evidence.receive(msg.evidence);
    const height = messageHeight(msg);
    if (msg.kind === "vote" && this.lastDecision?.commit.height === height) {
      // A peer still voting on the height we decided may need our commit (re-sent by gossip).
      if (height === this.target - 1) this.heardLaggard = true;
      return this.lateVote(msg.vote);
    }
    if (height < this.target) {
      if (height === this.target - 1) this.heardLaggard = true;
      return "ignore";
    }
    if (height > this.target + this.options.maxHeightsAhead) {
      this.reportBehind(height);
      return "ignore";
    }
    const hs = this.hs;
    if (!hs || hs.height !== height) return this.bufferFuture(msg, height);
    const key = contentKey(msg);
    if (hs.seen.has(key)) return "ignore";
    if (msg.kind !== "commit" && roundOf(msg) > hs.machine.state.round + this.options.maxRoundsAhead) return "ignore";
    const problem = messageProblem(msg, hs.rotation.set, hs.rotation, this.deps.chainId);
    if (problem !== null) {
      this.log.debug({ from, height, problem }, "rejected consensus message");
      return "reject";
    }
    hs.seen.add(key);
    this.take(hs, msg, false).catch((err: unknown) => this.fatal(err));
    return "accept";
  }

  /**
   * The commit certificate of the last decided height, with the precommits that arrived after the
   * decision (during the commit delay): the next proposal carries it as `lastCommit`, so validators
   * whose precommit was a little late are still counted as signers (rewards, downtime).
   */
  lastCommit(height: number): Commit | null {
    const d = this.lastDecision;
    return d && d.commit.height === height ? d.commit : null;
  }

  /** A vote of the last decided height: a valid precommit for the decided block joins its commit. */
  private lateVote(v: SignedVote): Verdict {
    const d = this.lastDecision;
    if (!d || v.type !== "precommit" || v.round !== d.commit.round || v.value !== d.commit.blockHash) return "ignore";
    if (d.commit.signatures.some((s) => s.validator === v.validator)) return "ignore";
    const set = this.validatorSet(v.height);
    if (set.powerOf(v.validator) === 0n || voteSigner(v, this.deps.chainId) !== v.validator) return "reject";
    const signatures = [...d.commit.signatures, { validator: v.validator, signature: v.signature }].sort((a, b) =>
      a.validator < b.validator ? -1 : a.validator > b.validator ? 1 : 0,
    );
    this.lastDecision = { ...d, commit: { ...d.commit, signatures } };
    return "accept";
  }

  // ---- heights ----

  private async enterHeight(rotation: ProposerRotation, replay: readonly WalRecord[]): Promise<void> {
    const height = rotation.height;
    this.target = height;
    const hs = new HeightState(height, rotation, this.deps.signer?.address ?? null, this.options, this.now());
    this.hs = hs;
    for (const r of replay) {
      if (r.kind === "message" && r.own && r.message.kind === "proposal") {
        const p = r.message.proposal;
        hs.ownProposals.set(p.round, p);
        hs.blocks.set(p.blockHash, p.block);
        hs.verdicts.set(p.blockHash, true);
      }
    }
    this.handle(hs, hs.machine.step({ kind: "newHeight", height }));
    for (const r of replay) {
      if (this.hs !== hs) return;
      if (r.kind === "timeout") this.handle(hs, hs.machine.step(r));
      // Own votes are not fed: the machine makes them again from the same inputs (the guard re-signs identically).
      else if (r.kind === "message" && !r.own) {
        hs.seen.add(contentKey(r.message));
        await this.take(hs, r.message, true);
      }
    }
    for (const m of this.buffer.take(height)) {
      if (this.hs !== hs) return;
      const verdict = this.receive(m);
      if (verdict === "reject") this.log.debug({ height, kind: m.kind }, "dropped an invalid buffered message");
    }
  }

  private restoreRotation(height: number): ProposerRotation {
    const marker = this.deps.wal?.records.findLast((r) => r.kind === "endHeight");
    if (marker?.kind === "endHeight" && marker.height === height - 1) {
      return ProposerRotation.restore(height, this.validatorSet(height), marker.priorities);
    }
    // No snapshot: recompute P(height) from genesis (O(height × validators); a new node after sync).
    if (height > 1) this.log.info({ height }, "recomputing proposer priorities from genesis");
    let rotation = ProposerRotation.genesis(this.validatorSet(1));
    while (rotation.height < height) rotation = rotation.next(this.validatorSet(rotation.height + 1));
    return rotation;
  }

  private validatorSet(height: number): ValidatorSet {
    return new ValidatorSet(this.deps.app.validators(height));
  }

  // ---- incoming ----

  /** A message for a near future height: check what can be checked now, then keep it until the height starts. */
  private bufferFuture(msg: HeightMessage, height: number): Verdict {
    let set: ValidatorSet | null = null;
    try {
      set = this.validatorSet(height);
    } catch {
      // The set of that height is not known yet (two heights ahead): checked when the height starts.
    }
    if (set !== null && messageProblem(msg, set, null, this.deps.chainId) !== null) return "reject";
    return this.buffer.add(height, msg) ? "accept" : "ignore";
  }

  /** Feed a verified message to the machine (proposals and commits after the app's verdict on their block). */
  private async take(hs: HeightState, msg: ConsensusMessage, fromWal: boolean): Promise<void> {
    if (msg.kind === "vote") {
      hs.signedVotes.set(voteKey(msg.vote), msg.vote);
      if (!fromWal) this.deps.wal?.append({ kind: "message", height: hs.height, own: false, message: msg }, false);
      this.handle(hs, hs.machine.step({ kind: "vote", vote: msg.vote }));
    } else if (msg.kind === "proposal") {
      const p = msg.proposal;
      hs.valueAt ??= this.now();
      if (!hs.blocks.has(p.blockHash)) hs.blocks.set(p.blockHash, p.block);
      await this.verdict(hs, p.blockHash, p.block);
      if (this.hs !== hs) return;
      if (!fromWal) this.deps.wal?.append({ kind: "message", height: hs.height, own: false, message: msg }, false);
      this.handle(hs, hs.machine.step({ kind: "proposal", proposal: toProposal(p) }));
    } else if (msg.kind === "commit") {
      const { commit, block } = msg;
      if (!(await this.verdict(hs, commit.blockHash, block))) {
        this.log.warn({ height: hs.height }, "a commit's block does not validate");
        return;
      }
      if (this.hs !== hs) return;
      hs.blocks.set(commit.blockHash, block);
      const votes = commit.signatures.map((s) => commitVote(commit, s));
      for (const v of votes) hs.signedVotes.set(voteKey(v), v);
      if (!fromWal) this.deps.wal?.append({ kind: "message", height: hs.height, own: false, message: msg }, false);
      const certificate = { height: commit.height, round: commit.round, value: commit.blockHash, commit: votes };
      this.handle(hs, hs.machine.step({ kind: "commit", certificate }));
    }
  }

  /** The app's verdict on a block (once per value and height); a throwing app counts as invalid. */
  private verdict(hs: HeightState, id: string, block: Uint8Array): Promise<boolean> {
    const known = hs.verdicts.get(id);
    if (known !== undefined) return Promise.resolve(known);
    let pending = hs.validating.get(id);
    if (!pending) {
      pending = this.deps.app.validate(hs.height, id, block).then(
        (ok) => ok,
        (err: unknown) => {
          this.log.warn({ height: hs.height, id, err }, "block validation failed");
          return false;
        },
      );
      hs.validating.set(id, pending);
      pending.then((ok) => hs.verdicts.set(id, ok));
    }
    return pending;
  }

  private reportBehind(height: number): void {
    if (height <= this.behindReported) return;
    this.behindReported = height;
    this.deps.onBehind?.(height);
  }

  // ---- outputs ----

  private handle(hs: HeightState, outputs: readonly ConsensusOutput[]): void {
    for (const o of outputs) {
      if (this.hs !== hs || this.stopped) return;
      switch (o.kind) {
        case "broadcastProposal":
          this.sendProposal(hs, o.proposal);
          break;
        case "broadcastVote":
          this.sendVote(hs, o.vote);
          break;
        case "scheduleTimeout":
          this.scheduleTimeout(hs, o);
          break;
        case "getValue":
          this.buildValue(hs, o.round).catch((err: unknown) => this.fatal(err));
          break;
        case "evidence":
          this.machineEvidence(hs, o.evidence);
          break;
        case "decide":
          this.decide(hs, o).catch((err: unknown) => this.fatal(err));
          break;
      }
    }
  }

  private sendProposal(hs: HeightState, p: Proposal): void {
    const signer = this.deps.signer!;
    const block = hs.blocks.get(p.value)!;
    let signed: SignedProposal;
    try {
      signed = signer.signProposal({
        height: p.height,
        round: p.round,
        validRound: p.validRound,
        blockHash: p.value as SignedProposal["blockHash"],
        block,
      });
    } catch (err) {
      if (!(err instanceof PrivValidatorError)) throw err;
      this.log.error({ err }, "signing guard refused a proposal");
      return;
    }
    this.publish(hs, { kind: "proposal", proposal: signed });
  }

  private sendVote(hs: HeightState, v: Vote): void {
    let signed: SignedVote;
    try {
      signed = this.deps.signer!.signVote({
        type: v.type,
        height: v.height,
        round: v.round,
        value: v.value as SignedVote["value"],
      });
    } catch (err) {
      if (!(err instanceof PrivValidatorError)) throw err;
      this.log.error({ err }, "signing guard refused a vote");
      return;
    }
    hs.signedVotes.set(voteKey(signed), signed);
    this.publish(hs, { kind: "vote", vote: signed });
  }

  /** Own message: durable in the WAL before anyone sees it, then gossiped (and re-gossiped while the height lasts). */
  private publish(
    hs: HeightState,
    msg: { kind: "proposal"; proposal: SignedProposal } | { kind: "vote"; vote: SignedVote },
  ): void {
    hs.seen.add(contentKey(msg));
    this.deps.wal?.append({ kind: "message", height: hs.height, own: true, message: msg }, true);
    hs.own.push(msg);
    this.deps.transport.broadcast(msg);
  }

  private scheduleTimeout(hs: HeightState, o: Output<"scheduleTimeout">): void {
    // Without empty blocks everyone waits for the round-0 proposer to see transactions (or the heartbeat).
    const wait = !this.options.emptyBlocks && o.step === "propose" && o.round === 0;
    const duration = o.durationMs + (wait ? this.options.emptyBlocksIntervalMs : 0);
    this.after(hs, duration, () => {
      this.deps.wal?.append({ kind: "timeout", height: o.height, round: o.round, step: o.step }, false);
      this.handle(hs, hs.machine.step({ kind: "timeout", step: o.step, height: o.height, round: o.round }));
    });
  }

  /** getValue(): ask the app for a block (round 0 without empty blocks: once there are transactions). */
  private async buildValue(hs: HeightState, round: number): Promise<void> {
    const { app } = this.deps;
    if (!this.options.emptyBlocks && round === 0 && app.hasTxs) {
      while (!app.hasTxs() && this.now() - hs.startedAt < this.options.emptyBlocksIntervalMs) {
        await new Promise<void>((resolve) => this.after(hs, this.options.txPollMs, resolve));
      }
    }
    let built: { id: string; block: Uint8Array };
    hs.valueAt ??= this.now();
    try {
      built = await app.propose(hs.height, round);
    } catch (err) {
      this.log.error({ err, height: hs.height, round }, "building a proposal failed");
      return;
    }
    if (this.hs !== hs) return;
    hs.blocks.set(built.id, built.block);
    hs.verdicts.set(built.id, true);
    this.handle(hs, hs.machine.step({ kind: "value", height: hs.height, round, value: built.id }));
  }

  private machineEvidence(hs: HeightState, e: DoubleVoteEvidence): void {
    const first = hs.signedVotes.get(voteKey(e.first));
    const second = hs.signedVotes.get(voteKey(e.second));
    if (first && second) this.evidence.found(makeEvidence(first, second));
  }

  /**
   * Commit the decided block, mark the height done in the WAL, then start the next height one
   * block interval after this height's first proposal, or earlier as soon as the app reports a
   * backlog (polled every `txPollMs`), but never sooner than `minCommitDelayMs` after the commit.
   */
  private async decide(hs: HeightState, o: Output<"decide">): Promise<void> {
    hs.decided = true;
    this.clearTimers(hs);
    const block = hs.blocks.get(o.value);
    if (!block) throw new Error(`decided ${o.value} at height ${o.height} without its block`);
    const commit = hs.commitFor(o.round, o.value, o.commit);
    await this.deps.app.commit(hs.height, o.value, block, commit);
    if (this.hs !== hs || this.stopped) return;
    this.lastDecision = { commit, block };
    this.log.debug({ height: hs.height, round: o.round, id: o.value }, "committed");
    this.deps.onCommitted?.(hs.height, o.value);
    const next = hs.rotation.next(this.validatorSet(hs.height + 1));
    this.markEnd(hs.height, next.snapshot());
    const deadline = (hs.valueAt ?? hs.startedAt) + this.options.blockIntervalMs;
    // After a restart the WAL may hold the next height's records too (it ran while this block was
    // written): replayed as at start.
    const start = (): void => {
      this.enterHeight(next, this.walRecordsOf(next.height)).catch((err: unknown) => this.fatal(err));
    };
    // After the least delay: start at the interval's end, or as soon as a backlog builds up.
    const poll = (): void => {
      const left = deadline - this.now();
      if (left <= 0 || this.deps.app.backlogged?.() === true) start();
      else this.after(hs, Math.min(this.options.txPollMs, left), poll);
    };
    this.after(hs, this.options.minCommitDelayMs, poll);
  }

  // ---- timers ----

  /** Run `fn` after `ms` unless the height ends or the driver stops first. */
  private after(hs: HeightState, ms: number, fn: () => void): void {
    const handle = this.timers.setTimeout(() => {
      hs.timers.delete(handle);
      if (this.hs === hs && !this.stopped) fn();
    }, ms);
    hs.timers.add(handle);
  }

  private clearTimers(hs: HeightState): void {
    for (const t of hs.timers) this.timers.clearTimeout(t);
    hs.timers.clear();
  }

  /** Re-send own messages of a height that is taking long (lost messages), and the last commit to laggards. */
  private scheduleGossip(): void {
    this.gossipTimer = this.timers.setTimeout(() => {
      if (this.stopped) return;
      const hs = this.hs;
      if (hs && !hs.decided && this.now() - hs.startedAt >= this.options.gossipIntervalMs) {
        for (const m of hs.own) this.deps.transport.broadcast(m);
      }
      if (this.heardLaggard && this.lastDecision) {
        this.deps.transport.broadcast({ kind: "commit", ...this.lastDecision });
      }
      this.heardLaggard = false;
      this.scheduleGossip();
    }, this.options.gossipIntervalMs);
  }

  private fatal(err: unknown): void {
    const error = err instanceof Error ? err : new Error(String(err));
    this.log.error({ err: error }, "consensus stopped");
    void this.stop();
    this.deps.onFatal?.(error);
  }
}

function roundOf(msg: { kind: "vote"; vote: SignedVote } | { kind: "proposal"; proposal: SignedProposal }): number {
  return msg.kind === "vote" ? msg.vote.round : msg.proposal.round;
}

function toProposal(p: SignedProposal): Proposal {
  return { height: p.height, round: p.round, proposer: p.proposer, value: p.blockHash, validRound: p.validRound };
}
