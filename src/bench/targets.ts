// The chains the load generator drives: a CyberMiles devnet (1 or N validator processes, optionally
// with many extra funded accounts in genesis) and Hardhat's node. Each is a real OS process tree.
import { type ChildProcess, spawn } from "node:child_process";
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { NODE_V8_FLAGS } from "../cli/node-flags.js";
import { writeTestnet } from "../cli/testnet-layout.js";
import { type Address, devAccounts } from "../crypto/index.js";
import type { GenesisDoc } from "../state/genesis.js";
import { WEI_PER_CMT } from "../types/index.js";
import { processTree } from "./proc.js";
import { rpcCall, sleep, waitUntil } from "./rpc.js";

const ROOT = resolve(import.meta.dirname, "../..");
const BIN = join(ROOT, "bin/cybermiles.js");
const GWEI = 1_000_000_000n;

/** A running chain under test. */
export interface Target {
  name: string;
  chainId: bigint;
  /** JSON-RPC endpoints (one per node). */
  urls: string[];
  /** Keys funded at genesis that pay for the senders. */
  funders: Uint8Array[];
  /** Fee cap for every transaction (the chain's base fee is at most this). */
  maxFeePerGas: bigint;
  /** Pids of every process of the chain (read when asked: children start late). */
  pids(): number[];
  stop(): Promise<void>;
}

export interface DevnetOptions {
  validators: number;
  rpcPort: number;
  p2pPort: number;
  blockGasLimit: bigint;
  /** Extra accounts funded in genesis (1 CMT each, taken from dev account 9): state size. */
  extraAccounts?: number;
  /** Node flags for every node process (e.g. --cpu-prof). */
  nodeArgs?: string[];
  /** Milliseconds to wait for the first block (large geneses take long). */
  readyTimeoutMs?: number;
}

/** Address of the i-th synthetic genesis account (distinct from every key the bench uses). */
export function syntheticAddress(i: number): Address {
  return `0x${"ee".repeat(8)}${i.toString(16).padStart(24, "0")}` as Address;
}

/** Give `n` synthetic accounts 1 CMT each in genesis, taken from dev account 9 (supply unchanged). */
function addAccounts(genesisPath: string, n: number): void {
  const doc = JSON.parse(readFileSync(genesisPath, "utf8")) as GenesisDoc;
  const donor = (devAccounts(10)[9] as { address: Address }).address;
  const balances = doc.modules.bank.balances;
  const d = balances.find((b) => b.address === donor);
  if (!d) throw new Error("dev account 9 is not funded in genesis");
  d.amount = (BigInt(d.amount) - BigInt(n) * WEI_PER_CMT).toString();
  const one = WEI_PER_CMT.toString();
  for (let i = 0; i < n; i++) balances.push({ address: syntheticAddress(i), amount: one });
  balances.sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
  writeFileSync(genesisPath, JSON.stringify(doc));
}

/** With BENCH_LOG_DIR: the nodes log at debug level (consensus rounds, dropped gossip). */
function debugLogs(configPath: string): void {
  const config = JSON.parse(readFileSync(configPath, "utf8")) as { log?: { level?: string } };
  config.log = { ...config.log, level: "debug" };
  writeFileSync(configPath, JSON.stringify(config, null, 2));
}

/** BENCH_MEMPOOL='{"recoveryThreads":2}': mempool settings merged into each node's config (diagnosis). */
function mempoolOverrides(configPath: string, json: string): void {
  const config = JSON.parse(readFileSync(configPath, "utf8")) as { mempool?: Record<string, unknown> };
  config.mempool = { ...config.mempool, ...(JSON.parse(json) as Record<string, unknown>) };
  writeFileSync(configPath, JSON.stringify(config, null, 2));
}

/** Spawn a node process; with BENCH_LOG_DIR set, its stdout and stderr go to a file there. */
function spawnNode(args: string[], env: NodeJS.ProcessEnv = process.env, cwd = ROOT): ChildProcess {
  const logDir = process.env.BENCH_LOG_DIR;
  const out = logDir ? openSync(join(logDir, `node-${Date.now()}.log`), "w") : "ignore";
  const proc = spawn(process.execPath, args, { cwd, env, stdio: ["ignore", out, logDir ? out : "pipe"] });
  if (typeof out === "number") closeSync(out);
  let err = "";
  proc.stderr?.on("data", (d: Buffer) => {
    err = (err + d.toString()).slice(-4000);
  });
  proc.once("exit", (code, signal) => {
    if (code && code !== 0) process.stderr.write(`[bench] ${args[args.length - 1]} exited ${code ?? signal}: ${err}\n`);
  });
  return proc;
}

/** SIGTERM the process (which stops its children), then SIGKILL whatever of its tree is left after 30 s. */
async function stopProc(proc: ChildProcess): Promise<void> {
  const tree = proc.pid ? processTree(proc.pid) : [];
  const alive = (pid: number) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  if (proc.exitCode === null && proc.signalCode === null) proc.kill("SIGTERM");
  const end = performance.now() + 30_000;
  while (tree.some(alive) && performance.now() < end) await sleep(100);
  for (const pid of tree.filter(alive)) process.kill(pid, "SIGKILL");
}

/** Refuse to start when something already answers on a port the target needs (a leftover chain). */
async function assertFree(url: string): Promise<void> {
  const answered = await fetch(url, { method: "POST", body: "{}" }).then(
    () => true,
    () => false,
  );
  if (answered) throw new Error(`${url} is already in use (a chain left over from an earlier run?)`);
}

/** Lay out and start a devnet; resolves once every node serves a block ≥ 1. Also returns the genesis setup time. */
export async function startDevnet(o: DevnetOptions): Promise<Target & { setupMs: number; dir: string }> {
  for (let i = 0; i < o.validators; i++) await assertFree(`http://127.0.0.1:${o.rpcPort + i}`);
  const dir = mkdtempSync(join(tmpdir(), "cmt-bench-"));
  const t0 = performance.now();
  const homes = await writeTestnet({
    dir,
    validators: o.validators,
    chainId: 1818n,
    accounts: 10,
    hosts: ["127.0.0.1"],
    listenHost: "127.0.0.1",
    rpcBasePort: o.rpcPort,
    p2pBasePort: o.validators === 1 ? 0 : o.p2pPort,
    portStep: 1,
    blockIntervalMs: 1000,
    genesisTime: BigInt(Date.now()),
    blockGasLimit: o.blockGasLimit,
  });
  if (o.extraAccounts) for (const h of homes) addAccounts(join(h, "genesis.json"), o.extraAccounts);
  if (process.env.BENCH_LOG_DIR) for (const h of homes) debugLogs(join(h, "config.json"));
  const mempool = process.env.BENCH_MEMPOOL;
  if (mempool) for (const h of homes) mempoolOverrides(join(h, "config.json"), mempool);
  // `devnet --dir` resumes the layout just written (one process, or a supervisor with N children).
  // BENCH_NODE_ARGS: extra node flags for diagnosis (e.g. "--cpu-prof --cpu-prof-dir /tmp/p").
  const extra = process.env.BENCH_NODE_ARGS?.split(" ").filter(Boolean) ?? [];
  // A multi-validator devnet is a supervisor: its children take the flags from CYBERMILES_NODE_ARGS.
  const env = extra.length > 0 ? { ...process.env, CYBERMILES_NODE_ARGS: extra.join(" ") } : process.env;
  const proc = spawnNode(
    [...NODE_V8_FLAGS, ...extra, ...(o.nodeArgs ?? []), BIN, "devnet", "--dir", dir, "--rpc-port", String(o.rpcPort)],
    env,
  );
  const urls = homes.map((_, i) => `http://127.0.0.1:${o.rpcPort + i}`);
  try {
    await Promise.all(
      urls.map((u) =>
        waitUntil(
          `first block at ${u}`,
          async () => BigInt(await rpcCall<string>(u, "eth_blockNumber")) >= 1n,
          o.readyTimeoutMs ?? 60_000,
          200,
        ),
      ),
    );
  } catch (err) {
    await stopProc(proc);
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  const setupMs = performance.now() - t0;
  const dev = devAccounts(10);
  return {
    name: `CyberMiles ${o.validators} validator${o.validators === 1 ? "" : "s"}`,
    chainId: 1818n,
    urls,
    // Accounts 0..n-1 operate validators (10 M self-stake bonded; 60 M CMT left each): all can pay.
    funders: dev.slice(0, 8).map((a) => a.privateKey),
    maxFeePerGas: GWEI,
    pids: () => (proc.pid ? processTree(proc.pid) : []),
    setupMs,
    dir,
    stop: async () => {
      await stopProc(proc);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Start `hardhat node` (interval mining every second, automine off, chain 31337, the test mnemonic). */
export async function startHardhat(o: { port: number; blockGasLimit: bigint }): Promise<Target> {
  const cli = join(ROOT, "node_modules/hardhat/internal/cli/cli.js");
  await assertFree(`http://127.0.0.1:${o.port}`);
  const proc = spawnNode(
    [cli, "node", "--config", "hardhat.config.cjs", "--port", String(o.port), "--hostname", "127.0.0.1"],
    {
      ...process.env,
      HARDHAT_DISABLE_TELEMETRY_PROMPT: "true",
      BENCH_HH_BLOCK_GAS_LIMIT: o.blockGasLimit.toString(),
      BENCH_HH_INTERVAL_MS: "1000",
    },
    join(ROOT, "src/bench/hardhat"),
  );
  const url = `http://127.0.0.1:${o.port}`;
  try {
    await waitUntil(
      "hardhat node",
      async () => BigInt(await rpcCall<string>(url, "eth_chainId")) === 31337n,
      60_000,
      200,
    );
  } catch (err) {
    await stopProc(proc);
    throw err;
  }
  return {
    name: "Hardhat node",
    chainId: 31337n,
    urls: [url],
    funders: devAccounts(8).map((a) => a.privateKey),
    // Hardhat's base fee moves with block fullness (EIP-1559); the cap leaves room for that.
    maxFeePerGas: 1000n * GWEI,
    pids: () => (proc.pid ? processTree(proc.pid) : []),
    stop: () => stopProc(proc),
  };
}
