// The `cybermiles` command as a user runs it: a production genesis from an allocation file, a
// node started from it, keys in an encrypted keystore, transfers and queries against the node.
import { execFile } from "node:child_process";
import { readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, type NodeProcess, startCli, tempDir } from "./support/node-process.js";
import { call, devKey } from "./support/rpc.js";

const BIN = resolve(import.meta.dirname, "../bin/cybermiles.js");
const run = promisify(execFile);

/** Run the CLI; resolves with stdout/stderr and the exit code (never rejects on a non-zero exit). */
async function cli(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await run(process.execPath, [BIN, ...args], { env: { ...process.env, ...env } });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** `tx send --wait` from the imported key "alice". */
function sendFromAlice(to: string, amount: string, ...extra: string[]) {
  const argv = ["tx", "send", "--from", "alice", "--to", to, "--amount", amount, ...extra, "--rpc", node.rpcUrl];
  return cli([...argv, "--wait", "--password-file", join(dir, "password")], keystoreEnv);
}

const alice = devKey(0);
const bob = devKey(1);
let dir: string;
let node: NodeProcess;
let keystoreEnv: Record<string, string>;

beforeAll(async () => {
  dir = tempDir("cmt-cli-");
  writeFileSync(join(dir, "password"), "correct horse battery staple\n");
  keystoreEnv = { CYBERMILES_KEYSTORE: join(dir, "keystore"), CYBERMILES_PASSWORD: "" };
});
afterAll(async () => {
  await node?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe("cybermiles genesis, init and start: a production chain", () => {
  it("refuses an allocation file that does not add up, naming the line", async () => {
    writeFileSync(
      join(dir, "bad.csv"),
      `address,amount\n${alice.address},600000000\n${alice.address.toUpperCase().replace("0X", "0x")},100000000\n`,
    );
    const r = await cli([
      "genesis",
      "build",
      "--allocations",
      join(dir, "bad.csv"),
      "--team",
      bob.address,
      "--5miles",
      devKey(2).address,
      "--validator",
      bob.address,
      "--out",
      join(dir, "g.json"),
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/line 3.*duplicate/i);
  });

  it("builds a 1 B CMT genesis, creates a home and runs a node from it", async () => {
    const home = join(dir, "node");
    const init = await cli(["init", "--home", home]);
    expect(init.code).toBe(0);
    const validator = /validator address: (0x[0-9a-f]{40})/.exec(init.stdout)?.[1] as string;
    expect(validator).toBeTruthy();
    writeFileSync(join(dir, "offering.csv"), `address,amount\n${alice.address},699999000\n${devKey(3).address},1000\n`);
    const build = await cli([
      "genesis",
      "build",
      "--allocations",
      join(dir, "offering.csv"),
      "--team",
      devKey(4).address,
      "--5miles",
      devKey(5).address,
      "--validator",
      validator,
      "--chain-id",
      "18",
      "--out",
      join(home, "genesis.json"),
    ]);
    expect(build.code, build.stderr).toBe(0);
    const validate = await cli(["genesis", "validate", join(home, "genesis.json")]);
    expect(validate.code).toBe(0);
    expect(validate.stdout).toMatch(/1,?000,?000,?000/);

    node = await startCli(["start", "--home", home, "--rpc-port", String(await freePort())]);
    expect(await call(node.rpcUrl, "eth_chainId")).toBe("0x12");
    const supply = await call<string>(node.rpcUrl, "eth_call", [
      { to: "0x0000000000000000000000000000000000001001", data: "0x18160ddd" },
      "latest",
    ]);
    expect(BigInt(supply)).toBe(10n ** 27n);
    const status = await cli(["query", "status", "--rpc", node.rpcUrl]);
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/chain id.*18/i);
  });
});

describe("cybermiles keys, tx and query against the node", () => {
  it("imports a key into an encrypted keystore with no plaintext key on disk", async () => {
    writeFileSync(join(dir, "alice.key"), Buffer.from(alice.privateKey).toString("hex"));
    const pw = ["--password-file", join(dir, "password")];
    const imp = await cli(
      ["keys", "import", "alice", "--private-key-file", join(dir, "alice.key"), "--light-kdf", ...pw],
      keystoreEnv,
    );
    expect(imp.code, imp.stderr).toBe(0);
    rmSync(join(dir, "alice.key"));
    const list = await cli(["keys", "list"], keystoreEnv);
    expect(list.stdout.toLowerCase()).toContain(alice.address);
    const hexKey = Buffer.from(alice.privateKey).toString("hex");
    for (const f of readdirSync(join(dir, "keystore"))) {
      const text = readFileSync(join(dir, "keystore", f), "utf8");
      expect(text).not.toContain(hexKey);
      expect(JSON.parse(text).crypto ?? JSON.parse(text).Crypto).toBeTruthy();
    }
    const wrong = await cli(["keys", "export", "alice", "--unsafe-show-private-key"], {
      ...keystoreEnv,
      CYBERMILES_PASSWORD: "nope",
    });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain("invalid password");
  });

  it("sends CMT with `tx send --wait` and reads it back with `query`", async () => {
    const to = "0x00000000000000000000000000000000000c0ffe";
    const send = await sendFromAlice(to, "1.5");
    expect(send.code, send.stderr).toBe(0);
    const hash = /0x[0-9a-f]{64}/.exec(send.stdout)?.[0] as string;
    expect(hash).toBeTruthy();
    const bal = await cli(["query", "balance", to, "--rpc", node.rpcUrl]);
    expect(bal.stdout).toContain("1.5");
    const tx = await cli(["query", "tx", hash, "--rpc", node.rpcUrl, "--json"]);
    expect(tx.code).toBe(0);
    expect(tx.stdout).toContain(hash);
    expect(tx.stdout.toLowerCase()).toContain(alice.address);
    const block = await cli(["query", "block", "latest", "--rpc", node.rpcUrl]);
    expect(block.code).toBe(0);
    const legacy = await sendFromAlice(to, "1", "--legacy");
    expect(legacy.code, legacy.stderr).toBe(0);
    expect((await cli(["query", "balance", to, "--rpc", node.rpcUrl])).stdout).toContain("2.5");
    // The balance after the first transfer's block, from the node's recent state.
    const first = JSON.parse(tx.stdout) as { receipt: { blockNumber: string } };
    const at = String(Number(first.receipt.blockNumber));
    expect((await cli(["query", "balance", to, "--block", at, "--rpc", node.rpcUrl])).stdout).toBe("1.5 CMT\n");
    // Both mined: nothing of alice's waits in the mempool.
    expect((await cli(["query", "txpool", alice.address, "--rpc", node.rpcUrl])).stdout).toMatch(
      /^no transactions of 0x[0-9a-fA-F]{40} in the mempool\n$/,
    );
  });

  it("reports the node's refusal and an unreachable node clearly", async () => {
    writeFileSync(join(dir, "poor.key"), "11".repeat(32));
    await cli(
      [
        "keys",
        "import",
        "poor",
        "--private-key-file",
        join(dir, "poor.key"),
        "--light-kdf",
        "--password-file",
        join(dir, "password"),
      ],
      keystoreEnv,
    );
    const poor = await cli(
      [
        "tx",
        "send",
        "--from",
        "poor",
        "--to",
        bob.address,
        "--amount",
        "1",
        "--rpc",
        node.rpcUrl,
        "--password-file",
        join(dir, "password"),
      ],
      keystoreEnv,
    );
    expect(poor.code).toBe(1);
    expect(poor.stderr).toContain("insufficient funds");
    const down = await cli(["query", "balance", bob.address, "--rpc", "http://127.0.0.1:1"]);
    expect(down.code).toBe(1);
    expect(down.stderr).toContain("cannot reach node");
  });

  it("refuses a devnet of more validators than the active set holds", async () => {
    const r = await cli(["devnet", "--dir", join(dir, "multi"), "--validators", "20"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--validators must be between 1 and 19");
  });

  it("testnet init lays out N homes with one genesis that bonds every validator", async () => {
    const out = join(dir, "testnet");
    const r = await cli([
      "testnet",
      "init",
      "--validators",
      "3",
      "--out",
      out,
      "--hosts",
      "10.0.0.1,10.0.0.2,10.0.0.3",
    ]);
    expect(r.code, r.stderr).toBe(0);
    const genesis = JSON.parse(readFileSync(join(out, "node0", "genesis.json"), "utf8"));
    expect(readFileSync(join(out, "node2", "genesis.json"), "utf8")).toBe(
      readFileSync(join(out, "node0", "genesis.json"), "utf8"),
    );
    expect(genesis.modules.staking.validators).toHaveLength(3);
    expect(genesis.consensus.validators).toHaveLength(3);
    const config = JSON.parse(readFileSync(join(out, "node1", "config.json"), "utf8"));
    expect(config.p2p.listen).toEqual(["/ip4/0.0.0.0/tcp/26656"]);
    expect(config.p2p.persistentPeers).toHaveLength(2);
    expect(config.p2p.persistentPeers[0]).toMatch(/^\/ip4\/10\.0\.0\.1\/tcp\/26656\/p2p\/12D3Koo/);
    const again = await cli(["testnet", "init", "--validators", "3", "--out", out]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("already exists");
    const bad = await cli(["testnet", "init", "--validators", "3", "--out", join(dir, "t2"), "--hosts", "a,b"]);
    expect(bad.code).toBe(2);
  });

  it("every command has --help", async () => {
    for (const c of ["init", "start", "devnet", "testnet", "genesis", "keys", "tx", "query", "staking", "market"]) {
      const r = await cli([c, "--help"]);
      expect(r.code, c).toBe(0);
      expect(r.stdout, c).toMatch(/Usage: cybermiles/);
    }
  });
});
