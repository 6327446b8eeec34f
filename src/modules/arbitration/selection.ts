import type { ArbiterStats } from "./state/arbiters.js";
import type { Bid } from "./state/bids.js";

/**
 * The bid that wins when the window closes without the parties agreeing: the lowest fee; on a
 * tie the better record (fewer missed deadlines, then more rulings), then the earlier bid.
 * Returns null when there is no bid.
 */
export function pickWinningBid(bids: readonly Bid[], statsOf: (b: Bid) => ArbiterStats): Bid | null {
  let best: { bid: Bid; stats: ArbiterStats } | null = null;
  for (const bid of bids) {
    const stats = statsOf(bid);
    if (best === null || better(bid, stats, best.bid, best.stats)) best = { bid, stats };
  }
  return best?.bid ?? null;
}

function better(a: Bid, as: ArbiterStats, b: Bid, bs: ArbiterStats): boolean {
  if (a.fee !== b.fee) return a.fee < b.fee;
  if (as.missed !== bs.missed) return as.missed < bs.missed;
  if (as.rulings !== bs.rulings) return as.rulings > bs.rulings;
  return a.id < b.id;
}
