import { type DoubleSignEvidence, decodeEvidence, encodeEvidence } from "../types/index.js";

/** Evidence older than this many heights is no longer put in blocks (nor accepted in them). */
export const MAX_EVIDENCE_AGE = 10_000n;
/** At most this many evidence items per block. */
export const MAX_EVIDENCE_PER_BLOCK = 16;

/** One offence: a validator double-signed at a height (both votes are the proof). */
export function offenceKey(e: DoubleSignEvidence): string {
  return `${e.first.validator}:${e.first.height}`;
}

/**
 * Verified double-sign evidence waiting to be put in a block (DESIGN §4: gossiped, put in a block,
 * verified by everyone, handed to staking). One item per offence; an item leaves when a committed
 * block carries it or when it is too old. In memory: after a restart, evidence is found again by
 * vote counting or from peers' gossip, and staking ignores an offence it has already punished.
 */
export class EvidencePool {
  private readonly pending = new Map<string, DoubleSignEvidence>();
  private readonly included = new Set<string>();

  /** Add evidence the driver verified (signatures, set membership). */
  add(e: DoubleSignEvidence): void {
    const key = offenceKey(e);
    if (!this.included.has(key) && !this.pending.has(key)) this.pending.set(key, e);
  }

  /** Encoded items for a block at `height`, oldest offence first. */
  forBlock(height: bigint): Uint8Array[] {
    const items = [...this.pending.values()]
      .filter((e) => BigInt(e.first.height) < height && height - BigInt(e.first.height) <= MAX_EVIDENCE_AGE)
      .sort((a, b) => a.first.height - b.first.height || (a.first.validator < b.first.validator ? -1 : 1));
    return items.slice(0, MAX_EVIDENCE_PER_BLOCK).map(encodeEvidence);
  }

  /** A block with these items was committed at `height`. */
  committed(height: bigint, items: readonly Uint8Array[]): void {
    for (const raw of items) {
      const key = offenceKey(decodeEvidence(raw));
      this.pending.delete(key);
      this.included.add(key);
    }
    for (const [key, e] of this.pending)
      if (height - BigInt(e.first.height) > MAX_EVIDENCE_AGE) this.pending.delete(key);
  }

  size(): number {
    return this.pending.size;
  }
}
