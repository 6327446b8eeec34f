import { keccak256 } from "../crypto/index.js";
import { type Logger, toHex } from "../lib/index.js";
import { type DoubleSignEvidence, encodeEvidence, type SignedVote, verifyEvidence } from "../types/index.js";
import type { ConsensusApp, ConsensusTransport, Verdict } from "./interface.js";

/** Remembered offences are forgotten past this many (a bound, not a protocol rule: the block layer dedupes too). */
const MAX_REMEMBERED = 10_000;

/** Double-sign evidence: found by this node's vote counting or gossiped by peers; verified, reported once. */
export class EvidenceReporter {
  private readonly seen = new Set<string>();

  constructor(
    private readonly deps: {
      app: Pick<ConsensusApp, "validators">;
      transport: ConsensusTransport;
      chainId: bigint;
      log: Logger;
      onEvidence: ((e: DoubleSignEvidence) => void) | undefined;
    },
  ) {}

  /** Evidence from a peer: checked against the validator set of its height; gossip forwards it, not us. */
  receive(e: DoubleSignEvidence): Verdict {
    const key = evidenceKey(e);
    if (this.seen.has(key)) return "ignore";
    let validators: ReadonlyArray<{ address: string; power: bigint }>;
    try {
      validators = this.deps.app.validators(e.first.height);
    } catch {
      return "ignore"; // a height this node does not know: no fault of the peer
    }
    if (!verifyEvidence(e, validators, this.deps.chainId).ok) return "reject";
    this.report(key, e, false);
    return "accept";
  }

  /** Two signed votes the machine found conflicting (their signatures were checked on receipt): report and gossip. */
  found(e: DoubleSignEvidence): void {
    const key = evidenceKey(e);
    if (!this.seen.has(key)) this.report(key, e, true);
  }

  private report(key: string, e: DoubleSignEvidence, broadcast: boolean): void {
    if (this.seen.size >= MAX_REMEMBERED) this.seen.clear();
    this.seen.add(key);
    const v: SignedVote = e.first;
    this.deps.log.warn({ validator: v.validator, height: v.height, round: v.round, type: v.type }, "double sign");
    this.deps.onEvidence?.(e);
    if (broadcast) this.deps.transport.broadcast({ kind: "evidence", evidence: e });
  }
}

function evidenceKey(e: DoubleSignEvidence): string {
  return toHex(keccak256(encodeEvidence(e)));
}
