import { concatBytes } from "../lib/index.js";
import { modulePrefix, prefixEnd } from "./keys.js";
import type { MeteredKv } from "./metered-kv.js";

/** A module's own key space: a prefix view of the state, metered like every module access. */
export class ModuleStore {
  private readonly prefix: Uint8Array;

  constructor(
    private readonly kv: MeteredKv,
    moduleName: string,
  ) {
    this.prefix = modulePrefix(moduleName);
  }

  private full(key: Uint8Array): Uint8Array {
    return concatBytes(this.prefix, key);
  }

  get(key: Uint8Array): Uint8Array | undefined {
    return this.kv.get(this.full(key));
  }

  has(key: Uint8Array): boolean {
    return this.get(key) !== undefined;
  }

  set(key: Uint8Array, value: Uint8Array): void {
    this.kv.set(this.full(key), value);
  }

  delete(key: Uint8Array): void {
    this.kv.delete(this.full(key));
  }

  /** Entries whose key starts with `prefix` (keys returned without the module prefix), in key order. */
  *range(prefix: Uint8Array, limit = Number.POSITIVE_INFINITY): Generator<{ key: Uint8Array; value: Uint8Array }> {
    const start = this.full(prefix);
    let n = 0;
    for (const e of this.kv.range(start, prefixEnd(start))) {
      if (n++ >= limit) return;
      yield { key: e.key.subarray(this.prefix.length), value: e.value };
    }
  }
}
