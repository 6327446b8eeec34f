// Writes docs/BENCHMARKS.md from one bench run: machine, date, commit, command, every run's
// figures, medians, the targets of issue #5 with met / not met, the profile, and the hand-written
// findings (src/bench/FINDINGS.md, kept apart so the generated figures are never edited by hand).
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { resolve } from "node:path";
import type { LoadOptions, LoadResult } from "./load.js";
import type { MarketResult } from "./market.js";
import type { PhysicalResult } from "./physical.js";
import type { ProfileSummary } from "./profile.js";
import { fix, int, mb, median } from "./stats.js";
import { formatTreeBench, type TreeBenchRow } from "./tree.js";

const ROOT = resolve(import.meta.dirname, "../..");

export interface ScaleRow {
  accounts: number;
  setupMs: number;
  result: LoadResult;
}

export interface BenchReport {
  argv: string[];
  /** When the figures were taken (ISO). */
  date: string;
  /** The commit the bench ran at, and whether src/ had uncommitted changes then. */
  commit?: string;
  /** 1, 5 and 15 minute load averages when the run ended. */
  loadAvg?: number[];
  load: LoadOptions;
  gasLimit: bigint;
  fourGasLimit: bigint;
  runs: number;
  physical?: PhysicalResult | undefined;
  targets: Array<{ key: string; name: string; runs: LoadResult[] }>;
  half?: { rate: number; runs: LoadResult[] };
  market?: MarketResult[];
  scale?: ScaleRow[];
  profile?: ProfileSummary;
  tree?: TreeBenchRow[];
}

function git(args: string[]): string {
  try {
    return execFileSync("git", args, { cwd: ROOT, encoding: "utf8" }).trim();
  } catch {
    return "unknown";
  }
}

const LOAD_HEAD =
  "| run | committed txs | seconds | committed tx/s | p50 ms | p95 ms | blocks | most txs in a block | node CPU (cores) | peak RSS MB (largest / all) | rejected |";
const LOAD_SEP = "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |";
const loadRow = (label: string, r: LoadResult) =>
  `| ${label} | ${int(r.txs)} | ${fix(r.seconds)} | ${int(r.tps)} | ${int(r.p50Ms)} | ${int(r.p95Ms)} | ${r.blocks} | ${int(r.maxBlockTxs)} | ${fix(r.cpuCores)} | ${mb(r.usage.peakRssMax)} / ${mb(r.usage.peakRssSum)} | ${r.rejected}${r.firstError ? ` (${r.firstError})` : ""} |`;
const med = (rs: LoadResult[], f: (r: LoadResult) => number) => median(rs.map(f));

/** The scale part's runs with `accounts` funded accounts (one or several). */
function scaleRuns(rep: BenchReport, accounts: number): ScaleRow[] {
  return rep.scale?.filter((s) => s.accounts === accounts) ?? [];
}

function targetsTable(rep: BenchReport): string[] {
  const tps = (key: string) => {
    const t = rep.targets.find((x) => x.key === key);
    return t ? med(t.runs, (r) => r.tps) : Number.NaN;
  };
  const one = tps("one");
  const four = tps("four");
  const hh = tps("hardhat");
  const halfP50 = rep.half ? med(rep.half.runs, (r) => r.p50Ms) : Number.NaN;
  const s10k = scaleRuns(rep, 10_000);
  const s1m = scaleRuns(rep, 1_000_000);
  const s10kTps = s10k.length > 0 ? median(s10k.map((s) => s.result.tps)) : null;
  const s1mTps = s1m.length > 0 ? median(s1m.map((s) => s.result.tps)) : null;
  // RSS: the worst of the runs, not the median.
  const s1mPeak = s1m.length > 0 ? Math.max(...s1m.map((s) => s.result.usage.peakRssMax)) : null;
  const s1mEnd = s1m.length > 0 ? Math.max(...s1m.map((s) => s.result.usage.rssEndMax)) : null;
  const row = (what: string, measured: string, target: string, ok: boolean | null) =>
    `| ${what} | ${measured} | ${target} | ${ok === null ? "not measured" : ok ? "met" : "**not met**"} |`;
  const known = (x: number) => (Number.isFinite(x) ? x : null);
  const check = (x: number | null, ok: (v: number) => boolean) => (x === null ? null : ok(x));
  return [
    "| target (issue #5) | measured (median) | wanted | |",
    "| --- | --- | --- | --- |",
    row(
      "committed TPS, one validator",
      int(one),
      "≥ 10,000",
      check(known(one), (v) => v >= 10_000),
    ),
    row(
      "one validator ÷ Hardhat",
      `${fix(one / hh, 1)}×`,
      "≥ 10×",
      check(known(one / hh), (v) => v >= 10),
    ),
    row(
      "committed TPS, four validators",
      int(four),
      "≥ 3,000",
      check(known(four), (v) => v >= 3000),
    ),
    row(
      "p50 submit-to-finality, four validators at half load",
      `${int(halfP50)} ms`,
      "≤ 1,500 ms",
      check(known(halfP50), (v) => v <= 1500),
    ),
    row(
      "RSS with 1 M accounts: peak (genesis load included) / after the run, worst run",
      s1mPeak !== null && s1mEnd !== null ? `${mb(s1mPeak)} MB / ${mb(s1mEnd)} MB` : "–",
      "≤ 1,024 MB",
      s1mPeak !== null && s1mEnd !== null ? s1mPeak <= 2 ** 30 && s1mEnd <= 2 ** 30 : null,
    ),
    row(
      "TPS at 1 M accounts ÷ TPS at 10 k (medians)",
      s1mTps !== null && s10kTps !== null ? `${fix((100 * s1mTps) / s10kTps, 1)} %` : "–",
      "≥ 70 %",
      s1mTps !== null && s10kTps !== null ? s1mTps / s10kTps >= 0.7 : null,
    ),
  ];
}

/** The commit checked out now, marked when src/bench or the node's sources have uncommitted changes. */
export function currentCommit(): string {
  const dirty = git(["status", "--porcelain", "--untracked-files=no", "src"]);
  return `${git(["rev-parse", "--short", "HEAD"])}${dirty ? " (with uncommitted changes in src/)" : ""}`;
}

/** Load averages now (recorded with the figures). */
export const currentLoad = () => loadavg();

/** Render and write the report; returns the path written. */
export function writeReport(rep: BenchReport, out = resolve(ROOT, "docs/BENCHMARKS.md")): string {
  const cpu = cpus()[0]?.model ?? "unknown cpu";
  const l = rep.load;
  const lines = [
    "# Benchmarks",
    "",
    "Written by `npm run bench` (src/bench/main.ts); the figures are not edited by hand. The findings",
    "at the end are written by hand from the run shown here (src/bench/FINDINGS.md).",
    "",
    `- date: ${rep.date}`,
    `- commit: ${rep.commit ?? "not recorded"}`,
    `- machine: ${cpus().length} × ${cpu}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node ${process.version}, load average at the end ${rep.loadAvg ? rep.loadAvg.map((x) => x.toFixed(2)).join(" ") : "not recorded"}`,
    "- the load generator runs on the same two cores as the nodes it measures; other work on the",
    "  machine is not excluded (the load average above includes the bench's own)",
    `- command: \`npm run bench${rep.argv.length ? ` -- ${rep.argv.join(" ")}` : ""}\``,
    "",
    "## Against the targets",
    "",
    ...targetsTable(rep),
    "",
    "## How the load is made",
    "",
    `One load generator for every target: it funds ${l.senders} senders from the test mnemonic's accounts, pre-signs`,
    `${int(l.txs)} EIP-1559 transfers (nonce-major, distinct fresh recipients, native secp256k1) before the clock`,
    `starts, submits them as JSON-RPC batches of ${l.batch} over ${l.connections} connections (spread over the nodes; each`,
    "sender's transactions go to one node, in nonce order), and polls the blocks (every 50 ms) for the",
    "hashes: committed TPS is from the first submit to the block holding the last transaction; latency is",
    "from a transaction's batch submit to the poll that saw its block (≤ 50 ms late); node CPU is the",
    "user + system time of every node process over the run from /proc/<pid>/stat, divided by the run's",
    "seconds; peak RSS is VmHWM from /proc/<pid>/status. The one-validator devnets and Hardhat get a",
    `block gas limit of ${int(Number(rep.gasLimit))} (${int(Number(rep.gasLimit / 21_000n))} transfers), the four-validator devnet`,
    `${int(Number(rep.fourGasLimit))} (${int(Number(rep.fourGasLimit / 21_000n))} transfers; see the findings for why), all with a 1 s block`,
    "interval: the genesis default of 30 M gas would cap any 1 s chain at 1,428 transfers per second. Hardhat runs",
    "`hardhat node` with automine off and interval mining every 1,000 ms (src/bench/hardhat/hardhat.config.cjs),",
    "chain 31337, its default accounts (the same test mnemonic) paying for the senders.",
    `Medians of ${rep.runs} run${rep.runs === 1 ? "" : "s"}, each on a fresh chain.`,
    "",
  ];
  if (rep.physical) {
    const p = rep.physical;
    lines.push(
      "## Physical limit: sender recovery",
      "",
      "Native libsecp256k1 0.2.0 public-key recovery + keccak address, through the project's addon as the",
      "recovery workers use it (native/README.md; `crypto.recoverAddress`, one call per signature), one thread:",
      `**${int(p.perCore)} recoveries/s per core × ${p.cores} cores = ${int(p.limit)} /s**, the ceiling for any`,
      "node on this machine that checks every signature once (and does nothing else).",
      "",
    );
  }
  for (const t of rep.targets) {
    lines.push(`## ${t.name}`, "", LOAD_HEAD, LOAD_SEP, ...t.runs.map((r, i) => loadRow(String(i + 1), r)));
    lines.push(
      "",
      `Median: **${int(med(t.runs, (r) => r.tps))} committed tx/s**, p50 ${int(med(t.runs, (r) => r.p50Ms))} ms, p95 ${int(med(t.runs, (r) => r.p95Ms))} ms, node CPU ${fix(med(t.runs, (r) => r.cpuCores))} cores.`,
      "",
    );
  }
  const byKey = (k: string) => rep.targets.find((t) => t.key === k);
  const hh = byKey("hardhat");
  if (hh) {
    const h = med(hh.runs, (r) => r.tps);
    lines.push("## Ratios to Hardhat (median TPS)", "");
    for (const k of ["one", "four"]) {
      const t = byKey(k);
      if (t) lines.push(`- ${t.name}: ${fix(med(t.runs, (r) => r.tps) / h, 2)} × Hardhat`);
    }
    lines.push("");
  }
  if (rep.half) {
    lines.push(
      `## Four validators at half load (${int(rep.half.rate)} tx/s offered: half the 3,000 tx/s target, paced in batches)`,
      "",
      "Latency here is submit-to-finality: a block is final when it is committed (Tendermint).",
      "",
      LOAD_HEAD,
      LOAD_SEP,
      ...rep.half.runs.map((r, i) => loadRow(String(i + 1), r)),
      "",
      `Median p50 submit-to-finality: **${int(med(rep.half.runs, (r) => r.p50Ms))} ms** (p95 ${int(med(rep.half.runs, (r) => r.p95Ms))} ms).`,
      "",
    );
  }
  if (rep.market && rep.market.length > 0) {
    const m = rep.market;
    const g = m[0]?.gas;
    lines.push(
      "## Business module: escrow-backed market trades, one validator",
      "",
      "A trade is three transactions through the market module (which opens and settles an escrow):",
      "the buyer's `order` (payment + deposit into escrow), the seller's `acceptOrder` (its deposit), the",
      "buyer's `acceptGoods` (payment to the seller, deposits back). 200 buyers, 50 sellers with one listing",
      "each. Each phase is pre-signed before its own clock starts (order ids come from the previous",
      "phase's receipts); trades/s = trades ÷ the sum of the three phases' times. Every `acceptGoods`",
      `is checked to have succeeded. Gas limits per call (1.5 × estimate): order ${g?.order}, acceptOrder ${g?.accept}, acceptGoods ${g?.acceptGoods}.`,
      "",
      "| run | trades | order tx/s | acceptOrder tx/s | acceptGoods tx/s | seconds | trades/s | node CPU (cores, order phase) |",
      "| --- | --- | --- | --- | --- | --- | --- | --- |",
      ...m.map(
        (r, i) =>
          `| ${i + 1} | ${int(r.orders)} | ${r.phases.map((p) => int(p.result.tps)).join(" | ")} | ${fix(r.seconds)} | ${int(r.ordersPerSecond)} | ${fix(r.phases[0]?.result.cpuCores ?? Number.NaN)} |`,
      ),
      "",
      `Median: **${int(median(m.map((r) => r.ordersPerSecond)))} complete trades per second** (${int(3 * median(m.map((r) => r.ordersPerSecond)))} module tx/s).`,
      "",
    );
  }
  if (rep.scale && rep.scale.length > 0) {
    lines.push(
      "## State size: one validator with many funded accounts",
      "",
      "Genesis holds N extra accounts (1 CMT each, patched into genesis.json before the first start).",
      "Setup = writing the node home and genesis + the node's first start until it serves block 1. Each",
      "run on a fresh chain; % of 10 k is of the 10 k-account median.",
      "",
      "| accounts | run | setup s | committed tx/s | p50 ms | p95 ms | node CPU (cores) | peak RSS MB (lifetime, incl. genesis load) | RSS MB after the run | % of 10 k TPS |",
      "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    );
    const sizes = [...new Set(rep.scale.map((s) => s.accounts))];
    const medianTps = (accounts: number) => median(scaleRuns(rep, accounts).map((s) => s.result.tps));
    const base = scaleRuns(rep, 10_000).length > 0 ? medianTps(10_000) : null;
    const pctOfBase = (tps: number) => (base ? `${fix((100 * tps) / base, 0)} %` : "–");
    for (const accounts of sizes) {
      scaleRuns(rep, accounts).forEach((s, i) => {
        const r = s.result;
        lines.push(
          `| ${int(accounts)} | ${i + 1} | ${fix(s.setupMs / 1000, 1)} | ${int(r.tps)} | ${int(r.p50Ms)} | ${int(r.p95Ms)} | ${fix(r.cpuCores)} | ${mb(r.usage.peakRssMax)} | ${mb(r.usage.rssEndMax)} | ${pctOfBase(r.tps)} |`,
        );
      });
    }
    lines.push(
      "",
      `Medians: ${sizes.map((a) => `${int(a)} accounts **${int(medianTps(a))} tx/s** (${pctOfBase(medianTps(a))})`).join("; ")}.`,
      "",
    );
  }
  if (rep.profile) {
    lines.push(
      "## Profile: one validator under the transfer load",
      "",
      "`node --cpu-prof` on the devnet process (the whole node: RPC, mempool, consensus, execution, store)",
      "for one run of the load above, start-up and funding included. Self time; shares are of the",
      "thread's busy (non-idle) time.",
      "",
    );
    rep.profile.threads.forEach((t, i) => {
      const pct = (ms: number) => `${fix((100 * ms) / t.busyMs, 1)} %`;
      lines.push(
        `### ${i === 0 ? "Main thread" : `Worker thread ${i}`}: ${int(t.busyMs)} ms busy, ${int(t.idleMs)} ms idle of ${int(t.wallMs)} ms`,
        "",
        "| area (our dist/ file, a dependency, or V8) | self ms | share |",
        "| --- | --- | --- |",
        ...t.areas.map((a) => `| ${a.area} | ${int(a.ms)} | ${pct(a.ms)} |`),
        "",
        "| function | where | self ms | share |",
        "| --- | --- | --- | --- |",
        ...t.functions.map((f) => `| \`${f.name}\` | ${f.where} | ${int(f.ms)} | ${pct(f.ms)} |`),
        "",
      );
    });
  }
  if (rep.tree && rep.tree.length > 0) {
    lines.push("## State tree (state-root updates)", "", formatTreeBench(rep.tree), "");
  }
  const findings = resolve(ROOT, "src/bench/FINDINGS.md");
  if (existsSync(findings)) lines.push(readFileSync(findings, "utf8").trim(), "");
  writeFileSync(out, `${lines.join("\n")}\n`);
  return out;
}
