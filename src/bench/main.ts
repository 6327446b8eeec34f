// `npm run bench`: measures the node against its targets (issue #5) and writes docs/BENCHMARKS.md.
// Never part of `npm test`. `npm run bench -- --help` lists the flags.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { type LoadOptions, type LoadResult, prepareTransfers, runLoad } from "./load.js";
import { type MarketResult, runMarket } from "./market.js";
import { measureRecoveries, type PhysicalResult } from "./physical.js";
import { type ProfileSummary, summariseProfile } from "./profile.js";
import { type BenchReport, currentCommit, currentLoad, type ScaleRow, writeReport } from "./report.js";
import { startDevnet, startHardhat, type Target } from "./targets.js";
import { runTreeBench } from "./tree.js";

/** Issue #5's four-validator throughput target; the half-load row offers half of it. */
const FOUR_VALIDATOR_TARGET_TPS = 3000;

const PARTS = ["physical", "one", "four", "hardhat", "half", "market", "scale", "profile", "tree"] as const;
type Part = (typeof PARTS)[number];

const HELP = `Usage: npm run bench -- [options]
  --quick              small sizes, one run: 4,000 txs, 100 senders, 300 orders, scale 10k only
  --runs N             runs per target, medians reported (default 3)
  --txs N              transfers per run (default 20000)
  --senders K          funded senders (default 200; the mempool holds 100 per sender)
  --batch N            transactions per JSON-RPC batch (default 500)
  --connections N      parallel HTTP connections (default 4, spread over the nodes)
  --gas-limit N        block gas limit of the 1-validator devnets and Hardhat (default 1000000000)
  --four-gas-limit N   block gas limit of the 4-validator devnet (default 100000000: with 1e9 its
                       ~20k-tx proposals do not verify within the propose timeout on 2 cores)
  --orders N           market trades (default 2,000)
  --scale-sizes LIST   funded accounts in genesis (default 10000,100000,1000000)
  --only LIST          parts to run: ${PARTS.join(",")} (default all but tree)
  --out FILE           report path (default docs/BENCHMARKS.md)
  --render FILE        only re-render the report from the figures a run saved (path printed at the end)
`;

let port = 18700;
const nextPort = () => {
  port += 10;
  return port;
};
const log = (s: string) => process.stderr.write(`${s}\n`);

function describe(r: LoadResult): string {
  return `${r.tps.toFixed(0)} tx/s (${r.txs} in ${r.seconds.toFixed(2)} s, p50 ${r.p50Ms.toFixed(0)} ms, p95 ${r.p95Ms.toFixed(0)} ms, ${r.blocks} blocks, node CPU ${r.cpuCores.toFixed(2)} cores, RSS ${(r.usage.peakRssMax / 2 ** 20).toFixed(0)} MB, ${r.rejected} rejected${r.firstError ? `: ${r.firstError}` : ""}; submitted in ${r.submitSeconds.toFixed(2)} s; blocks ${r.timeline.map((b) => `${b.txs}@${b.at.toFixed(1)}s`).join(" ")})`;
}

/** Start a fresh chain, fund and pre-sign, run the load once, stop. */
async function once(start: () => Promise<Target>, load: LoadOptions): Promise<LoadResult> {
  const t = await start();
  try {
    const txs = await prepareTransfers(t, load);
    const r = await runLoad(t, txs, load);
    log(`  ${t.name}: ${describe(r)}`);
    return r;
  } finally {
    await t.stop();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      help: { type: "boolean", short: "h" },
      quick: { type: "boolean" },
      runs: { type: "string" },
      txs: { type: "string" },
      senders: { type: "string" },
      batch: { type: "string" },
      connections: { type: "string" },
      "gas-limit": { type: "string" },
      "four-gas-limit": { type: "string" },
      orders: { type: "string" },
      "scale-sizes": { type: "string" },
      only: { type: "string" },
      out: { type: "string" },
      render: { type: "string" },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }
  if (values.render) {
    const saved = JSON.parse(readFileSync(values.render, "utf8"), (_k, v) =>
      typeof v === "string" && /^\d+n$/.test(v) ? BigInt(v.slice(0, -1)) : v,
    ) as BenchReport & { date: string };
    log(`re-rendered ${writeReport(saved, values.out)}`);
    return;
  }
  const quick = values.quick === true;
  const runs = Number(values.runs ?? (quick ? 1 : 3));
  const load: LoadOptions = {
    txs: Number(values.txs ?? (quick ? 4000 : 20_000)),
    senders: Number(values.senders ?? (quick ? 100 : 200)),
    batch: Number(values.batch ?? 500),
    connections: Number(values.connections ?? 4),
  };
  const gasLimit = BigInt(values["gas-limit"] ?? 1_000_000_000);
  const fourGasLimit = BigInt(values["four-gas-limit"] ?? 100_000_000);
  // 2,000 by default: enough that a phase spans several blocks (500 fitted in one, so the row
  // measured the block interval). Reading the order ids back is cheap since Chain keeps the views
  // of recent blocks (it cost O(block size) per receipt before).
  const orders = Number(values.orders ?? (quick ? 200 : 2000));
  const scaleSizes = (values["scale-sizes"] ?? (quick ? "10000" : "10000,100000,1000000")).split(",").map(Number);
  const parts = new Set<Part>(values.only ? (values.only.split(",") as Part[]) : PARTS.filter((p) => p !== "tree"));
  for (const p of parts) if (!PARTS.includes(p)) throw new Error(`unknown part ${p}; parts: ${PARTS.join(",")}`);

  const devnet =
    (validators: number, extra: Partial<Parameters<typeof startDevnet>[0]> = {}) =>
    () =>
      startDevnet({ validators, rpcPort: nextPort(), p2pPort: nextPort() + 3000, blockGasLimit: gasLimit, ...extra });
  const report: BenchReport = {
    argv: process.argv.slice(2),
    date: "",
    commit: currentCommit(),
    load,
    gasLimit,
    fourGasLimit,
    runs,
    targets: [],
  };

  // Figures are saved after every part, so an interrupted run can still be rendered (--render).
  const saved = join(tmpdir(), `cmt-bench-figures-${Date.now()}.json`);
  const save = () =>
    writeFileSync(
      saved,
      JSON.stringify({ ...report, date: new Date().toISOString(), loadAvg: currentLoad() }, (_k, v) =>
        typeof v === "bigint" ? `${v}n` : v,
      ),
    );
  if (parts.has("physical")) {
    const rs: PhysicalResult[] = [];
    for (let i = 0; i < runs; i++) rs.push(measureRecoveries());
    report.physical = rs.sort((a, b) => a.perCore - b.perCore)[Math.floor(rs.length / 2)];
    log(`physical limit: ${report.physical?.perCore.toFixed(0)} recoveries/s per core × ${report.physical?.cores}`);
  }
  const targets: Array<[Part, string, () => Promise<Target>]> = [
    ["one", "CyberMiles, 1 validator", devnet(1)],
    ["four", "CyberMiles, 4 validators", devnet(4, { blockGasLimit: fourGasLimit })],
    [
      "hardhat",
      "Hardhat node (interval mining 1 s)",
      () => startHardhat({ port: nextPort(), blockGasLimit: gasLimit }),
    ],
  ];
  for (const [part, name, start] of targets) {
    if (!parts.has(part)) continue;
    log(`${name}:`);
    const rs: LoadResult[] = [];
    for (let i = 0; i < runs; i++) rs.push(await once(start, load));
    report.targets.push({ key: part, name, runs: rs });
    save();
  }
  if (parts.has("half")) {
    // Issue #5: "≥ 3,000 TPS, and p50 ≤ 1.5 s at half that load": half the target, 1,500 tx/s,
    // whatever the four-validator row measured (half of a lower measured maximum would be easier).
    const rate = FOUR_VALIDATOR_TARGET_TPS / 2;
    const txs = Math.min(load.txs, Math.max(1000, rate * 15));
    log(`4 validators at half load (${rate} tx/s, ${txs} txs):`);
    const rs: LoadResult[] = [];
    for (let i = 0; i < runs; i++)
      rs.push(await once(devnet(4, { blockGasLimit: fourGasLimit }), { ...load, txs, rate }));
    report.half = { rate, runs: rs };
    save();
  }
  if (parts.has("market")) {
    log(`market, ${orders} trades on 1 validator:`);
    const rs: MarketResult[] = [];
    for (let i = 0; i < runs; i++) {
      const t = await devnet(1)();
      try {
        const r = await runMarket(t, { orders, buyers: Math.min(200, orders), sellers: Math.min(50, orders), ...load });
        log(`  ${r.ordersPerSecond.toFixed(0)} trades/s (${r.orders} in ${r.seconds.toFixed(2)} s)`);
        rs.push(r);
        report.market = rs;
        save();
      } finally {
        await t.stop();
      }
    }
    report.market = rs;
    save();
  }
  if (parts.has("scale")) {
    const rows: ScaleRow[] = [];
    for (const accounts of scaleSizes) {
      log(`1 validator with ${accounts} funded accounts in genesis:`);
      for (let i = 0; i < runs; i++) {
        const t = await devnet(1, { extraAccounts: accounts, readyTimeoutMs: 30 * 60_000 })();
        try {
          const txs = await prepareTransfers(t, load);
          const r = await runLoad(t, txs, load);
          log(`  setup ${(t.setupMs / 1000).toFixed(1)} s; ${describe(r)}`);
          rows.push({ accounts, setupMs: t.setupMs, result: r });
          report.scale = rows;
          save();
        } finally {
          await t.stop();
        }
      }
    }
    report.scale = rows;
    save();
  }
  if (parts.has("profile")) {
    const dir = mkdtempSync(join(tmpdir(), "cmt-prof-"));
    log("profiling the 1-validator node under the same load:");
    try {
      await once(devnet(1, { nodeArgs: ["--cpu-prof", "--cpu-prof-dir", dir] }), load);
      report.profile = summariseProfile(dir) as ProfileSummary;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  if (parts.has("tree")) report.tree = await runTreeBench({ sizes: scaleSizes, designs: ["binary"], log });
  save();
  const out = writeReport({ ...report, date: new Date().toISOString(), loadAvg: currentLoad() }, values.out);
  log(`wrote ${out}; figures saved in ${saved} (re-render with --render ${saved})`);
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exitCode = 1;
});
