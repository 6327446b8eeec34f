/**
 * A bounded queue with a concurrency limit. One per gossip topic: each topic has its own slots
 * and its own backlog, so a flood on one topic (transactions) neither delays the handlers of
 * another (consensus) behind it nor grows memory without bound.
 */
export class WorkQueue {
  readonly #maxWaiting: number;
  readonly #concurrency: number;
  readonly #waiting: Array<() => void> = [];
  #running = 0;

  constructor(maxWaiting: number, concurrency: number) {
    this.#maxWaiting = maxWaiting;
    this.#concurrency = concurrency;
  }

  /** Jobs running plus waiting. */
  get size(): number {
    return this.#running + this.#waiting.length;
  }

  /**
   * Run `job` when a slot is free. Returns null at once, without running it, when the backlog
   * is full (the caller drops the work).
   */
  run<T>(job: () => T | Promise<T>): Promise<T> | null {
    if (this.#running < this.#concurrency) {
      this.#running++;
      return this.#exec(job);
    }
    if (this.#waiting.length >= this.#maxWaiting) return null;
    // The slot is handed over by the job that finishes (see #exec), so no one can jump the queue.
    return new Promise<void>((resolve) => this.#waiting.push(resolve)).then(() => this.#exec(job));
  }

  async #exec<T>(job: () => T | Promise<T>): Promise<T> {
    try {
      return await job();
    } finally {
      const next = this.#waiting.shift();
      if (next !== undefined) next();
      else this.#running--;
    }
  }
}
