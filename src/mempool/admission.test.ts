import { describe, expect, it } from "vitest";
import { rlpEncode, type SignedTx, TxError, TxErrorCode } from "../types/index.js";
import { ADMISSION_MESSAGES } from "./errors.js";
import { addressOf, CMT, GWEI, KEYS, makePool, makeTx } from "./testing.js";

const ALICE = addressOf(KEYS.alice);

async function refused(p: Promise<unknown>, code: string, message: string): Promise<void> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(TxError);
  expect(err).toMatchObject({ code, message });
}

function funded(options: Parameters<typeof makePool>[0] = {}) {
  const made = makePool(options);
  made.accounts.set(ALICE, 0n, 10n * CMT);
  return made;
}

/** Re-encode a type-2 transaction with r = 5: structurally valid, but x = 5 is not on the curve. */
function unrecoverable(tx: SignedTx): Uint8Array {
  const to = Buffer.from((tx.to as string).slice(2), "hex");
  const fields = [tx.chainId, tx.nonce, tx.maxPriorityFeePerGas, tx.maxFeePerGas, tx.gasLimit, to, tx.value, tx.data];
  return new Uint8Array([2, ...rlpEncode([...fields, [], tx.v, 5n, tx.s])]);
}

describe("admission refusals (geth's wording)", () => {
  it("refuses an oversized transaction", async () => {
    const { pool } = funded({ maxTxBytes: 200 });
    const tx = makeTx(KEYS.alice, { data: new Uint8Array(300).fill(1), gasLimit: 30_000n });
    await refused(pool.add(tx.raw), TxErrorCode.Oversized, "oversized data");
  });

  it("passes the codec's refusals through", async () => {
    const { pool } = funded();
    await refused(pool.add(Uint8Array.of(1, 0xc0)), TxErrorCode.TypeNotSupported, "transaction type not supported");
    const err = await pool.add(Uint8Array.of(0xc1, 0xff)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TxError);
    expect((err as TxError).code).toBe(TxErrorCode.Rlp);
  });

  it("refuses another chain's transaction", async () => {
    const { pool } = funded();
    const tx = makeTx(KEYS.alice, { chainId: 1n });
    await refused(pool.add(tx.raw), TxErrorCode.ChainId, "invalid chain id for signer");
    const legacy = makeTx(KEYS.alice, { chainId: 1n, type: 0 });
    await refused(pool.add(legacy.raw), TxErrorCode.ChainId, "invalid chain id for signer");
  });

  it("refuses more gas than a block holds", async () => {
    const { pool } = funded();
    const tx = makeTx(KEYS.alice, { gasLimit: 30_000_001n });
    await refused(pool.add(tx.raw), TxErrorCode.GasLimit, "exceeds block gas limit");
  });

  it("refuses less gas than the intrinsic cost, data included", async () => {
    const { pool } = funded();
    await refused(
      pool.add(makeTx(KEYS.alice, { gasLimit: 20_999n }).raw),
      TxErrorCode.IntrinsicGas,
      "intrinsic gas too low",
    );
    const withData = makeTx(KEYS.alice, { gasLimit: 21_000n, data: Uint8Array.of(1) });
    await refused(pool.add(withData.raw), TxErrorCode.IntrinsicGas, "intrinsic gas too low");
  });

  it("refuses a tip above the fee cap", async () => {
    const { pool } = funded();
    const tx = makeTx(KEYS.alice, { maxFeePerGas: 2n * GWEI, maxPriorityFeePerGas: 3n * GWEI });
    await refused(pool.add(tx.raw), TxErrorCode.TipAboveFeeCap, "max priority fee per gas higher than max fee per gas");
  });

  it("refuses a fee cap below the minimum gas price", async () => {
    const { pool } = funded();
    const tx = makeTx(KEYS.alice, { maxFeePerGas: GWEI - 1n, maxPriorityFeePerGas: 0n });
    await refused(pool.add(tx.raw), TxErrorCode.Underpriced, "transaction underpriced");
    const legacy = makeTx(KEYS.alice, { type: 0, maxFeePerGas: GWEI / 2n });
    await refused(pool.add(legacy.raw), TxErrorCode.Underpriced, "transaction underpriced");
  });

  it("refuses contract creation for now", async () => {
    const { pool } = funded();
    const tx = makeTx(KEYS.alice, { to: null, gasLimit: 100_000n });
    await refused(pool.add(tx.raw), TxErrorCode.ContractCreation, ADMISSION_MESSAGES[TxErrorCode.ContractCreation]);
  });

  it("refuses a signature that recovers no sender", async () => {
    const { pool } = funded();
    await refused(pool.add(unrecoverable(makeTx(KEYS.alice))), TxErrorCode.InvalidSender, "invalid sender");
  });

  it("refuses a transaction already in the pool", async () => {
    const { pool } = funded();
    const tx = makeTx(KEYS.alice);
    await pool.add(tx.raw);
    await refused(pool.add(tx.raw), TxErrorCode.AlreadyKnown, "already known");
  });

  it("refuses a nonce below the account's", async () => {
    const { pool, accounts } = funded();
    accounts.set(ALICE, 5n, 10n * CMT);
    await refused(pool.add(makeTx(KEYS.alice, { nonce: 4n }).raw), TxErrorCode.NonceTooLow, "nonce too low");
  });

  it("refuses a nonce more than maxNonceGap beyond the pending nonce", async () => {
    const { pool } = funded({ maxNonceGap: 64 });
    await pool.add(makeTx(KEYS.alice, { nonce: 0n }).raw); // pending nonce is now 1
    await refused(pool.add(makeTx(KEYS.alice, { nonce: 66n }).raw), TxErrorCode.NonceTooHigh, "nonce too high");
    await expect(pool.add(makeTx(KEYS.alice, { nonce: 65n }).raw)).resolves.toMatchObject({ sender: ALICE });
  });

  it("refuses when the balance does not cover value + gas × fee cap", async () => {
    const { pool, accounts } = funded();
    const tx = makeTx(KEYS.alice, { value: 5n });
    accounts.set(ALICE, 0n, 21_000n * 2n * GWEI + 4n);
    await refused(pool.add(tx.raw), TxErrorCode.InsufficientFunds, "insufficient funds for gas * price + value");
  });

  it("counts the sender's pending transactions against its balance", async () => {
    const { pool, accounts } = funded();
    const cost = 21_000n * 2n * GWEI + 1n;
    accounts.set(ALICE, 0n, 2n * cost + cost / 2n);
    await pool.add(makeTx(KEYS.alice, { nonce: 0n }).raw);
    await pool.add(makeTx(KEYS.alice, { nonce: 1n }).raw);
    const third = makeTx(KEYS.alice, { nonce: 2n });
    await refused(pool.add(third.raw), TxErrorCode.InsufficientFunds, "insufficient funds for gas * price + value");
    // A replacement counts instead of the one it replaces: 2.5 × cost covers nonce 1 at 1.5 × cost...
    const bump = makeTx(KEYS.alice, { nonce: 1n, maxFeePerGas: 3n * GWEI, maxPriorityFeePerGas: 2n * GWEI });
    await expect(pool.add(bump.raw)).resolves.toMatchObject({ sender: ALICE });
    // ...but not at 2 × cost.
    const bump2 = makeTx(KEYS.alice, { nonce: 1n, maxFeePerGas: 4n * GWEI, maxPriorityFeePerGas: 3n * GWEI });
    await refused(pool.add(bump2.raw), TxErrorCode.InsufficientFunds, "insufficient funds for gas * price + value");
  });

  it("refuses a replacement that does not raise both fee caps by the bump", async () => {
    const { pool } = funded({ priceBumpPercent: 10 });
    await pool.add(makeTx(KEYS.alice, { maxFeePerGas: 20n * GWEI, maxPriorityFeePerGas: 10n * GWEI }).raw);
    const msg = "replacement transaction underpriced";
    const code = TxErrorCode.ReplacementUnderpriced;
    const feeShort = makeTx(KEYS.alice, { maxFeePerGas: 21n * GWEI, maxPriorityFeePerGas: 11n * GWEI });
    await refused(pool.add(feeShort.raw), code, msg);
    const tipShort = makeTx(KEYS.alice, { maxFeePerGas: 22n * GWEI, maxPriorityFeePerGas: 10n * GWEI + 1n });
    await refused(pool.add(tipShort.raw), code, msg);
  });

  it("refuses a sender's transaction beyond maxPerSender", async () => {
    const { pool } = funded({ maxPerSender: 3 });
    for (let n = 0n; n < 3n; n++) await pool.add(makeTx(KEYS.alice, { nonce: n }).raw);
    await refused(
      pool.add(makeTx(KEYS.alice, { nonce: 3n }).raw),
      TxErrorCode.SenderQueueFull,
      "account limit exceeded",
    );
    // A replacement takes no new slot.
    const bump = makeTx(KEYS.alice, { nonce: 2n, maxFeePerGas: 3n * GWEI, maxPriorityFeePerGas: 2n * GWEI });
    await expect(pool.add(bump.raw)).resolves.toMatchObject({ sender: ALICE });
  });

  it("refuses when full and the transaction pays no more than the cheapest", async () => {
    const { pool, accounts } = funded({ maxTotal: 2 });
    accounts.set(addressOf(KEYS.bob), 0n, 10n * CMT);
    await pool.add(makeTx(KEYS.alice, { nonce: 0n }).raw);
    await pool.add(makeTx(KEYS.alice, { nonce: 1n }).raw);
    await refused(pool.add(makeTx(KEYS.bob).raw), TxErrorCode.PoolFull, "txpool is full");
  });

  it("reports the first failing check, in geth's order", async () => {
    const { pool } = funded();
    // Wrong chain and underpriced: the chain id is checked first.
    const tx = makeTx(KEYS.alice, { chainId: 1n, maxFeePerGas: 1n, maxPriorityFeePerGas: 0n });
    await refused(pool.add(tx.raw), TxErrorCode.ChainId, "invalid chain id for signer");
    // Unfunded sender with a nonce too low: the nonce is checked first.
    const { pool: p2, accounts } = makePool();
    accounts.set(addressOf(KEYS.bob), 3n, 0n);
    await refused(p2.add(makeTx(KEYS.bob, { nonce: 1n }).raw), TxErrorCode.NonceTooLow, "nonce too low");
  });

  it("addMany returns one result per input, refusals as TxError values", async () => {
    const { pool } = funded();
    const a = makeTx(KEYS.alice, { nonce: 0n });
    const results = await pool.addMany([a.raw, Uint8Array.of(1), a.raw, makeTx(KEYS.alice, { nonce: 1n }).raw]);
    expect(results.map((r) => (r instanceof TxError ? r.message : r.tx.nonce))).toEqual([
      0n,
      "transaction type not supported",
      "already known",
      1n,
    ]);
  });
});
