import { readFileSync, writeFileSync } from "node:fs";

type Change = readonly [key: Uint8Array, value: Uint8Array | null];

/** Block mix of the benchmark: 80 % updates of existing keys, 15 % new keys, 5 % deletes. */
const INSERT_SHARE = 0.15;
const DELETE_SHARE = 0.05;

/**
 * The state-tree benchmark's workload (src/bench/tree.ts): account-like keys ("a" ‖ 16 pseudo-random
 * bytes ‖ u32 index) and 40-byte values carrying (index, version), so any value can be re-derived
 * from its key for proofs. Deterministic from its seed; saved between benchmark processes.
 */
export class TreeWorkload {
  private readonly versions: Uint32Array;
  private readonly alive: Uint8Array;
  /** next index, live keys, PRNG state */
  private readonly state: Uint32Array;

  constructor(capacity: number, seed: number) {
    this.versions = new Uint32Array(capacity);
    this.alive = new Uint8Array(capacity);
    this.state = Uint32Array.of(0, 0, seed);
  }

  get live(): number {
    return this.state[1]!;
  }

  save(path: string): void {
    writeFileSync(path, Buffer.concat([u8(this.state), u8(this.versions), this.alive]));
  }

  static load(path: string): TreeWorkload {
    const b = readFileSync(path);
    const capacity = (b.length - 12) / 5;
    const w = new TreeWorkload(capacity, 0);
    u8(w.state).set(b.subarray(0, 12));
    u8(w.versions).set(b.subarray(12, 12 + capacity * 4));
    w.alive.set(b.subarray(12 + capacity * 4));
    return w;
  }

  /** mulberry32 */
  private rand(): number {
    const s = (this.state[2]! + 0x6d2b79f5) >>> 0;
    this.state[2] = s;
    let x = Math.imul(s ^ (s >>> 15), s | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  }

  key(i: number): Uint8Array {
    const k = new Uint8Array(21);
    k[0] = 0x61;
    let h = Math.imul(i + 1, 0x9e3779b1);
    for (let j = 1; j < 17; j++) {
      h = Math.imul(h ^ (h >>> 13), 0x5bd1e995);
      k[j] = h >>> 24;
    }
    new DataView(k.buffer).setUint32(17, i);
    return k;
  }

  private value(i: number): Uint8Array {
    const v = new Uint8Array(40);
    const view = new DataView(v.buffer);
    view.setUint32(0, i);
    view.setUint32(4, this.versions[i]!);
    return v;
  }

  /** The committed value of `key` (for `readValue`). */
  valueOf(key: Uint8Array): Uint8Array | undefined {
    const i = new DataView(key.buffer, key.byteOffset).getUint32(17);
    return this.alive[i] ? this.value(i) : undefined;
  }

  /** `n` new keys. */
  inserts(n: number): Change[] {
    const out: Change[] = [];
    for (let j = 0; j < n; j++) {
      const i = this.state[0]!++;
      this.alive[i] = 1;
      this.state[1]!++;
      out.push([this.key(i), this.value(i)]);
    }
    return out;
  }

  /** One block of `n` distinct changed keys in the benchmark's mix. */
  block(n: number): Change[] {
    const existing = this.state[0]!;
    const out = this.inserts(Math.round(n * INSERT_SHARE));
    const deletes = Math.round(n * DELETE_SHARE);
    const updates = n - out.length - deletes;
    const taken = new Set<number>();
    for (let j = 0; j < updates + deletes; j++) {
      const i = this.randomLive(taken, existing);
      taken.add(i);
      if (j < updates) {
        this.versions[i]!++;
        out.push([this.key(i), this.value(i)]);
      } else {
        out.push([this.key(i), null]);
        this.alive[i] = 0;
        this.state[1]!--;
      }
    }
    return out;
  }

  presentKeys(n: number): Uint8Array[] {
    const taken = new Set<number>();
    return Array.from({ length: n }, () => this.key(this.randomLive(taken, this.state[0]!)));
  }

  /** Keys never inserted (from the top of the index range). */
  absentKeys(n: number): Uint8Array[] {
    return Array.from({ length: n }, (_, j) => this.key(this.versions.length - 1 - j));
  }

  private randomLive(taken: Set<number>, below: number): number {
    for (;;) {
      const i = Math.floor(this.rand() * below);
      if (this.alive[i] && !taken.has(i)) return i;
    }
  }
}

const u8 = (a: Uint32Array) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
