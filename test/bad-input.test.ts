// Bad input against a real node process: each gets the documented error (geth's wording,
// EIP-1474 codes), and the node keeps serving with its state unchanged.
import secp from "secp256k1";
import { encodeFunctionData } from "viem";
import { beforeAll, describe, expect, it } from "vitest";
import { bigintToFixed, fromHex, toHex } from "../src/lib/index.js";
import { vestingAbi } from "../src/modules/index.js";
import { rlpDecode, rlpEncode } from "../src/types/index.js";
import { devnetForFile, waitFor } from "./support/node-process.js";
import { call, devKey, post, rpc, signed } from "./support/rpc.js";

const BANK = "0x0000000000000000000000000000000000001001";
const VESTING = "0x0000000000000000000000000000000000001002";
const alice = devKey(0);
const team = devKey(10);

const devnet = devnetForFile();
let url: string;

beforeAll(() => {
  url = devnet.node.rpcUrl;
});

async function sendError(raw: string) {
  const r = await rpc(url, "eth_sendRawTransaction", [raw]);
  expect(r.result).toBeUndefined();
  return r.error;
}

/** A legacy-free way to make a signature whose r is not the x of any curve point. */
function unrecoverable(raw: string): string {
  const fields = rlpDecode(fromHex(raw).subarray(1)) as Uint8Array[];
  for (let r = 1n; ; r++) {
    const sig = new Uint8Array(64);
    sig.set(bigintToFixed(r, 32), 0);
    sig.set(bigintToFixed(1n, 32), 32);
    try {
      secp.ecdsaRecover(sig, 0, new Uint8Array(32).fill(1), false);
    } catch {
      fields[9] = new Uint8Array(0);
      fields[10] = bigintToFixed(r, 32).subarray(31);
      fields[11] = Uint8Array.of(1);
      return toHex(new Uint8Array([2, ...rlpEncode(fields)]));
    }
  }
}

describe("bad input gets a clear error and changes nothing", () => {
  let balanceBefore: string;
  let heightBefore: number;

  it("records the state before", async () => {
    balanceBefore = await call<string>(url, "eth_getBalance", [alice.address, "latest"]);
    heightBefore = Number(await call<string>(url, "eth_blockNumber"));
  });

  it("refuses malformed transactions", async () => {
    expect(await sendError("0xf8")).toMatchObject({ code: -32000, message: expect.stringMatching(/^rlp: /) });
    expect(await sendError("0x")).toMatchObject({ code: -32000, message: "typed transaction too short" });
    expect(await sendError("0x01c0")).toMatchObject({ code: -32000, message: "transaction type not supported" });
    expect(await sendError("0x03c0")).toMatchObject({ code: -32000, message: "transaction type not supported" });
    const wrongChain = signed(alice, { nonce: 0n, chainId: 1n });
    expect(await sendError(wrongChain)).toMatchObject({ code: -32000, message: "invalid chain id for signer" });
    const good = signed(alice, { nonce: 0n });
    expect(await sendError(unrecoverable(good))).toMatchObject({ code: -32000, message: "invalid sender" });
    const highS = fromHex(good);
    const f = rlpDecode(highS.subarray(1)) as Uint8Array[];
    f[11] = bigintToFixed(0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364140n, 32);
    expect(await sendError(toHex(new Uint8Array([2, ...rlpEncode(f)])))).toMatchObject({
      code: -32000,
      message: "invalid transaction v, r, s values",
    });
  });

  it("refuses transactions the sender cannot make", async () => {
    const nobody = { privateKey: new Uint8Array(32).fill(7) };
    expect(await sendError(signed(nobody, { nonce: 0n }))).toMatchObject({
      code: -32000,
      message: "insufficient funds for gas * price + value",
    });
    expect(await sendError(signed(alice, { nonce: 0n, maxFeePerGas: 1n }))).toMatchObject({
      code: -32000,
      message: "transaction underpriced",
    });
    expect(await sendError(signed(alice, { nonce: 10_000n }))).toMatchObject({
      code: -32000,
      message: "nonce too high",
    });
    expect(await sendError(signed(alice, { nonce: 0n, gasLimit: 1_000_000_000n }))).toMatchObject({
      code: -32000,
      message: "exceeds block gas limit",
    });
    expect(await sendError(signed(alice, { nonce: 0n, gasLimit: 20_000n }))).toMatchObject({
      code: -32000,
      message: "intrinsic gas too low",
    });
    const big = signed(alice, { nonce: 0n, gasLimit: 10_000_000n, data: new Uint8Array(140 * 1024).fill(1) });
    expect(await sendError(big)).toMatchObject({ code: -32000, message: "oversized data" });
  });

  it("refuses a nonce that is already used", async () => {
    const first = signed(alice, { nonce: 0n, value: 5n });
    const hash = await call<string>(url, "eth_sendRawTransaction", [first]);
    await waitFor(() => call(url, "eth_getTransactionReceipt", [hash]), 20_000, "receipt");
    expect(await sendError(signed(alice, { nonce: 0n, value: 6n }))).toMatchObject({
      code: -32000,
      message: "nonce too low",
    });
    expect(await sendError(first)).toMatchObject({
      code: -32000,
      message: expect.stringMatching(/nonce too low|already known/),
    });
  });

  it("answers protocol errors with EIP-1474 codes", async () => {
    expect((await rpc(url, "eth_nope")).error).toMatchObject({
      code: -32601,
      message: "the method eth_nope does not exist/is not available",
    });
    const bad = await post(url, "{not json");
    expect((bad.json as { error: unknown }).error).toMatchObject({ code: -32700 });
    expect((await rpc(url, "eth_getBalance", ["0xzz", "latest"])).error).toMatchObject({ code: -32602 });
    expect((await rpc(url, "eth_getBalance", [123, "latest"])).error).toMatchObject({ code: -32602 });
    expect((await rpc(url, "eth_sendTransaction", [{ from: alice.address, to: alice.address }])).error).toMatchObject({
      code: -32000,
    });
  });

  it("reverts module calls with bad calldata or in the wrong state, with the reason", async () => {
    const junk = await rpc(url, "eth_call", [{ to: BANK, data: "0x12345678" }, "latest"]);
    expect(junk.error).toMatchObject({
      code: 3,
      message: "execution reverted: bank: unknown function selector 0x12345678",
    });
    expect(junk.error?.data).toMatch(/^0x08c379a0/);
    const release = encodeFunctionData({ abi: vestingAbi, functionName: "release" });
    const early = await rpc(url, "eth_call", [{ from: team.address, to: VESTING, data: release }, "latest"]);
    expect(early.error).toMatchObject({
      code: 3,
      message: "execution reverted: vesting: nothing to release until the next quarter",
    });
    const est = await rpc(url, "eth_estimateGas", [{ from: team.address, to: VESTING, data: release }]);
    expect(est.error).toMatchObject({
      code: 3,
      message: "execution reverted: vesting: nothing to release until the next quarter",
    });

    // Sent anyway by an account without a schedule (explicit gas limit): mined with status 0,
    // the fee charged, nothing released.
    const bob = devKey(1);
    const before = BigInt(await call<string>(url, "eth_getBalance", [bob.address, "latest"]));
    const hash = await call<string>(url, "eth_sendRawTransaction", [
      signed(bob, { nonce: 0n, to: VESTING, value: 0n, data: fromHex(release), gasLimit: 100_000n }),
    ]);
    const receipt = await waitFor(
      () => call<{ status: string; gasUsed: string } | null>(url, "eth_getTransactionReceipt", [hash]),
      20_000,
      "receipt",
    );
    expect(receipt.status).toBe("0x0");
    const fee = BigInt(receipt.gasUsed) * 1_000_000_000n;
    expect(fee).toBeGreaterThan(21_000n * 1_000_000_000n);
    expect(BigInt(await call<string>(url, "eth_getBalance", [bob.address, "latest"]))).toBe(before - fee);
  });

  it("answers cmt_status and cmt_vesting", async () => {
    const status = await call<{ chainId: string; height: string; stateRoot: string }>(url, "cmt_status");
    expect(status.chainId).toBe("0x71a");
    expect(status.stateRoot).toMatch(/^0x[0-9a-f]{64}$/);
    const v = await call<{ label: string; total: string; vested: string; releasable: string }>(url, "cmt_vesting", [
      team.address,
    ]);
    expect(v.label).toBe("team-and-partners");
    expect(BigInt(v.total)).toBe(100_000_000n * 10n ** 18n);
    expect(BigInt(v.vested)).toBe(0n);
    expect(await call(url, "cmt_vesting", [alice.address])).toBeNull();
  });

  it("keeps serving, with the state unchanged by everything refused", async () => {
    await waitFor(
      async () => Number(await call<string>(url, "eth_blockNumber")) > heightBefore + 1,
      20_000,
      "new blocks",
    );
    const after = BigInt(await call<string>(url, "eth_getBalance", [alice.address, "latest"]));
    // Only the one accepted transfer (5 wei + 21,000 gas at 1 gwei) moved alice's balance.
    expect(after).toBe(BigInt(balanceBefore) - 5n - 21_000n * 1_000_000_000n);
    expect(await call<string>(url, "eth_getTransactionCount", [alice.address, "latest"])).toBe("0x1");
  });
});
