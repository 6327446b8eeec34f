/**
 * State tree benchmark (docs/state-tree.md): blocks of changed keys applied to trees of growing
 * size on a real LMDB in a temp dir, for the binary trie the node uses and the 16-ary alternative.
 *
 *   npx tsc -p tsconfig.build.json && node dist/bench/tree.js [--sizes 10000,100000,1000000]
 *     [--blocks 1000,10000] [--designs binary,hexary] [--rounds 5] [--hasher crypto|raw] [--json]
 */
import { execFileSync } from "node:child_process";
import { statSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Keccak256 } from "../store/tree/hash.js";
import { HexaryStateTree } from "../store/tree/hexary.js";
import { createStateTree, type StateTree, type StateTreeOptions, writeTreeUpdate } from "../store/tree/index.js";
import { openTreeDb } from "../store/tree/temp-db.js";

export type TreeDesign = "binary" | "hexary";

/** Options of `runTreeBench`. */
export interface TreeBenchOptions {
  /** Tree sizes (keys held) to measure at. Default 10 k, 100 k, 1 M. */
  sizes?: number[];
  /** Changed keys per block. Default 1 000 and 10 000. */
  blockSizes?: number[];
  designs?: TreeDesign[];
  /** Measured blocks per (size, block size), after one warm-up block. Default 5. */
  rounds?: number;
  /** "crypto": src/crypto's keccak256 (default); "raw": the same native keccak without its stream wrapper. */
  hasher?: "crypto" | "raw";
  cacheDepth?: number;
  /** Run each design in its own process so RSS is its own (default true; needs the compiled file). */
  isolate?: boolean;
  log?: (line: string) => void;
}

/** Mean figures of one (design, tree size, block size). */
export interface TreeBenchRow {
  design: TreeDesign;
  keys: number;
  blockSize: number;
  /** Changed keys per second, root computation plus the LMDB write transaction. */
  updatesPerSec: number;
  /** computeUpdate: hashing keys and values, reading nodes, new root and node writes. */
  rootMs: number;
  /** Applying the node writes in one LMDB write transaction (synced commit). */
  writeMs: number;
  writesPerBlock: number;
  bytesPerBlock: number;
  /** Mean inclusion / exclusion proof size: sibling hashes plus extra data (not key and value). */
  proofBytes: number;
  exclusionProofBytes: number;
  rssMb: number;
  dbMb: number;
}

const BUILD_BATCH = 50_000;
/** Block mix: 80 % updates of existing keys, 15 % new keys, 5 % deletes. */
const INSERT_SHARE = 0.15;
const DELETE_SHARE = 0.05;

/** Runs the benchmark and returns one row per design, tree size and block size. */
export async function runTreeBench(opts: TreeBenchOptions = {}): Promise<TreeBenchRow[]> {
  const designs = opts.designs ?? ["binary", "hexary"];
  const self = fileURLToPath(import.meta.url);
  if ((opts.isolate ?? true) && self.endsWith(".js")) {
    const { log: _log, ...plain } = opts;
    return designs.flatMap((design) => {
      const out = execFileSync(process.execPath, [self, "--child", JSON.stringify({ ...plain, designs: [design] })], {
        encoding: "utf8",
        stdio: ["ignore", "pipe", "inherit"],
        maxBuffer: 1 << 24,
      });
      return JSON.parse(out) as TreeBenchRow[];
    });
  }
  const rows: TreeBenchRow[] = [];
  for (const design of designs) rows.push(...(await benchDesign(design, opts)));
  return rows;
}

async function benchDesign(design: TreeDesign, opts: TreeBenchOptions): Promise<TreeBenchRow[]> {
  const log = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const sizes = opts.sizes ?? [10_000, 100_000, 1_000_000];
  const blockSizes = opts.blockSizes ?? [1_000, 10_000];
  const rounds = opts.rounds ?? 5;
  const w = new Workload(Math.max(...sizes) * 2 + 1_000_000, 0x5eed);
  const t = openTreeDb();
  const treeOptions: StateTreeOptions = { readValue: (key) => w.valueOf(key) };
  if (opts.cacheDepth !== undefined) treeOptions.cacheDepth = opts.cacheDepth;
  if (opts.hasher === "raw") treeOptions.keccak = rawKeccak();
  const tree: StateTree =
    design === "binary" ? createStateTree(t.db, treeOptions) : new HexaryStateTree(t.db, treeOptions);
  const apply = (changes: Array<readonly [Uint8Array, Uint8Array | null]>) => {
    const t0 = performance.now();
    const update = tree.computeUpdate(changes);
    const t1 = performance.now();
    t.env.transactionSync(() => writeTreeUpdate(t.db, update));
    const t2 = performance.now();
    tree.commit(update);
    let bytes = 0;
    for (const [k, v] of update.writes) bytes += k.length + (v?.length ?? 0);
    return { rootMs: t1 - t0, writeMs: t2 - t1, writes: update.writes.length, bytes };
  };
  const rows: TreeBenchRow[] = [];
  try {
    for (const size of sizes) {
      const start = performance.now();
      while (w.live < size) apply(w.inserts(Math.min(BUILD_BATCH, size - w.live)));
      log(`${design}: ${size} keys built in ${((performance.now() - start) / 1000).toFixed(1)} s`);
      for (const blockSize of blockSizes) {
        apply(w.block(blockSize));
        const sum = { rootMs: 0, writeMs: 0, writes: 0, bytes: 0 };
        for (let r = 0; r < rounds; r++) {
          const m = apply(w.block(blockSize));
          sum.rootMs += m.rootMs;
          sum.writeMs += m.writeMs;
          sum.writes += m.writes;
          sum.bytes += m.bytes;
        }
        const rootMs = sum.rootMs / rounds;
        const writeMs = sum.writeMs / rounds;
        const row: TreeBenchRow = {
          design,
          keys: size,
          blockSize,
          updatesPerSec: Math.round((blockSize * 1000) / (rootMs + writeMs)),
          rootMs: round1(rootMs),
          writeMs: round1(writeMs),
          writesPerBlock: Math.round(sum.writes / rounds),
          bytesPerBlock: Math.round(sum.bytes / rounds),
          proofBytes: meanProofBytes(tree, w.presentKeys(200)),
          exclusionProofBytes: meanProofBytes(tree, w.absentKeys(200)),
          rssMb: Math.round(process.memoryUsage().rss / 2 ** 20),
          dbMb: Math.round(statSync(join(t.dir, "data.mdb")).size / 2 ** 20),
        };
        log(JSON.stringify(row));
        rows.push(row);
      }
    }
  } finally {
    await t.destroy();
  }
  return rows;
}

function meanProofBytes(tree: StateTree, keys: Uint8Array[]): number {
  let total = 0;
  for (const key of keys) {
    const p = tree.prove(key);
    total += p.siblings.length * 32 + p.extra.reduce((n, e) => n + e.length, 0);
  }
  return Math.round(total / keys.length);
}

const round1 = (x: number) => Math.round(x * 10) / 10;

/**
 * Keys like account keys ("a" ‖ 16 pseudo-random bytes ‖ u32 index), values of 40 bytes that
 * carry (index, version) so a value can be re-derived from its key for proofs.
 */
class Workload {
  private readonly versions: Uint32Array;
  private readonly alive: Uint8Array;
  private next = 0;
  live = 0;
  private seed: number;

  constructor(capacity: number, seed: number) {
    this.versions = new Uint32Array(capacity);
    this.alive = new Uint8Array(capacity);
    this.seed = seed;
  }

  private rand(): number {
    this.seed = (this.seed + 0x6d2b79f5) | 0;
    let x = Math.imul(this.seed ^ (this.seed >>> 15), this.seed | 1);
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

  valueOf(key: Uint8Array): Uint8Array | undefined {
    const i = new DataView(key.buffer, key.byteOffset).getUint32(17);
    return this.alive[i] ? this.value(i) : undefined;
  }

  inserts(n: number): Array<readonly [Uint8Array, Uint8Array | null]> {
    const out: Array<readonly [Uint8Array, Uint8Array | null]> = [];
    for (let j = 0; j < n; j++) {
      const i = this.next++;
      this.alive[i] = 1;
      this.live++;
      out.push([this.key(i), this.value(i)]);
    }
    return out;
  }

  private randomLive(taken: Set<number>, below = this.next): number {
    for (;;) {
      const i = Math.floor(this.rand() * below);
      if (this.alive[i] && !taken.has(i)) return i;
    }
  }

  block(n: number): Array<readonly [Uint8Array, Uint8Array | null]> {
    const existing = this.next;
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
      }
    }
    for (const [key, value] of out) if (value === null) this.kill(key);
    return out;
  }

  private kill(key: Uint8Array): void {
    const i = new DataView(key.buffer, key.byteOffset).getUint32(17);
    this.alive[i] = 0;
    this.live--;
  }

  presentKeys(n: number): Uint8Array[] {
    const taken = new Set<number>();
    return Array.from({ length: n }, () => this.key(this.randomLive(taken)));
  }

  absentKeys(n: number): Uint8Array[] {
    return Array.from({ length: n }, (_, j) => this.key(this.versions.length - 1 - j));
  }
}

/** keccak256 straight on the `keccak` package's native state, skipping its stream wrapper. */
function rawKeccak(): Keccak256 {
  const require = createRequire(import.meta.url);
  const dir = join(require.resolve("keccak/package.json"), "..");
  const State = require(require.resolve("node-gyp-build", { paths: [dir] }))(dir) as new () => {
    initialize(rate: number, capacity: number): void;
    absorb(data: Buffer): void;
    absorbLastFewBits(bits: number): void;
    squeeze(length: number): Buffer;
  };
  const state = new State();
  return (data) => {
    state.initialize(1088, 512);
    state.absorb(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
    state.absorbLastFewBits(0x01);
    const out = state.squeeze(32);
    return new Uint8Array(out.buffer, out.byteOffset, 32);
  };
}

/** The table of docs/state-tree.md. */
export function formatTreeBench(rows: TreeBenchRow[]): string {
  const head =
    "| design | keys | block | updates/s | root ms | write ms | writes/block | MB/block | proof B (in/ex) | RSS MB | db MB |";
  const lines = rows.map(
    (r) =>
      `| ${r.design} | ${r.keys.toLocaleString("en")} | ${r.blockSize.toLocaleString("en")} | ${r.updatesPerSec.toLocaleString("en")} | ${r.rootMs} | ${r.writeMs} | ${r.writesPerBlock.toLocaleString("en")} | ${(r.bytesPerBlock / 2 ** 20).toFixed(2)} | ${r.proofBytes} / ${r.exclusionProofBytes} | ${r.rssMb} | ${r.dbMb} |`,
  );
  return [head, `|${" --- |".repeat(11)}`, ...lines].join("\n");
}

function parseArgs(argv: string[]): TreeBenchOptions & { json?: boolean } {
  const opts: TreeBenchOptions & { json?: boolean } = {};
  const list = (s: string | undefined) => (s ?? "").split(",").filter(Boolean);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = argv[i + 1];
    if (a === "--sizes") opts.sizes = list(v).map(Number);
    else if (a === "--blocks") opts.blockSizes = list(v).map(Number);
    else if (a === "--designs") opts.designs = list(v) as TreeDesign[];
    else if (a === "--rounds") opts.rounds = Number(v);
    else if (a === "--hasher") opts.hasher = v === "raw" ? "raw" : "crypto";
    else if (a === "--cache-depth") opts.cacheDepth = Number(v);
    else if (a === "--json") opts.json = true;
    if (a?.startsWith("--") && a !== "--json") i++;
  }
  return opts;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv[2] === "--child") {
    const opts = JSON.parse(process.argv[3] ?? "{}") as TreeBenchOptions;
    const rows = await runTreeBench({ ...opts, isolate: false });
    process.stdout.write(JSON.stringify(rows));
  } else {
    const opts = parseArgs(process.argv.slice(2));
    const rows = await runTreeBench(opts);
    process.stdout.write(opts.json ? `${JSON.stringify(rows, null, 2)}\n` : `${formatTreeBench(rows)}\n`);
  }
}
