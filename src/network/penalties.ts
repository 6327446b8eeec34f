/**
 * Penalty points per peer, forgiven over time; at the threshold the peer is banned for a while.
 * Wall-clock time is fine here: this is node policy, not state-machine code.
 */
export interface PenaltyOptions {
  threshold: number;
  decayMs: number;
  banMs: number;
  /** Most peers tracked; beyond it the entries with the fewest points are forgotten first. */
  maxTracked?: number;
}

interface Entry {
  points: number;
  at: number;
}

/** What a penalty did. */
export type PenaltyOutcome = { banned: false; points: number } | { banned: true; until: number };

/** 4,096 peers: far more than a node connects to; bounds memory against peer-id churn. */
const DEFAULT_MAX_TRACKED = 4096;

export class PeerPenalties {
  readonly #entries = new Map<string, Entry>();
  readonly #bans = new Map<string, number>();
  readonly #opts: Required<PenaltyOptions>;
  readonly #now: () => number;

  constructor(opts: PenaltyOptions, now: () => number = Date.now) {
    this.#opts = { maxTracked: DEFAULT_MAX_TRACKED, ...opts };
    this.#now = now;
  }

  /** Add `points` (default 1) against a peer; bans it when its total reaches the threshold. */
  penalize(peer: string, points = 1): PenaltyOutcome {
    const now = this.#now();
    const until = this.#bans.get(peer);
    if (until !== undefined && until > now) return { banned: true, until };
    const total = this.#current(peer, now) + points;
    if (total >= this.#opts.threshold) {
      this.#entries.delete(peer);
      const bannedUntil = now + this.#opts.banMs;
      this.#bans.set(peer, bannedUntil);
      this.#trim(now);
      return { banned: true, until: bannedUntil };
    }
    this.#entries.set(peer, { points: total, at: now });
    this.#trim(now);
    return { banned: false, points: total };
  }

  /** Points a peer holds now (after decay). */
  points(peer: string): number {
    return this.#current(peer, this.#now());
  }

  /** Whether the peer is banned now. */
  isBanned(peer: string): boolean {
    const until = this.#bans.get(peer);
    if (until === undefined) return false;
    if (until > this.#now()) return true;
    this.#bans.delete(peer);
    return false;
  }

  /** When the peer's ban ends (ms since epoch), or null. */
  bannedUntil(peer: string): number | null {
    return this.isBanned(peer) ? (this.#bans.get(peer) ?? null) : null;
  }

  #current(peer: string, now: number): number {
    const e = this.#entries.get(peer);
    if (e === undefined) return 0;
    const forgiven = Math.floor((now - e.at) / this.#opts.decayMs);
    return Math.max(0, e.points - forgiven);
  }

  #trim(now: number): void {
    for (const [peer, until] of this.#bans) if (until <= now) this.#bans.delete(peer);
    if (this.#entries.size <= this.#opts.maxTracked) return;
    const byPoints = [...this.#entries.keys()].sort((a, b) => this.#current(a, now) - this.#current(b, now));
    for (const peer of byPoints.slice(0, this.#entries.size - this.#opts.maxTracked)) this.#entries.delete(peer);
  }
}
