// Bidding on the real state machine: agreement by both parties, the lowest-fee pick when the window
// closes (and each tie-break), no bids → one reopening → abandonment, and evidence.
import { afterEach, describe, expect, it } from "vitest";
import { toHex } from "../../lib/index.js";
import {
  arbiters,
  CMT,
  type Driver,
  type Key,
  openWorld,
  outsider,
  PayState,
  payee,
  payer,
  registerArbiter,
  TEST_PARAMS,
} from "./arbitration.testing.js";
import { CaseState } from "./state/cases.js";

const [a0, a1, a2, a3, a4] = arbiters;
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

const bidOf = (d: Driver, who: Key, caseId: bigint, fee: bigint, period = TEST_PARAMS.maxRulingPeriodMs): bigint =>
  d.ok(who, "bid", [caseId, fee, period]).logs[0]?.args.bidId as bigint;

interface CaseInfo {
  state: number;
  arbiter: string;
  bidId: bigint;
  fee: bigint;
  rulingDeadline: bigint;
  windowEnds: bigint;
  round: bigint;
  reopened: boolean;
}
const caseInfo = (d: Driver, caseId: bigint) => d.view<CaseInfo>("getCase", [caseId]);

describe("bidding", () => {
  it("assigns the arbiter at once when both parties accept the same bid", () => {
    const d = world();
    registerArbiter(d, a0);
    registerArbiter(d, a1);
    const [, caseId] = d.disputedPay(10n * CMT, 2n * CMT);
    expect(d.view<bigint[]>("openCases", [0n, 10n])).toEqual([caseId]);
    const cheap = bidOf(d, a0, caseId, 1n * CMT, 20_000n);
    const dear = bidOf(d, a1, caseId, 2n * CMT, 30_000n);
    d.ok(payer, "acceptBid", [caseId, dear]);
    const half = d.ok(payee, "acceptBid", [caseId, cheap]);
    expect(half.events).toEqual(["BidAccepted"]);
    expect(caseInfo(d, caseId).state).toBe(CaseState.Bidding);
    // The payee changes its mind: now both accepted a1's bid, which is assigned in that transaction.
    const agreed = d.ok(payee, "acceptBid", [caseId, dear]);
    expect(agreed.events).toEqual(["BidAccepted", "ArbiterAssigned"]);
    expect(caseInfo(d, caseId)).toMatchObject({
      state: CaseState.Assigned,
      bidId: dear,
      fee: 2n * CMT,
      rulingDeadline: d.now() + 30_000n,
    });
    expect(caseInfo(d, caseId).arbiter.toLowerCase()).toBe(a1.address);
    expect(d.view<bigint[]>("openCases", [0n, 10n])).toEqual([]);
    // The window's end no longer changes anything.
    d.at(d.now() + TEST_PARAMS.biddingWindowMs);
    expect(caseInfo(d, caseId)).toMatchObject({ state: CaseState.Assigned, bidId: dear });
    expect(d.view<[bigint, bigint, bigint]>("arbiterStats", [a1.address])).toEqual([1n, 0n, 0n]);
  });

  it("when the window closes without agreement the lowest fee wins, its deadline counted from then", () => {
    const d = world();
    for (const a of [a0, a1, a2]) registerArbiter(d, a);
    const [, caseId] = d.disputedPay(10n * CMT, 5n * CMT);
    const windowEnds = caseInfo(d, caseId).windowEnds;
    bidOf(d, a0, caseId, 3n * CMT);
    const low = bidOf(d, a1, caseId, 1n * CMT, 25_000n);
    bidOf(d, a2, caseId, 2n * CMT);
    d.ok(payer, "acceptBid", [caseId, low]); // only one party: no agreement
    d.at(windowEnds - 1n);
    expect(caseInfo(d, caseId).state).toBe(CaseState.Bidding);
    d.at(windowEnds);
    const info = caseInfo(d, caseId);
    expect(info).toMatchObject({
      state: CaseState.Assigned,
      bidId: low,
      fee: 1n * CMT,
      rulingDeadline: windowEnds + 25_000n,
    });
    expect(info.arbiter.toLowerCase()).toBe(a1.address);
    expect(d.view<{ openCases: bigint }>("getArbiter", [a1.address]).openCases).toBe(1n);
  });

  it("breaks fee ties by fewer missed deadlines, then more rulings, then the earlier bid", () => {
    const d = world();
    for (const a of arbiters) registerArbiter(d, a);
    // Records: a0 misses a deadline on case 1; a2 then rules case 1.
    const [, first] = d.disputedPay(10n * CMT, 2n * CMT);
    const b = bidOf(d, a0, first, 0n, 1_000n);
    d.ok(payer, "acceptBid", [first, b]);
    d.ok(payee, "acceptBid", [first, b]); // ruling deadline: the next block
    d.at(d.now() + 1_000n);
    expect(d.view<[bigint, bigint, bigint]>("arbiterStats", [a0.address])).toEqual([1n, 0n, 1n]);
    d.ok(a0, "addBond", [], 10n * CMT); // back to the minimum after the 10 % slash
    const c = bidOf(d, a2, first, 0n);
    d.ok(payer, "acceptBid", [first, c]);
    d.ok(payee, "acceptBid", [first, c]);
    d.ok(a2, "rule", [first, 0, 0n]);
    expect(d.view<[bigint, bigint, bigint]>("arbiterStats", [a2.address])).toEqual([1n, 1n, 0n]);

    // Fewer missed deadlines beats the earlier bid: a0 (1 missed) bids first, a1 (0 missed) wins.
    const [, second] = d.disputedPay(10n * CMT, 2n * CMT);
    bidOf(d, a0, second, 1n * CMT);
    const byA1 = bidOf(d, a1, second, 1n * CMT);
    // Same missed count: more rulings beats the earlier bid: a3 (0 rulings) first, a2 (1 ruling) wins.
    const [, third] = d.disputedPay(10n * CMT, 2n * CMT);
    bidOf(d, a3, third, 1n * CMT);
    const byA2 = bidOf(d, a2, third, 1n * CMT);
    // Same record: the earlier bid wins.
    const [, fourth] = d.disputedPay(10n * CMT, 2n * CMT);
    const byA3 = bidOf(d, a3, fourth, 1n * CMT);
    bidOf(d, a4, fourth, 1n * CMT);
    d.at(caseInfo(d, fourth).windowEnds);
    expect(caseInfo(d, second).bidId).toBe(byA1);
    expect(caseInfo(d, third).bidId).toBe(byA2);
    expect(caseInfo(d, fourth).bidId).toBe(byA3);
    for (const id of [second, third, fourth]) expect(caseInfo(d, id).state).toBe(CaseState.Assigned);
  });

  it("with no bid the window reopens once, then the payment and deposits return as paid", () => {
    const d = world();
    const payerStart = d.net(payer.address);
    const payeeStart = d.net(payee.address);
    const [payId, caseId] = d.disputedPay(10n * CMT, 2n * CMT);
    expect(d.net(payer.address)).toBe(payerStart - 12n * CMT);
    const firstEnd = caseInfo(d, caseId).windowEnds;
    d.at(firstEnd);
    const reopened = caseInfo(d, caseId);
    expect(reopened).toMatchObject({
      state: CaseState.Bidding,
      reopened: true,
      windowEnds: firstEnd + TEST_PARAMS.biddingWindowMs,
    });
    d.at(reopened.windowEnds);
    expect(caseInfo(d, caseId).state).toBe(CaseState.Abandoned);
    expect(d.view<[number, bigint]>("getPay", [payId])).toEqual([PayState.Abandoned, caseId]);
    expect(d.net(payer.address)).toBe(payerStart);
    expect(d.net(payee.address)).toBe(payeeStart);
    expect(d.view<bigint[]>("openCases", [0n, 10n])).toEqual([]);
  });

  it("a bid in the reopened window is picked when it closes", () => {
    const d = world();
    registerArbiter(d, a0);
    const [, caseId] = d.disputedPay(10n * CMT, 2n * CMT);
    d.at(caseInfo(d, caseId).windowEnds);
    const b = bidOf(d, a0, caseId, 2n * CMT);
    d.at(caseInfo(d, caseId).windowEnds);
    expect(caseInfo(d, caseId)).toMatchObject({ state: CaseState.Assigned, bidId: b });
  });

  it("parties log evidence (ERC-1497 Evidence) while bidding and while assigned, not after the ruling", () => {
    const d = world();
    registerArbiter(d, a0);
    const [, caseId] = d.disputedPay(10n * CMT, 2n * CMT);
    const hash = toHex(new Uint8Array(32).fill(0xab));
    const ev = d.ok(payer, "submitEvidence", [caseId, hash, "ipfs://photos-of-the-scratch"]);
    expect(ev.logs).toEqual([
      {
        eventName: "Evidence",
        args: {
          caseId,
          party: expect.stringMatching(new RegExp(payer.address, "i")),
          evidenceHash: hash,
          uri: "ipfs://photos-of-the-scratch",
        },
      },
    ]);
    const b = bidOf(d, a0, caseId, 1n * CMT);
    d.ok(payer, "acceptBid", [caseId, b]);
    d.ok(payee, "acceptBid", [caseId, b]);
    expect(d.ok(payee, "submitEvidence", [caseId, hash, "https://tracking.example/123"]).events).toEqual(["Evidence"]);
    expect(d.refused(outsider, "submitEvidence", [caseId, hash, "x"])).toBe(
      "arbitration: only the payer or the payee can submit evidence",
    );
    d.ok(a0, "rule", [caseId, 1, 0n]);
    expect(d.refused(payer, "submitEvidence", [caseId, hash, "late"])).toBe(
      "arbitration: cannot submit evidence to a case that is ruled",
    );
  });
});
