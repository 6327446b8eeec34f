import { mulberry32 } from "../../lib/index.js";
import { TendermintMachine } from "../machine.js";
import type { ConsensusOptions } from "../options.js";
import type { CommitCertificate, ConsensusOutput, DoubleVoteEvidence, Proposal, Vote } from "../types.js";
import { ValidatorSet } from "../validator-set.js";
import { EventQueue } from "./queue.js";

/** A consensus message on the simulated wire. */
export type SimMessage =
  | { readonly kind: "proposal"; readonly proposal: Proposal }
  | { readonly kind: "vote"; readonly vote: Vote }
  | { readonly kind: "commit"; readonly certificate: CommitCertificate };

/** How the simulated network and validators behave. */
export interface SimOptions {
  readonly powers: readonly number[];
  readonly seed: number;
  readonly minDelayMs: number;
  readonly maxDelayMs: number;
  readonly dropRate: number;
  /** Gossip: every node re-sends what it knows of its height (and its last commit) this often. */
  readonly gossipIntervalMs: number;
  readonly crashed?: readonly number[];
  /** Validators that send conflicting votes and proposals to different peers. */
  readonly byzantine?: readonly number[];
  readonly consensus: ConsensusOptions;
}

type SimEvent =
  | { readonly kind: "deliver"; readonly to: number; readonly message: SimMessage }
  | {
      readonly kind: "timeout";
      readonly node: number;
      readonly input: Extract<ConsensusOutput, { kind: "scheduleTimeout" }>;
    }
  | { readonly kind: "gossip"; readonly node: number };

interface SimNode {
  readonly index: number;
  readonly address: string;
  readonly machine: TendermintMachine;
  known: Map<string, SimMessage>;
  lastCommit: SimMessage[];
  /** Commit certificates by height, sent to peers that lag (CometBFT's catch-up gossip). */
  readonly commits: Map<number, CommitCertificate>;
  readonly decisions: Map<number, string>;
  readonly evidence: DoubleVoteEvidence[];
}

/** The address of simulated validator `i`. */
export const simAddress = (i: number): string => `0x${(i + 1).toString(16).padStart(40, "0")}`;

const messageKey = (m: SimMessage): string =>
  m.kind === "proposal"
    ? `p/${m.proposal.round}/${m.proposal.value}`
    : m.kind === "vote"
      ? `v/${m.vote.type}/${m.vote.round}/${m.vote.validator}/${m.vote.value}`
      : `c/${m.certificate.round}/${m.certificate.value}`;
const heightOf = (m: SimMessage): number =>
  m.kind === "proposal" ? m.proposal.height : m.kind === "vote" ? m.vote.height : m.certificate.height;

/**
 * N in-process validators over a simulated network: seeded random delays (so reordering), drops,
 * crashes and Byzantine equivocators, with timeouts driven by a simulated clock.
 */
export class Simulation {
  readonly nodes: SimNode[];
  /** Every value some validator proposed (the validity property: decisions come from here). */
  readonly proposed = new Set<string>();
  now = 0;
  private readonly queue = new EventQueue<SimEvent>();
  private readonly random: () => number;
  private readonly crashed: Set<number>;
  private readonly byzantine: Set<number>;

  constructor(private readonly options: SimOptions) {
    this.random = mulberry32(options.seed);
    this.crashed = new Set(options.crashed ?? []);
    this.byzantine = new Set(options.byzantine ?? []);
    const set = new ValidatorSet(options.powers.map((p, i) => ({ address: simAddress(i), power: BigInt(p) })));
    this.nodes = options.powers.map((_, index) => {
      const address = simAddress(index);
      const machine = new TendermintMachine(
        {
          validators: set,
          self: address,
          proposeValue: (h, r) => this.propose(index, h, r),
          isValid: (_h, v) => this.proposed.has(v),
        },
        options.consensus,
      );
      return {
        index,
        address,
        machine,
        known: new Map(),
        lastCommit: [],
        commits: new Map(),
        decisions: new Map(),
        evidence: [],
      };
    });
  }

  /** The honest, running validators. */
  get honest(): SimNode[] {
    return this.nodes.filter((n) => !this.crashed.has(n.index) && !this.byzantine.has(n.index));
  }

  /** Start every running node at height 1 and run until all honest nodes decided `height` or time runs out. */
  run(height: number, maxTimeMs: number): void {
    for (const node of this.nodes) {
      if (this.crashed.has(node.index)) continue;
      this.handle(node, node.machine.step({ kind: "newHeight", height: 1 }));
      this.queue.push(this.options.gossipIntervalMs * (1 + this.random()), { kind: "gossip", node: node.index });
    }
    while (this.now <= maxTimeMs && !this.honest.every((n) => n.decisions.has(height))) {
      const next = this.queue.pop();
      if (!next) break;
      this.now = next.time;
      this.dispatch(next.item);
    }
  }

  private dispatch(event: SimEvent): void {
    if (event.kind === "deliver") {
      const node = this.nodes[event.to]!;
      const m = event.message;
      if (heightOf(m) === node.machine.state.height) node.known.set(messageKey(m), m);
      this.handle(node, node.machine.step(m));
    } else if (event.kind === "timeout") {
      const node = this.nodes[event.node]!;
      const { step, height, round } = event.input;
      this.handle(node, node.machine.step({ kind: "timeout", step, height, round }));
    } else {
      const node = this.nodes[event.node]!;
      for (const m of [...node.lastCommit, ...node.known.values()]) this.broadcast(node, m);
      for (const peer of this.nodes) {
        const certificate = node.commits.get(peer.machine.state.height);
        if (certificate && peer.index !== node.index) this.send(node, peer.index, { kind: "commit", certificate });
      }
      this.queue.push(this.now + this.options.gossipIntervalMs, event);
    }
  }

  private handle(node: SimNode, outputs: ConsensusOutput[]): void {
    for (const o of outputs) {
      if (o.kind === "broadcastProposal" || o.kind === "broadcastVote") {
        const m: SimMessage =
          o.kind === "broadcastProposal" ? { kind: "proposal", proposal: o.proposal } : { kind: "vote", vote: o.vote };
        node.known.set(messageKey(m), m);
        this.broadcast(node, m);
      } else if (o.kind === "scheduleTimeout") {
        this.queue.push(this.now + o.durationMs, { kind: "timeout", node: node.index, input: o });
      } else if (o.kind === "evidence") {
        node.evidence.push(o.evidence);
      } else if (o.kind === "decide") {
        node.decisions.set(o.height, o.value);
        node.commits.set(o.height, { height: o.height, round: o.round, value: o.value, commit: o.commit });
        const proposal = [...node.known.values()].find(
          (m) => m.kind === "proposal" && m.proposal.round === o.round && m.proposal.value === o.value,
        );
        node.lastCommit = [
          ...(proposal ? [proposal] : []),
          ...o.commit.map((vote): SimMessage => ({ kind: "vote", vote })),
        ];
        node.known = new Map();
        this.handle(node, node.machine.step({ kind: "newHeight", height: o.height + 1 }));
      }
    }
  }

  private broadcast(from: SimNode, m: SimMessage): void {
    for (const to of this.nodes) {
      if (to.index !== from.index) this.send(from, to.index, m);
    }
  }

  private send(from: SimNode, to: number, m: SimMessage): void {
    if (this.crashed.has(to) || this.random() < this.options.dropRate) return;
    const { minDelayMs, maxDelayMs } = this.options;
    const delay = minDelayMs + this.random() * (maxDelayMs - minDelayMs);
    const message = this.byzantine.has(from.index) ? this.equivocate(from, m, to) : m;
    this.queue.push(this.now + delay, { kind: "deliver", to, message });
  }

  /** A Byzantine sender tells odd peers something else: the other vote (nil ↔ value) or another proposal. */
  private equivocate(from: SimNode, m: SimMessage, to: number): SimMessage {
    if (to % 2 === 0) return m;
    if (m.kind === "commit") return m;
    if (m.kind === "vote") {
      if (m.vote.validator !== from.address) return m;
      const other = m.vote.value === null ? `0xbad${m.vote.height}r${m.vote.round}` : null;
      return { kind: "vote", vote: { ...m.vote, value: other } };
    }
    if (m.proposal.proposer !== from.address) return m;
    const value = `0xe71${m.proposal.height}r${m.proposal.round}`;
    this.proposed.add(value);
    return { kind: "proposal", proposal: { ...m.proposal, value } };
  }

  private propose(index: number, height: number, round: number): string {
    const value = `0x${height.toString(16)}${round.toString(16).padStart(4, "0")}${index.toString(16).padStart(4, "0")}`;
    this.proposed.add(value);
    return value;
  }
}
