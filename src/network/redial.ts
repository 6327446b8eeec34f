import type { Logger } from "../lib/index.js";

/** A persistent peer: its peer id and the address to dial. */
export interface PersistentPeer {
  peerId: string;
  addr: string;
}

/** What the redialer needs from the host. */
export interface RedialDeps {
  dial(peer: PersistentPeer, signal: AbortSignal): Promise<void>;
  isConnected(peerId: string): boolean;
  /** When the peer's ban ends (ms since epoch), or null. */
  bannedUntil(peerId: string): number | null;
  log: Logger;
}

/**
 * Keeps the persistent peers connected: dials each at start, and whenever one drops dials it
 * again after a backoff that starts at `minMs` and doubles per failure up to `maxMs` — forever,
 * because a validator that is down for an hour must still be found when it returns. A connection
 * that drops before `maxMs` does not reset the backoff (a peer that accepts and hangs up at once
 * is not dialled in a tight loop). A banned peer is retried when its ban ends.
 */
export class Redialer {
  readonly #peers: Map<string, PersistentPeer>;
  readonly #deps: RedialDeps;
  readonly #minMs: number;
  readonly #maxMs: number;
  readonly #backoff = new Map<string, number>();
  readonly #connectedAt = new Map<string, number>();
  readonly #timers = new Map<string, NodeJS.Timeout>();
  readonly #abort = new AbortController();

  constructor(peers: PersistentPeer[], opts: { minMs: number; maxMs: number }, deps: RedialDeps) {
    this.#peers = new Map(peers.map((p) => [p.peerId, p]));
    this.#minMs = opts.minMs;
    this.#maxMs = opts.maxMs;
    this.#deps = deps;
  }

  /** Whether a peer id is one of the persistent peers. */
  has(peerId: string): boolean {
    return this.#peers.has(peerId);
  }

  /** Dial every persistent peer now. */
  start(): void {
    for (const peerId of [...this.#peers.keys()].sort()) this.#schedule(peerId, 0);
  }

  /** A peer connected: its backoff starts over. */
  connected(peerId: string): void {
    if (!this.#peers.has(peerId)) return;
    this.#connectedAt.set(peerId, Date.now());
    this.#clear(peerId);
  }

  /** A peer disconnected: dial it again after the backoff. */
  disconnected(peerId: string): void {
    if (!this.#peers.has(peerId) || this.#abort.signal.aborted) return;
    const since = this.#connectedAt.get(peerId);
    this.#connectedAt.delete(peerId);
    if (since !== undefined && Date.now() - since >= this.#maxMs) this.#backoff.delete(peerId);
    this.#schedule(peerId, this.#backoff.get(peerId) ?? this.#minMs);
  }

  /** Cancel every timer and dial in progress. */
  stop(): void {
    this.#abort.abort();
    for (const t of this.#timers.values()) clearTimeout(t);
    this.#timers.clear();
  }

  #schedule(peerId: string, delayMs: number): void {
    if (this.#timers.has(peerId) || this.#abort.signal.aborted) return;
    const timer = setTimeout(() => {
      this.#timers.delete(peerId);
      void this.#attempt(peerId);
    }, delayMs);
    this.#timers.set(peerId, timer);
  }

  #clear(peerId: string): void {
    const t = this.#timers.get(peerId);
    if (t !== undefined) clearTimeout(t);
    this.#timers.delete(peerId);
  }

  async #attempt(peerId: string): Promise<void> {
    const peer = this.#peers.get(peerId);
    if (peer === undefined || this.#abort.signal.aborted || this.#deps.isConnected(peerId)) return;
    const bannedUntil = this.#deps.bannedUntil(peerId);
    if (bannedUntil !== null) {
      this.#schedule(peerId, Math.max(this.#minMs, bannedUntil - Date.now()));
      return;
    }
    try {
      await this.#deps.dial(peer, this.#abort.signal);
    } catch (err) {
      if (this.#abort.signal.aborted) return;
      const delay = this.#grow(peerId);
      this.#deps.log.debug(
        { peer: peerId, addr: peer.addr, retryInMs: delay, err: String(err) },
        "persistent peer dial failed",
      );
      this.#schedule(peerId, delay);
      return;
    }
    // Connected: the next disconnect waits at least the grown delay unless the connection lasts.
    this.#grow(peerId);
  }

  #grow(peerId: string): number {
    const delay = Math.min(this.#maxMs, 2 * (this.#backoff.get(peerId) ?? this.#minMs / 2));
    this.#backoff.set(peerId, delay);
    return delay;
  }
}
