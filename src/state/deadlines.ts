import { concatBytes } from "../lib/index.js";
import { readU64, u64Key } from "../store/codec.js";
import type { ModuleStore } from "./module-store.js";

/** Key prefix of a module's deadline queue inside its store. */
const QUEUE = new TextEncoder().encode("\u0000deadline/");

/**
 * A module's deadline queue (DESIGN §7): items keyed by (due time, id), swept at the end of
 * every block whose time has reached them, so nobody has to poke the chain.
 */
export class DeadlineQueue {
  constructor(private readonly store: ModuleStore) {}

  private key(time: bigint, id: Uint8Array): Uint8Array {
    return concatBytes(QUEUE, u64Key(time), id);
  }

  /** Run `id` at the first block with time >= `time` (ms). */
  schedule(time: bigint, id: Uint8Array): void {
    this.store.set(this.key(time, id), Uint8Array.of(1));
  }

  /** Remove a scheduled item (no-op if absent). */
  cancel(time: bigint, id: Uint8Array): void {
    this.store.delete(this.key(time, id));
  }

  /** Due items (time <= now) in (time, id) order. */
  due(now: bigint): Array<{ time: bigint; id: Uint8Array }> {
    const out: Array<{ time: bigint; id: Uint8Array }> = [];
    for (const { key } of this.store.range(QUEUE)) {
      const time = readU64(key, QUEUE.length);
      if (time > now) break;
      out.push({ time, id: key.slice(QUEUE.length + 8) });
    }
    return out;
  }
}
