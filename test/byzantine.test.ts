// A Byzantine validator on a real network: validators 0–2 run as separate node processes over
// libp2p on loopback; the test itself is validator 3 (its consensus key and peer key from the
// `testnet init` home) and publishes two conflicting signed votes. The honest nodes must turn them
// into evidence, put it in a block, slash the offender by exactly the double-sign fraction, remove
// it from the set two heights later, agree on every block, and keep committing.
import { spawn } from "node:child_process";
import { rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { mnemonicToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CyberMilesClient, createCyberMilesClient, decodeModuleEvents } from "../src/sdk/index.js";
import { WEI_PER_CMT } from "../src/types/index.js";
import { type ByzantineValidator, randomHash, readStoppedChain, startByzantineValidator } from "./support/byzantine.js";
import { freePortBlock, type NodeProcess, startCli, tempDir, waitFor } from "./support/node-process.js";
import { call, MNEMONIC } from "./support/rpc.js";

const BIN = resolve(import.meta.dirname, "../bin/cybermiles.js");
const CHAIN_ID = 1819; // testnet init's default
const SELF_STAKE = 10_000_000n * WEI_PER_CMT;
const RESERVE_AT_GENESIS = 100_000_000n * WEI_PER_CMT;
const TOMBSTONED = 3;

/** The fields of staking's `getValidator` this test reads. */
async function validatorOf(cmt: CyberMilesClient, operator: `0x${string}`) {
  const [consensus, , status, tokens, , selfStake] = await cmt.staking.read.getValidator([operator]);
  return { consensus: consensus.toLowerCase(), status, tokens, selfStake };
}

const height = async (url: string) => Number(await call<string>(url, "eth_blockNumber"));
const hashAt = async (url: string, n: number) =>
  (await call<{ hash: string }>(url, "eth_getBlockByNumber", [`0x${n.toString(16)}`, false])).hash;

describe("a Byzantine validator that double-signs (3 honest processes + the test as validator 3)", () => {
  const dir = tempDir("cmt-byz-");
  const nodes: NodeProcess[] = [];
  const urls: string[] = [];
  let byz: ByzantineValidator;
  let cmt: CyberMilesClient;
  /** Dev account 3 operates validator 3 (testnet init: the first N dev accounts operate the validators). */
  const operator3 = mnemonicToAccount(MNEMONIC, { addressIndex: 3 }).address;
  let slashedBy = 0n;
  /** The conflicting votes the test signed, as hex of their signatures. */
  const sentSignatures = new Set<string>();

  beforeAll(async () => {
    // One block of eight free ports: RPC on the first four, p2p on the next four (two separate
    // random blocks could overlap each other).
    const rpcBase = await freePortBlock(8);
    const p2pBase = rpcBase + 4;
    const init = spawn(
      process.execPath,
      [
        BIN,
        "testnet",
        "init",
        "--validators",
        "4",
        "--out",
        dir,
        "--rpc-port",
        `${rpcBase}`,
        "--p2p-port",
        `${p2pBase}`,
      ],
      { stdio: "ignore" },
    );
    expect(await new Promise((r) => init.once("exit", r))).toBe(0);
    // All four at once: each node waits a moment for its persistent peers before its first sync.
    const [byzantine, ...started] = await Promise.all([
      startByzantineValidator(join(dir, "node3")),
      ...[0, 1, 2].map((i) => startCli(["start", "--home", join(dir, `node${i}`)], 60_000)),
    ]);
    byz = byzantine as ByzantineValidator;
    nodes.push(...(started as NodeProcess[]));
    urls.push(...nodes.map((n) => n.rpcUrl));
    cmt = createCyberMilesClient({ url: urls[0] as string, chainId: CHAIN_ID, pollingInterval: 100 });
  }, 90_000);

  afterAll(async () => {
    await byz?.stop();
    await Promise.all(nodes.map((n) => n.stop("SIGINT")));
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it("runs on three of four validators, with validator 3 bonded and in the set", async () => {
    await waitFor(async () => (await Promise.all(urls.map(height))).every((h) => h >= 3), 60_000, "height 3 on all");
    const v = await validatorOf(cmt, operator3);
    expect(v.consensus).toBe(byz.address);
    expect(v.status).toBe(0);
    expect(v.tokens).toBe(SELF_STAKE);
    const [set] = await cmt.staking.read.activeSet();
    expect(set.map((a) => a.toLowerCase())).toContain(byz.address);
  }, 90_000);

  it("conflicting votes become evidence in a block: validator 3 is slashed 5 % exactly and tombstoned", async () => {
    const [, , , , slashDoubleSignBps] = await cmt.staking.read.params();
    expect(slashDoubleSignBps).toBe(500n);
    // Wait for a proposal, then double-sign at its height (the proposed block vs nil) and, in case
    // that height is decided before our votes arrive, at the next one (a made-up value vs nil).
    const seen = byz.proposals.length;
    const p = await waitFor(async () => byz.proposals[seen] ?? null, 20_000, "a proposal on the consensus topic");
    const sent = [
      ...(await byz.equivocate("prevote", p.height, p.round, [p.blockHash, null])),
      ...(await byz.equivocate("precommit", p.height + 1, 0, [randomHash(), null])),
    ];
    for (const v of sent) sentSignatures.add(Buffer.from(v.signature).toString("hex"));

    const v = await waitFor(
      async () => {
        const v = await validatorOf(cmt, operator3);
        return v.status === TOMBSTONED ? v : null;
      },
      30_000,
      "validator 3 tombstoned",
    );
    slashedBy = (SELF_STAKE * slashDoubleSignBps) / 10_000n;
    expect(v.tokens).toBe(SELF_STAKE - slashedBy);
    expect(v.selfStake).toBe(SELF_STAKE - slashedBy);
    // Slashed stake goes to the reserve, once (a second offence of a tombstoned validator is ignored).
    expect(await cmt.bank.read.balanceOf([cmt.addresses.reserve])).toBe(RESERVE_AT_GENESIS + slashedBy);
    const [set, , powers] = await cmt.staking.read.activeSet();
    expect(set.map((a) => a.toLowerCase())).not.toContain(byz.address);
    expect(set).toHaveLength(3);
    // Three honest validators of 10 M each: each capped at 12 % of the 30 M whole stake.
    expect(powers).toEqual([3_600_000n, 3_600_000n, 3_600_000n]);
    // Any node shows the evidence in the block that carried it (cmt_getBlockConsensus).
    const tip = await height(urls[0] as string);
    const carried: Array<{ validator: string; height: string; votes: Array<{ type: string }> }> = [];
    for (let n = 1; n <= tip; n++) {
      const c = await call<{ evidence: typeof carried }>(urls[0] as string, "cmt_getBlockConsensus", [
        `0x${n.toString(16)}`,
      ]);
      carried.push(...c.evidence);
    }
    expect(carried.length).toBeGreaterThanOrEqual(1);
    for (const e of carried) {
      expect(e.validator).toBe(byz.address);
      expect(e.votes[0]?.type).toBe(e.votes[1]?.type);
    }
    // Begin-block's events are logs (block logs): one slash and one status change, for validator 3.
    const logs = await cmt.public.getLogs({ address: cmt.addresses.staking, fromBlock: 0n, toBlock: BigInt(tip) });
    const events = decodeModuleEvents(logs).map((e) => [e.eventName, e.args]);
    expect(events).toEqual([
      ["Slashed", { operator: operator3, reason: "double-sign", height: expect.any(BigInt) }],
      ["ValidatorStatusChanged", { operator: operator3, status: TOMBSTONED }],
    ]);
  }, 60_000);

  it("the chain keeps committing without validator 3, and the honest nodes agree on every block", async () => {
    const before = Math.max(...(await Promise.all(urls.map(height))));
    await waitFor(
      async () => (await Promise.all(urls.map(height))).every((h) => h >= before + 3),
      30_000,
      "three more blocks on all",
    );
    const common = Math.min(...(await Promise.all(urls.map(height))));
    for (let n = 1; n <= common; n++) {
      const hashes = await Promise.all(urls.map((u) => hashAt(u, n)));
      expect(new Set(hashes).size, `block ${n}`).toBe(1);
    }
    const [set] = await cmt.staking.read.validatorSetAt([BigInt(common)]);
    expect(set.map((a) => a.toLowerCase())).not.toContain(byz.address);
    // Reserve unchanged since the slash: nothing slashed twice.
    expect(await cmt.bank.read.balanceOf([cmt.addresses.reserve])).toBe(RESERVE_AT_GENESIS + slashedBy);
  }, 60_000);

  it("in node 2's store: the evidence block names validator 3's two votes, and the set drops it from E+2", async () => {
    const node2 = nodes[2] as NodeProcess;
    await node2.stop("SIGINT");
    const chain = readStoppedChain(join(dir, "node2"));
    try {
      expect(chain.evidenceBlocks.length).toBeGreaterThanOrEqual(1);
      const first = chain.evidenceBlocks[0]!;
      for (const e of first.evidence) {
        expect(e.first.validator).toBe(byz.address);
        expect(e.second.validator).toBe(byz.address);
        expect([e.first.height, e.first.round, e.first.type]).toEqual([e.second.height, e.second.round, e.second.type]);
        expect(e.first.value).not.toBe(e.second.value);
        // exactly the votes the test signed, carried unchanged from gossip to the block
        expect(sentSignatures.has(Buffer.from(e.first.signature).toString("hex"))).toBe(true);
        expect(sentSignatures.has(Buffer.from(e.second.signature).toString("hex"))).toBe(true);
      }
      const offences = chain.evidenceBlocks.flatMap((b) =>
        b.evidence.map((x) => `${x.first.type}@${x.first.height} in block ${b.height}`),
      );
      const e = first.height;
      expect(chain.setAddresses(e + 1n)).toContain(byz.address);
      expect(chain.setAddresses(e + 2n)).not.toContain(byz.address);
      expect(chain.setAddresses(e + 2n)).toHaveLength(3);
      // Node 2's chain is node 0's, block for block.
      for (let n = 1n; n <= chain.head; n++)
        expect(chain.blockHash(n)).toBe(await hashAt(urls[0] as string, Number(n)));
      const times = chain.headerTimes();
      const gaps = times.slice(1).map((t, i) => Number(t - (times[i] as bigint)));
      const mean = gaps.reduce((a, b) => a + b, 0) / gaps.length;
      const inCommits = [...chain.lastCommitCounts()].map(([v, n]) => `${v.slice(0, 8)}:${n}`).join(" ");
      console.log(
        `[byzantine] ${chain.head} blocks, mean block interval ${mean.toFixed(0)} ms (3 of 4 validators up); ` +
          `precommits in lastCommit per validator: ${inCommits}; evidence: ${offences.join(", ")}`,
      );
    } finally {
      await chain.close();
    }
  }, 60_000);
});
