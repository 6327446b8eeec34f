/**
 * State tree benchmark (docs/state-tree.md): blocks of changed keys applied to trees of growing
 * size on a real LMDB in a temp dir, for the binary trie the node uses and the 16-ary alternative.
 *
 *   npx tsc -p tsconfig.build.json && node dist/bench/tree.js [--sizes 10000,100000,1000000]
 *     [--blocks 1000,10000] [--designs binary,hexary] [--rounds 5] [--hasher crypto|raw]
 *     [--cache-depth 16] [--json]
 *
 * Each (design, size) grows the tree in one process, then measures in a fresh process that reopens
 * the LMDB environment, as a restarted node would: the figures do not carry the build's garbage.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { TreeWorkload } from "../store/tree/bench-workload.js";
import type { Keccak256 } from "../store/tree/hash.js";
import { HexaryStateTree } from "../store/tree/hexary.js";
import { createStateTree, type StateTree, type StateTreeOptions, writeTreeUpdate } from "../store/tree/index.js";
import { openTreeDb, type TreeDb } from "../store/tree/temp-db.js";

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
  /** Grow and measure in child processes (default true; needs the compiled file). */
  isolate?: boolean;
  log?: (line: string) => void;
}

/** Mean figures of one (design, tree size, block size). */
export interface TreeBenchRow {
  design: TreeDesign;
  hasher: "crypto" | "raw";
  keys: number;
  blockSize: number;
  /** Changed keys per second, root computation plus the LMDB write transaction. */
  updatesPerSec: number;
  /** computeUpdate: hashing keys and values, reading pages, new root and page records. */
  rootMs: number;
  /** Applying the records in one LMDB write transaction (synced commit). */
  writeMs: number;
  writesPerBlock: number;
  bytesPerBlock: number;
  /** Mean inclusion / exclusion proof size: sibling hashes plus extra data (not key and value). */
  proofBytes: number;
  exclusionProofBytes: number;
  /** Process RSS and V8 heap (after a full GC) at the end of the measurement. */
  rssMb: number;
  heapMb: number;
  dbMb: number;
}

interface Job {
  design: TreeDesign;
  hasher: "crypto" | "raw";
  dir: string;
  size: number;
  capacity: number;
  blockSizes: number[];
  rounds: number;
  cacheDepth: number | null;
}

const GROW_BATCH = 20_000;

/** Runs the benchmark and returns one row per design, tree size and block size. */
export async function runTreeBench(opts: TreeBenchOptions = {}): Promise<TreeBenchRow[]> {
  const log = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const sizes = opts.sizes ?? [10_000, 100_000, 1_000_000];
  const self = fileURLToPath(import.meta.url);
  const isolate = (opts.isolate ?? true) && self.endsWith(".js");
  const rows: TreeBenchRow[] = [];
  for (const design of opts.designs ?? ["binary", "hexary"]) {
    const dir = mkdtempSync(join(tmpdir(), `cmt-tree-bench-${design}-`));
    try {
      for (const size of sizes) {
        const job: Job = {
          design,
          hasher: opts.hasher ?? "crypto",
          dir,
          size,
          capacity: Math.max(...sizes) + 500_000,
          blockSizes: opts.blockSizes ?? [1_000, 10_000],
          rounds: opts.rounds ?? 5,
          cacheDepth: opts.cacheDepth ?? null,
        };
        if (isolate) {
          const run = (phase: string) =>
            execFileSync(process.execPath, ["--expose-gc", self, "--phase", phase, JSON.stringify(job)], {
              encoding: "utf8",
              stdio: ["ignore", "pipe", "inherit"],
            });
          run("grow");
          rows.push(...(JSON.parse(run("measure")) as TreeBenchRow[]));
        } else {
          await grow(job, log);
          rows.push(...(await measure(job, log)));
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return rows;
}

/** Opens the job's tree, runs `body`, saves the workload and closes LMDB. */
async function withTree<T>(job: Job, body: (t: TreeDb, tree: StateTree, w: TreeWorkload) => T): Promise<T> {
  const path = join(job.dir, "workload.bin");
  const w = existsSync(path) ? TreeWorkload.load(path) : new TreeWorkload(job.capacity, 0x5eed);
  const t = openTreeDb(job.dir);
  const options: StateTreeOptions = { readValue: (key) => w.valueOf(key) };
  if (job.cacheDepth !== null) options.cacheDepth = job.cacheDepth;
  if (job.hasher === "raw") options.keccak = rawKeccak();
  const tree = job.design === "binary" ? createStateTree(t.db, options) : new HexaryStateTree(t.db, options);
  try {
    return body(t, tree, w);
  } finally {
    w.save(path);
    await t.close();
  }
}

/** Computes, writes and commits one block; returns its timings. */
function applyBlock(t: TreeDb, tree: StateTree, changes: Array<readonly [Uint8Array, Uint8Array | null]>) {
  const t0 = performance.now();
  const update = tree.computeUpdate(changes);
  const t1 = performance.now();
  t.env.transactionSync(() => writeTreeUpdate(t.db, update));
  const t2 = performance.now();
  tree.commit(update);
  let bytes = 0;
  for (const [k, v] of update.writes) bytes += k.length + (v?.length ?? 0);
  return { rootMs: t1 - t0, writeMs: t2 - t1, writes: update.writes.length, bytes };
}

function grow(job: Job, log: (line: string) => void): Promise<void> {
  return withTree(job, (t, tree, w) => {
    const start = performance.now();
    while (w.live < job.size) applyBlock(t, tree, w.inserts(Math.min(GROW_BATCH, job.size - w.live)));
    log(`${job.design}: ${job.size} keys in ${((performance.now() - start) / 1000).toFixed(1)} s`);
  });
}

function measure(job: Job, log: (line: string) => void): Promise<TreeBenchRow[]> {
  return withTree(job, (t, tree, w) =>
    job.blockSizes.map((blockSize) => {
      applyBlock(t, tree, w.block(blockSize));
      const sum = { rootMs: 0, writeMs: 0, writes: 0, bytes: 0 };
      for (let r = 0; r < job.rounds; r++) {
        const m = applyBlock(t, tree, w.block(blockSize));
        sum.rootMs += m.rootMs;
        sum.writeMs += m.writeMs;
        sum.writes += m.writes;
        sum.bytes += m.bytes;
      }
      const rootMs = sum.rootMs / job.rounds;
      const writeMs = sum.writeMs / job.rounds;
      (globalThis as { gc?: () => void }).gc?.();
      const memory = process.memoryUsage();
      const row: TreeBenchRow = {
        design: job.design,
        hasher: job.hasher,
        keys: job.size,
        blockSize,
        updatesPerSec: Math.round((blockSize * 1000) / (rootMs + writeMs)),
        rootMs: Math.round(rootMs * 10) / 10,
        writeMs: Math.round(writeMs * 10) / 10,
        writesPerBlock: Math.round(sum.writes / job.rounds),
        bytesPerBlock: Math.round(sum.bytes / job.rounds),
        proofBytes: meanProofBytes(tree, w.presentKeys(200)),
        exclusionProofBytes: meanProofBytes(tree, w.absentKeys(200)),
        rssMb: Math.round(memory.rss / 2 ** 20),
        heapMb: Math.round(memory.heapUsed / 2 ** 20),
        dbMb: Math.round(statSync(join(job.dir, "data.mdb")).size / 2 ** 20),
      };
      log(JSON.stringify(row));
      return row;
    }),
  );
}

function meanProofBytes(tree: StateTree, keys: Uint8Array[]): number {
  let total = 0;
  for (const key of keys) {
    const p = tree.prove(key);
    total += p.siblings.length * 32 + p.extra.reduce((n, e) => n + e.length, 0);
  }
  return Math.round(total / keys.length);
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
  const n = (x: number) => x.toLocaleString("en");
  const head =
    "| design | keccak | keys | block | updates/s | root ms | write ms | records/block | MB/block | proof B in / ex | RSS MB | heap MB | db MB |";
  const lines = rows.map((r) =>
    [
      r.design,
      r.hasher,
      n(r.keys),
      n(r.blockSize),
      n(r.updatesPerSec),
      r.rootMs,
      r.writeMs,
      n(r.writesPerBlock),
      (r.bytesPerBlock / 2 ** 20).toFixed(1),
      `${r.proofBytes} / ${r.exclusionProofBytes}`,
      r.rssMb,
      r.heapMb,
      r.dbMb,
    ].join(" | "),
  );
  return [head, `|${" --- |".repeat(13)}`, ...lines.map((l) => `| ${l} |`)].join("\n");
}

function parseArgs(argv: string[]): TreeBenchOptions & { json: boolean } {
  const opts: TreeBenchOptions & { json: boolean } = { json: argv.includes("--json") };
  const value = (flag: string) => {
    const i = argv.indexOf(flag);
    return i < 0 ? undefined : argv[i + 1];
  };
  const list = (flag: string) => value(flag)?.split(",").filter(Boolean);
  const sizes = list("--sizes");
  const blocks = list("--blocks");
  const designs = list("--designs");
  if (sizes) opts.sizes = sizes.map(Number);
  if (blocks) opts.blockSizes = blocks.map(Number);
  if (designs) opts.designs = designs as TreeDesign[];
  if (value("--rounds")) opts.rounds = Number(value("--rounds"));
  if (value("--cache-depth")) opts.cacheDepth = Number(value("--cache-depth"));
  if (value("--hasher") === "raw") opts.hasher = "raw";
  return opts;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const log = (line: string) => process.stderr.write(`${line}\n`);
  if (process.argv[2] === "--phase") {
    const job = JSON.parse(process.argv[4] ?? "{}") as Job;
    if (process.argv[3] === "grow") await grow(job, log);
    else process.stdout.write(JSON.stringify(await measure(job, log)));
  } else {
    const opts = parseArgs(process.argv.slice(2));
    const rows = await runTreeBench({ ...opts, log });
    process.stdout.write(opts.json ? `${JSON.stringify(rows, null, 2)}\n` : `${formatTreeBench(rows)}\n`);
  }
}
