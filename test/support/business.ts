// Shared helpers of the business end-to-end tests (market, escrow, arbitration through the SDK
// against a real node process): a one-validator chain home with custom genesis parameters, funded
// fresh traders with SDK clients, a fee ledger for exact-wei balance checks, and refusal checks.
import { execFileSync } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Hex, PrivateKeyAccount } from "viem";
import { generatePrivateKey, mnemonicToAccount, privateKeyToAccount } from "viem/accounts";
import { expect } from "vitest";
import { type CyberMilesClient, createCyberMilesClient, revertReasonOf } from "../../src/sdk/index.js";
import { freePortBlock, type NodeProcess, startCli, tempDir } from "./node-process.js";

const BIN = resolve(import.meta.dirname, "../../bin/cybermiles.js");
const MNEMONIC = "test test test test test test test test test test test junk";
/** Chain id of homes made by `cybermiles testnet init`. */
export const TESTNET_CHAIN_ID = 1819;

/** An SDK client with its signing account at hand. */
export type Client = CyberMilesClient<PrivateKeyAccount> & { account: PrivateKeyAccount };

export interface BusinessNodeOptions {
  /** `modules.arbitration.params` of the genesis (decimal strings). */
  arbitration?: Record<string, string>;
  /** Block interval, ms (default 200). */
  blockTimeMs?: number;
  /** `modules.market.params` of the genesis (decimal strings), e.g. a short `acceptWindowMs`. */
  market?: Record<string, string>;
}

export interface BusinessNode {
  node: NodeProcess;
  rpcUrl: string;
  home: string;
  /** Dev account i of the test mnemonic (1..9 are funded with 70 M CMT; 0 is the validator). */
  dev(i: number): Client;
  /** A fresh account funded with `amount` wei by dev account `from` (its own balance, its own fees). */
  trader(amount: bigint, from?: number): Promise<Client>;
  stop(): Promise<void>;
}

/** `cybermiles testnet init` a one-validator home, patch its genesis, start it. */
export async function startBusinessNode(opts: BusinessNodeOptions = {}): Promise<BusinessNode> {
  const dir = tempDir("cmt-biz-");
  const base = await freePortBlock(2);
  const blockTime = String(opts.blockTimeMs ?? 200);
  execFileSync(process.execPath, [
    BIN,
    ...["testnet", "init", "--validators", "1", "--out", dir, "--rpc-port", String(base)],
    ...["--p2p-port", String(base + 1), "--block-time", blockTime],
  ]);
  const home = join(dir, "node0");
  const genesisFile = join(home, "genesis.json");
  const genesis = JSON.parse(readFileSync(genesisFile, "utf8"));
  if (opts.arbitration) genesis.modules.arbitration = { params: opts.arbitration };
  if (opts.market) genesis.modules.market = { params: opts.market };
  writeFileSync(genesisFile, JSON.stringify(genesis, null, 2));

  const node = await startCli(["start", "--home", home]);

  const clients = new Map<number, Client>();
  const clientOf = (account: PrivateKeyAccount): Client =>
    Object.assign(
      createCyberMilesClient({ url: node.rpcUrl, account, chainId: TESTNET_CHAIN_ID, pollingInterval: 100 }),
      { account },
    );
  const dev = (i: number): Client => {
    let c = clients.get(i);
    if (!c) {
      // mnemonicToAccount is an HD account; the SDK only needs signing, so take its private key.
      const key = mnemonicToAccount(MNEMONIC, { addressIndex: i }).getHdKey().privateKey;
      if (!key) throw new Error(`no key for dev account ${i}`);
      c = clientOf(privateKeyToAccount(`0x${Buffer.from(key).toString("hex")}` as Hex));
      clients.set(i, c);
    }
    return c;
  };
  return {
    node,
    rpcUrl: node.rpcUrl,
    home,
    dev,
    async trader(amount, from = 1) {
      const c = clientOf(privateKeyToAccount(generatePrivateKey()));
      const funder = dev(from);
      await funder.waitForSuccess(await funder.bank.write.transfer([c.account.address, amount]));
      return c;
    },
    async stop() {
      await node.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Every fee paid, per sender, so balance checks are exact to the wei: a balance after the test is
 * the balance before, plus what the rules pay, minus `fees(address)` (gasUsed × effectiveGasPrice
 * of each receipt).
 */
export class Ledger {
  private readonly paid = new Map<string, bigint>();
  private readonly start = new Map<string, bigint>();

  constructor(private readonly reader: Client) {}

  /** Send a write, wait for success, record its fee; returns the decoded events and the receipt. */
  async tx(c: Client, send: () => Promise<Hex>) {
    const hash = await send();
    const result = await c.waitForSuccess(hash);
    const fee = result.receipt.gasUsed * result.receipt.effectiveGasPrice;
    const who = c.account.address.toLowerCase();
    this.paid.set(who, (this.paid.get(who) ?? 0n) + fee);
    return result;
  }

  /** Fees paid by `address` since it was snapshotted. */
  fees(address: string): bigint {
    return this.paid.get(address.toLowerCase()) ?? 0n;
  }

  /** Remember the balances of `addresses` now and reset their fee counts. */
  async snapshot(...addresses: string[]): Promise<void> {
    for (const a of addresses) {
      this.start.set(a.toLowerCase(), await this.balance(a));
      this.paid.set(a.toLowerCase(), 0n);
    }
  }

  async balance(address: string): Promise<bigint> {
    return this.reader.public.getBalance({ address: address as Hex });
  }

  /** The balance of `address` is its snapshot + `delta` − the fees it paid since. */
  async expectDelta(address: string, delta: bigint, what = address): Promise<void> {
    const before = this.start.get(address.toLowerCase());
    if (before === undefined) throw new Error(`no snapshot of ${address}`);
    expect(await this.balance(address), what).toBe(before + delta - this.fees(address));
  }
}

/** The write is refused (simulated, nothing sent) with exactly this revert reason. */
export async function expectRefused(write: Promise<unknown>, reason: string | RegExp): Promise<void> {
  const err = await write.then(
    () => new Error("the call was not refused"),
    (e: unknown) => e,
  );
  const got = revertReasonOf(err);
  if (got === null) throw err;
  if (typeof reason === "string") expect(got).toBe(reason);
  else expect(got).toMatch(reason);
}

/** The module event `name` of `module` among decoded events (throws when absent). */
export function eventOf<T = Record<string, unknown>>(
  events: readonly { module: string; eventName: string; args: unknown }[],
  module: string,
  name: string,
): T {
  const e = events.find((x) => x.module === module && x.eventName === name);
  if (!e)
    throw new Error(`no ${module}.${name} event in ${events.map((x) => `${x.module}.${x.eventName}`).join(", ")}`);
  return e.args as T;
}

/** Block time (ms) of the latest block. */
export async function blockTimeMs(c: Client): Promise<bigint> {
  return (await c.public.getBlock()).timestamp * 1000n;
}

/** Resolve once a block with time ≥ `ms` (block time, ms) has been committed, plus one more block. */
export async function waitForBlockTime(c: Client, ms: bigint, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const b = await c.public.getBlock();
    if (b.timestamp * 1000n >= ms) {
      // The deadline ran in that block's end-block; one more block makes sure reads see it.
      const h = b.number;
      while ((await c.public.getBlockNumber()) <= h) await sleep(50);
      return;
    }
    if (Date.now() > until) throw new Error(`no block reached time ${ms} in ${timeoutMs} ms`);
    await sleep(100);
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A bytes32 made of one repeated byte (tracking hashes, review hashes, evidence hashes). */
export const hash32 = (byte: number): Hex => `0x${byte.toString(16).padStart(2, "0").repeat(32)}`;
