// Module commands (`cybermiles <module> <function> ...`) against a real devnet process, run
// in-process through the CLI's dispatcher so exit codes and printed errors are the user's.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { devnetForFile } from "../../test/support/node-process.js";
import { call, devKey } from "../../test/support/rpc.js";
import { checksumAddress } from "../crypto/index.js";
import { parseCmt } from "../types/index.js";
import { captureIo } from "./cli.testing.js";
import { KeystoreDir, LIGHT_KDF } from "./keystore-dir.js";
import { main } from "./main.js";

const devnet = devnetForFile(["--block-time", "250"]);
let keystore: string;
const payer = devKey(3);
const payee = devKey(4);
const team = devKey(10); // the devnet's team & partners vesting beneficiary

beforeAll(async () => {
  keystore = join(mkdtempSync(join(tmpdir(), "module-cmd-")), "keystore");
  const ks = new KeystoreDir(keystore);
  await ks.add("payer", payer.privateKey, "pw", LIGHT_KDF);
  await ks.add("payee", payee.privateKey, "pw", LIGHT_KDF);
});
afterAll(() => {
  if (keystore) rmSync(join(keystore, ".."), { recursive: true, force: true });
});

/** Run `cybermiles ...args` against the devnet; returns exit code and output. */
async function cli(...args: string[]) {
  const io = captureIo({
    CYBERMILES_KEYSTORE: keystore,
    CYBERMILES_PASSWORD: "pw",
    CYBERMILES_RPC: devnet.node.rpcUrl,
  });
  const code = await main(args, io);
  return { code, out: io.out, err: io.err };
}

const balance = async (address: string) => BigInt(await call<string>(devnet.node.rpcUrl, "eth_getBalance", [address]));

describe("module commands: help", () => {
  it("lists every function of a module with its parameters, and one function on its own", async () => {
    const list = await cli("escrow", "--help");
    expect(list.code).toBe(0);
    const [views, calls] = list.out.split("\nCalls:\n") as [string, string];
    expect(views).toContain("  nextId() → uint256 id");
    expect(views).toContain("  escrowsOf(address party, uint256 fromId, uint256 limit) → uint256[] ids");
    expect(calls).toContain("  fund(uint256 id) payable\n");
    expect(calls).toMatch(/ {2}open\(address payee, uint256 amount, uint256 deposit, .*address\[\] carriers\) payable/);
    const one = await cli("bank", "transfer", "--help");
    expect(one.code).toBe(0);
    expect(one.out).toMatch(/^Usage: cybermiles bank transfer <to> <amount> --from NAME \[options\]/);
    expect(one.out).toMatch(/Parameters:\n {2}to +address\n {2}amount +uint256\n/);
    expect((await cli("bank", "balanceOf", "--help")).out).toContain("A view: answered by the node with eth_call");
    const unknown = await cli("bank", "mint", "1");
    expect([unknown.code, unknown.err]).toEqual([
      2,
      "error: unknown function 'bank mint' (see 'cybermiles bank --help')\n",
    ]);
  });
});

describe("module commands: views", () => {
  it("prints results as JSON with decimal integers and named fields", async () => {
    const bal = await cli("bank", "balanceOf", checksumAddress(payer.address));
    expect(bal.code).toBe(0);
    expect(JSON.parse(bal.out)).toBe((await balance(payer.address)).toString());
    const schedule = await cli("vesting", "scheduleOf", team.address);
    expect(JSON.parse(schedule.out)).toMatchObject({
      label: "team-and-partners",
      total: parseCmt("100000000").toString(),
      released: "0",
    });
    const byName = await cli("bank", "balanceOf", "payee"); // a keystore key name stands for its address
    expect(JSON.parse(byName.out)).toBe((await balance(payee.address)).toString());
  });

  it("names the argument that is wrong", async () => {
    const short = await cli("bank", "balanceOf", "0x1234");
    expect([short.code, short.err]).toEqual([
      2,
      'error: argument 1 (account: address): invalid address "0x1234" (0x and 40 hex digits)\n',
    ]);
    const typo = checksumAddress(payer.address).replace(/[a-f]/, (c) => c.toUpperCase());
    expect((await cli("bank", "balanceOf", typo)).err).toContain("argument 1 (account: address): address");
    expect((await cli("bank", "balanceOf", typo)).err).toContain("wrong checksum");
    const amount = await cli("bank", "transfer", payee.address, "lots", "--from", "payer");
    expect([amount.code, amount.err]).toEqual([
      2,
      'error: argument 2 (amount: uint256): invalid integer "lots" (a decimal, 0x hex, or CMT like 1.5cmt for an amount in wei)\n',
    ]);
    const count = await cli("bank", "transfer", payee.address, "--from", "payer");
    expect(count.err).toBe("error: expected 2 argument(s) (to, amount), got 1 (see --help)\n");
  });
});

describe("module commands: calls", () => {
  it("sends a call with --wait and prints status, block and decoded events", async () => {
    const to = `0x${"5e".repeat(20)}`;
    const sent = await cli("bank", "transfer", to, "1.5cmt", "--from", "payer", "--wait");
    expect(sent.err).toContain(`calling bank.transfer from ${checksumAddress(payer.address)}`);
    expect(sent.code).toBe(0);
    const [hash, status, block, gas, event] = sent.out.trim().split("\n");
    expect(hash).toMatch(/^0x[0-9a-f]{64}$/);
    expect(status).toBe("status:   success");
    expect(block).toMatch(/^block: {4}\d+$/);
    expect(gas).toMatch(/^gas used: \d+$/);
    expect(event).toBe(
      `event:    Transfer {"from":"${checksumAddress(payer.address)}","to":"${checksumAddress(to as `0x${string}`)}","value":"1500000000000000000"}`,
    );
    expect(await balance(to)).toBe(parseCmt("1.5"));
    // A view as of an earlier block: the block before the transfer's, the node's recent state.
    const before = String(Number(block?.replace(/^block: +/, "")) - 1);
    const past = await cli("bank", "balanceOf", to, "--block", before);
    expect(past.code).toBe(0);
    expect(JSON.parse(past.out)).toBe("0");
    expect(JSON.parse((await cli("bank", "balanceOf", to)).out)).toBe("1500000000000000000");
    const refused = await cli("bank", "transfer", to, "1", "--from", "payer", "--block", before);
    expect(refused.code).toBe(2);
    expect(refused.err).toContain("--block: transfer is a call; only views read a past block");
  });

  it("opens and funds an escrow with --value; the module holds payment and both deposits", async () => {
    const head = await call<{ timestamp: string }>(devnet.node.rpcUrl, "eth_getBlockByNumber", ["latest", false]);
    const fundBy = (BigInt(head.timestamp) * 1000n + 600_000n).toString();
    const escrowBefore = await balance("0x0000000000000000000000000000000000001011");
    const opened = await cli(
      "escrow",
      "open",
      "payee",
      "5cmt",
      "1cmt",
      "60000",
      fundBy,
      "60000",
      "",
      "--value",
      "6",
      "--from",
      "payer",
      "--wait",
    );
    expect(opened.err).toContain("with 6 CMT");
    expect(opened.code).toBe(0);
    const ev = /event: {4}Opened (\{.*\})/.exec(opened.out)?.[1];
    const { id, amount, deposit } = JSON.parse(ev as string);
    expect([amount, deposit]).toEqual([parseCmt("5").toString(), parseCmt("1").toString()]);
    const funded = await cli("escrow", "fund", id, "--value", "1", "--from", "payee", "--wait");
    expect(funded.code).toBe(0);
    expect(funded.out).toContain("event:    Funded");
    const escrow = JSON.parse((await cli("escrow", "getEscrow", id)).out);
    expect(escrow).toMatchObject({
      payer: checksumAddress(payer.address),
      payee: checksumAddress(payee.address),
      amount: parseCmt("5").toString(),
      deposit: parseCmt("1").toString(),
      carriers: [],
    });
    expect(await balance("0x0000000000000000000000000000000000001011")).toBe(escrowBefore + parseCmt("7"));
    const notPayable = await cli("escrow", "cancel", id, "--value", "1", "--from", "payer");
    expect([notPayable.code, notPayable.err]).toEqual([2, "error: --value: cancel is not payable; it takes no CMT\n"]);
  });

  it("prints the module's revert reason and exits with 1, before sending and after mining", async () => {
    const refused = await cli("vesting", "release", "--from", "payer");
    expect([refused.code, refused.out, refused.err]).toEqual([
      1,
      "",
      "error: execution reverted: vesting: caller has no vesting schedule\n",
    ]);
    // A gas limit skips the estimate: the transaction is mined, reverts, and the reason is still shown.
    const mined = await cli("vesting", "release", "--from", "payer", "--gas-limit", "100000", "--wait");
    expect(mined.code).toBe(1);
    expect(mined.out).toContain("status:   reverted");
    expect(mined.err).toMatch(/error: execution reverted: vesting: caller has no vesting schedule\n$/);
  });
});
