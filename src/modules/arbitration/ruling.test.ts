// Rulings on the real state machine, to the wei: the fee comes from the loser's deposit and the
// rest of that deposit goes to the winner; on a split the fee comes half from each deposit. A
// missed deadline costs the arbiter a share of its bond, paid to the parties, and reopens the case.
import { afterEach, describe, expect, it } from "vitest";
import {
  arbiters,
  CMT,
  type Driver,
  openWorld,
  PayState,
  payee,
  payer,
  registerArbiter,
  TEST_PARAMS,
} from "./arbitration.testing.js";
import { CaseState } from "./state/cases.js";

const [judge, second] = arbiters;
let close: (() => Promise<void>) | null = null;
afterEach(async () => {
  await close?.();
  close = null;
});
function world(): Driver {
  const w = openWorld();
  close = w.close;
  return w.d;
}

const AMOUNT = 10n * CMT;
const DEPOSIT = 2n * CMT;

/** A disputed payment with `judge` assigned at `fee` by agreement; returns the ids and start balances. */
function assigned(d: Driver, fee: bigint, period = TEST_PARAMS.maxRulingPeriodMs) {
  const start = { payer: d.net(payer.address), payee: d.net(payee.address), judge: d.net(judge.address) };
  const [payId, caseId] = d.disputedPay(AMOUNT, DEPOSIT);
  const bidId = d.ok(judge, "bid", [caseId, fee, period]).logs[0]?.args.bidId as bigint;
  d.ok(payer, "acceptBid", [caseId, bidId]);
  d.ok(payee, "acceptBid", [caseId, bidId]);
  return { payId, caseId, start };
}

function gains(d: Driver, start: { payer: bigint; payee: bigint; judge: bigint }) {
  return {
    payer: d.net(payer.address) - start.payer,
    payee: d.net(payee.address) - start.payee,
    judge: d.net(judge.address) - start.judge,
  };
}

describe("rulings", () => {
  it("payer wins: payment and its deposit back, the payee's deposit pays the fee and the rest to the payer", () => {
    const d = world();
    registerArbiter(d, judge);
    const fee = 1_500_000_000_000_000_000n; // 1.5 CMT
    const { payId, caseId, start } = assigned(d, fee);
    const out = d.ok(judge, "rule", [caseId, 0, 0n]);
    // payer paid 12, gets 10 + 2 + 0.5; payee paid 2, gets nothing; the judge's bond is untouched.
    expect(gains(d, start)).toEqual({
      payer: 500_000_000_000_000_000n,
      payee: -2n * CMT,
      judge: fee,
    });
    expect(out.logs.at(-1)).toMatchObject({
      eventName: "Ruling",
      args: { caseId, ruling: 0, fee, toPayer: 12_500_000_000_000_000_000n, toPayee: 0n },
    });
    expect(d.view<[number, bigint]>("getPay", [payId])[0]).toBe(PayState.Ruled);
    expect(d.view<{ state: number }>("getCase", [caseId]).state).toBe(CaseState.Ruled);
    expect(d.view<[bigint, bigint, bigint]>("arbiterStats", [judge.address])).toEqual([1n, 1n, 0n]);
    expect(d.holdings()).toEqual({ balance: TEST_PARAMS.minBond, bonds: TEST_PARAMS.minBond });
    expect(d.refused(judge, "rule", [caseId, 1, 0n])).toBe("arbitration: cannot rule on a case that is ruled");
  });

  it("payee wins: payment and its deposit to the payee, the payer's deposit pays the fee and the rest to the payee", () => {
    const d = world();
    registerArbiter(d, judge);
    const { caseId, start } = assigned(d, DEPOSIT); // the white paper's case: fee = the whole deposit
    d.ok(judge, "rule", [caseId, 1, 0n]);
    expect(gains(d, start)).toEqual({ payer: -12n * CMT, payee: 10n * CMT, judge: DEPOSIT });
  });

  it("split: the payment by the payer's share, the fee half from each deposit (the odd wei from the payer's)", () => {
    const d = world();
    registerArbiter(d, judge);
    const fee = 1n * CMT + 1n;
    const { caseId, start } = assigned(d, fee);
    const out = d.ok(judge, "rule", [caseId, 2, 3_000n]);
    const payerFee = CMT / 2n + 1n;
    const payeeFee = CMT / 2n;
    // payer: paid 12, gets 30 % of 10 + its deposit 2 − its half of the fee; payee: paid 2, gets 7 + 2 − half.
    expect(gains(d, start)).toEqual({
      payer: -12n * CMT + 3n * CMT + 2n * CMT - payerFee,
      payee: -2n * CMT + 7n * CMT + 2n * CMT - payeeFee,
      judge: fee,
    });
    expect(out.logs.at(-1)?.args).toMatchObject({ ruling: 2, payerShareBps: 3_000n });
  });

  it("a missed deadline: bond share to the parties (odd wei to the payer), no second bid, new round, re-bid and rule", () => {
    const d = world();
    const bond = 100n * CMT + 10n; // slash 10 % = 10 CMT + 1 wei
    registerArbiter(d, judge, bond);
    registerArbiter(d, second);
    const { caseId, start } = assigned(d, 1n * CMT, 5_000n);
    const deadline = d.view<{ rulingDeadline: bigint }>("getCase", [caseId]).rulingDeadline;
    d.at(deadline - 1n);
    expect(d.view<{ state: number }>("getCase", [caseId]).state).toBe(CaseState.Assigned);
    // At the deadline the ruling is refused; that block's end-block slashes and reopens.
    const late = d.block([d.tx(judge, "rule", [caseId, 0, 0n])], 1n);
    expect(late[0]?.reason).toBe(`arbitration: the ruling deadline of case ${caseId} has passed`);
    const slash = 10n * CMT + 1n;
    expect(gains(d, start)).toEqual({
      payer: -12n * CMT + 5n * CMT + 1n,
      payee: -2n * CMT + 5n * CMT,
      judge: 0n, // the slash comes out of the bond, not the balance
    });
    expect(d.view<{ bond: bigint; openCases: bigint }>("getArbiter", [judge.address])).toMatchObject({
      bond: bond - slash,
      openCases: 0n,
    });
    expect(d.view<[bigint, bigint, bigint]>("arbiterStats", [judge.address])).toEqual([1n, 0n, 1n]);
    expect(d.holdings()).toEqual({
      balance: bond - slash + TEST_PARAMS.minBond,
      bonds: bond - slash + TEST_PARAMS.minBond,
    });
    const reopened = d.view<{ state: number; round: bigint; windowEnds: bigint }>("getCase", [caseId]);
    expect(reopened).toMatchObject({
      state: CaseState.Bidding,
      round: 1n,
      windowEnds: deadline + TEST_PARAMS.biddingWindowMs,
    });
    expect(d.view<unknown[]>("getBids", [caseId])).toEqual([]);
    expect(d.view<boolean>("isExcluded", [caseId, judge.address])).toBe(true);

    d.ok(judge, "addBond", [], 20n * CMT);
    expect(d.refused(judge, "bid", [caseId, 0n, 5_000n])).toBe(
      "arbitration: an arbiter that missed its deadline on this case cannot bid on it again",
    );
    d.ok(second, "bid", [caseId, 2n * CMT, 5_000n]);
    d.at(reopened.windowEnds);
    expect(d.view<{ state: number; fee: bigint }>("getCase", [caseId])).toMatchObject({
      state: CaseState.Assigned,
      fee: 2n * CMT,
    });
    const before = d.net(second.address);
    d.ok(second, "rule", [caseId, 1, 0n]);
    // Payee wins: the payer's 2 CMT deposit is exactly the fee; the payee gets 10 + 2.
    expect(d.net(second.address) - before).toBe(2n * CMT);
    expect(gains(d, start)).toMatchObject({
      payer: -12n * CMT + 5n * CMT + 1n,
      payee: -2n * CMT + 5n * CMT + 12n * CMT,
    });
  });
});
