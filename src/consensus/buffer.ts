import type { ConsensusMessage } from "../types/index.js";
import { voteKey } from "./height.js";

/** The height a gossip message is about (evidence: the height of its votes). */
export function messageHeight(m: ConsensusMessage): number {
  switch (m.kind) {
    case "vote":
      return m.vote.height;
    case "proposal":
      return m.proposal.height;
    case "commit":
      return m.commit.height;
    case "evidence":
      return m.evidence.first.height;
  }
}

/** A key for a message's content within its height: the same content twice is a duplicate. */
export function contentKey(m: ConsensusMessage): string {
  switch (m.kind) {
    case "vote":
      return `v/${voteKey(m.vote)}`;
    case "proposal":
      return `p/${m.proposal.round}/${m.proposal.blockHash}`;
    case "commit":
      return `c/${m.commit.round}/${m.commit.blockHash}`;
    case "evidence":
      return `e/${voteKey(m.evidence.first)}/${voteKey(m.evidence.second)}`;
  }
}

/** Messages for the next few heights, kept until the height starts; bounded per height, deduplicated. */
export class FutureBuffer {
  private readonly heights = new Map<number, Map<string, ConsensusMessage>>();

  constructor(private readonly maxPerHeight: number) {}

  /** Keep `m` for `height`; false when that height's buffer is full or `m` is already there. */
  add(height: number, m: ConsensusMessage): boolean {
    let forHeight = this.heights.get(height);
    if (!forHeight) {
      forHeight = new Map();
      this.heights.set(height, forHeight);
    }
    const key = contentKey(m);
    if (forHeight.size >= this.maxPerHeight || forHeight.has(key)) return false;
    forHeight.set(key, m);
    return true;
  }

  /** Take the messages of `height` (in arrival order) and drop those of lower heights. */
  take(height: number): ConsensusMessage[] {
    const out = [...(this.heights.get(height)?.values() ?? [])];
    for (const h of [...this.heights.keys()]) if (h <= height) this.heights.delete(h);
    return out;
  }

  /** Drop everything. */
  clear(): void {
    this.heights.clear();
  }
}
