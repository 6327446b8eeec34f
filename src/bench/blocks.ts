/**
 * Block pipeline diagnosis (issue #5, not part of `npm run bench`): how building and committing
 * blocks grows with the state, without JSON-RPC or consensus in the way. A store with `accounts`
 * funded accounts (the bench's synthetic ones) is made once in a temp dir; each run copies it,
 * admits `txs` transfers from 200 senders to fresh recipients through a real Mempool with one
 * recovery thread, then builds and commits them in blocks of `block` on the real LMDB.
 *
 *   npx tsc -p tsconfig.build.json && node --max-semi-space-size=32 dist/bench/blocks.js
 *     [--accounts 1000000] [--txs 20000] [--block 2500] [--runs 3] [--mode sync|pipelined|both]
 *
 * Prints per run the medians and sums of build and commit per block, the state tree's records
 * and bytes written per block, and what the process wrote through write(2) (/proc/self/io wchar).
 * Runs of one process are comparable; single runs are noisy (FINDINGS.md).
 */
import { cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { type Address, privateKeyToAddress } from "../crypto/index.js";
import { silentLogger } from "../lib/index.js";
import { Mempool, RecoveryPool } from "../mempool/index.js";
import { createModules, ModuleAddress } from "../modules/index.js";
import { Chain } from "../node/chain.js";
import type { GenesisDoc } from "../state/genesis.js";
import { getAccount, StateMachine } from "../state/index.js";
import { ChainStore } from "../store/index.js";
import { createStateTree } from "../store/tree/index.js";
import { signTx, WEI_PER_CMT } from "../types/index.js";
import { senderKeys } from "./load.js";
import { median } from "./stats.js";
import { syntheticAddress } from "./targets.js";

const CHAIN_ID = 1818n;
const GAS_PRICE = 1_000_000_000n;
const GAS_LIMIT = 1_000_000_000n;
const T0 = 1_700_000_000_000n;
const SENDERS = 200;
const PROPOSER = "0x00000000000000000000000000000000000000aa" as Address;

function genesisDoc(accounts: number, senders: Address[]): GenesisDoc {
  const supply = 1_000_000_000n * WEI_PER_CMT;
  const hundredM = 100_000_000n * WEI_PER_CMT;
  const offering = 7n * hundredM - BigInt(accounts) * WEI_PER_CMT;
  const each = offering / BigInt(senders.length);
  const balances = senders.map((address, i) => ({
    address,
    amount: (i === 0 ? offering - each * BigInt(senders.length - 1) : each).toString(),
  }));
  for (let i = 0; i < accounts; i++) balances.push({ address: syntheticAddress(i), amount: WEI_PER_CMT.toString() });
  balances.push({ address: ModuleAddress.vesting, amount: (supply - 8n * hundredM).toString() });
  balances.push({ address: ModuleAddress.reserve, amount: hundredM.toString() });
  balances.sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
  const start = T0.toString();
  return {
    chainId: CHAIN_ID.toString(),
    genesisTime: start,
    consensus: { blockGasLimit: GAS_LIMIT.toString(), validators: [{ address: PROPOSER, power: "1" }] },
    params: { minGasPrice: GAS_PRICE.toString() },
    modules: {
      bank: { balances },
      vesting: {
        schedules: [
          { beneficiary: syntheticAddress(accounts), label: "team-and-partners", total: hundredM.toString(), start },
          { beneficiary: syntheticAddress(accounts + 1), label: "5miles", total: hundredM.toString(), start },
        ],
      },
    },
  };
}

function openChain(dir: string, genesis: GenesisDoc): { store: ChainStore; chain: Chain } {
  const store = new ChainStore({ path: dir });
  store.attachTree(createStateTree(store.treeReader, { readValue: (k) => store.get(k) }));
  const { modules } = createModules();
  const machine = new StateMachine(
    { chainId: CHAIN_ID, blockGasLimit: GAS_LIMIT, minGasPrice: GAS_PRICE, feeCollector: ModuleAddress.feeCollector },
    { store, modules, log: silentLogger() },
  );
  const chain = new Chain(
    { chainId: CHAIN_ID, blockGasLimit: GAS_LIMIT, baseFee: GAS_PRICE, genesis },
    { store, machine, log: silentLogger(), onBlock: [], readGenesis: () => genesis },
  );
  chain.open();
  return { store, chain };
}

const wchar = (): number => Number(/wchar: (\d+)/.exec(readFileSync("/proc/self/io", "utf8"))?.[1] ?? 0);
const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);

async function run(
  base: string,
  genesis: GenesisDoc,
  keys: Uint8Array[],
  txs: number,
  block: number,
  pipelined: boolean,
): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), "cmt-blocks-run-"));
  cpSync(base, dir, { recursive: true });
  const { store, chain } = openChain(dir, genesis);
  const recovery = new RecoveryPool({ threads: 1 });
  try {
    const raws: Uint8Array[] = [];
    for (let n = 0; raws.length < txs; n++) {
      for (let s = 0; s < keys.length && raws.length < txs; s++) {
        const to = `0x${(0x100000 + raws.length).toString(16).padStart(40, "0")}` as Address;
        const tx = signTx(
          {
            type: 2,
            chainId: CHAIN_ID,
            nonce: BigInt(n),
            maxFeePerGas: 2n * GAS_PRICE,
            maxPriorityFeePerGas: 0n,
            gasLimit: 21_000n,
            to,
            value: 1n,
            data: new Uint8Array(0),
            accessList: [],
          },
          keys[s] as Uint8Array,
        );
        raws.push(tx.raw);
      }
    }
    const pool = new Mempool(
      { chainId: CHAIN_ID, minGasPrice: GAS_PRICE, blockGasLimit: GAS_LIMIT, maxTotal: 2 * txs, maxPerSender: txs },
      {
        accounts: { getNonce: (a) => getAccount(store, a).nonce, getBalance: (a) => getAccount(store, a).balance },
        recovery,
      },
    );
    const refused = (await pool.addMany(raws)).filter((r) => r instanceof Error).length;
    if (refused > 0) throw new Error(`${refused} transfers refused by the mempool`);
    const build: number[] = [];
    const commit: number[] = [];
    let records = 0;
    let recordBytes = 0;
    let time = T0 + 1000n;
    const written = wchar();
    const started = performance.now();
    for (;;) {
      const candidates = pool.reap(GAS_LIMIT, 1 << 30).slice(0, block);
      if (candidates.length === 0) break;
      const t0 = performance.now();
      const p = chain.build({ time, proposer: PROPOSER, lastCommit: new Uint8Array(0), evidence: [] }, candidates);
      build.push(performance.now() - t0);
      // Counted before the commit: the tree reuses an update's record buffers once it committed.
      records += p.treeUpdate.writes.length;
      for (const [, v] of p.treeUpdate.writes) recordBytes += v?.length ?? 0;
      const t1 = performance.now();
      if (pipelined) {
        // As the node does: the previous block's write must land before this one is committed;
        // the write then runs while the next block is built (the yield lets lmdb-js end its batch).
        await chain.written();
        chain.commitPreparedPipelined(p);
        await new Promise<void>((resolve) => setImmediate(resolve));
      } else chain.commitPrepared(p);
      commit.push(performance.now() - t1);
      pool.update({ txHashes: p.exec.txs.map((x) => x.tx.hash), senders: p.exec.txs.map((x) => x.sender) });
      time += 1000n;
    }
    await chain.written();
    const wall = performance.now() - started;
    const n = build.length;
    const ms = (x: number) => x.toFixed(0);
    return [
      `${n} blocks: build median ${ms(median(build))} sum ${ms(sum(build))} ms`,
      `commit median ${ms(median(commit))} sum ${ms(sum(commit))} ms`,
      `${((txs / wall) * 1000).toFixed(0)} tx/s`,
      `tree ${ms(records / n)} records ${(recordBytes / n / 1e6).toFixed(2)} MB per block`,
      `written ${((wchar() - written) / n / 1e6).toFixed(1)} MB per block`,
    ].join(" | ");
  } finally {
    await recovery.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      accounts: { type: "string" },
      txs: { type: "string" },
      block: { type: "string" },
      runs: { type: "string" },
      // sync: commitPrepared; pipelined: the node's commit (written while the next block builds); both: alternate.
      mode: { type: "string" },
    },
  });
  const mode = values.mode ?? "sync";
  if (!["sync", "pipelined", "both"].includes(mode)) throw new Error(`--mode ${mode}: sync, pipelined or both`);
  const accounts = Number(values.accounts ?? 1_000_000);
  const txs = Number(values.txs ?? 20_000);
  const block = Number(values.block ?? 2_500);
  const runs = Number(values.runs ?? 3);
  const keys = senderKeys(SENDERS);
  const genesis = genesisDoc(accounts, keys.map(privateKeyToAddress));
  const base = mkdtempSync(join(tmpdir(), "cmt-blocks-base-"));
  try {
    const t = performance.now();
    const { store } = openChain(base, genesis);
    await store.close();
    process.stderr.write(
      `store with ${accounts} accounts written in ${((performance.now() - t) / 1000).toFixed(1)} s\n`,
    );
    for (let i = 0; i < runs; i++) {
      for (const pipelined of mode === "both" ? [false, true] : [mode === "pipelined"]) {
        const line = await run(base, genesis, keys, txs, block, pipelined);
        process.stderr.write(`${pipelined ? "pipelined" : "sync"}: ${line}\n`);
      }
    }
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exitCode = 1;
});
