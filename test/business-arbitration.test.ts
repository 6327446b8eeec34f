// Arbitration through the SDK against one real node process with second-scale windows set in the
// genesis (modules.arbitration.params): arbiters register with bonds; market disputes become cases;
// arbiters bid, parties agree or the window picks the lowest fee; evidence; every ruling kind with
// exact balances for buyer, seller and arbiter; no bids → reopen → abandon; a missed ruling
// deadline → slash to the parties and a re-bid; bond withdrawal after cooling; refusals.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type BusinessNode,
  type Client,
  eventOf,
  expectRefused,
  hash32,
  Ledger,
  startBusinessNode,
  waitForBlockTime,
} from "./support/business.js";

const CMT = 10n ** 18n;
const PARAMS = {
  minBond: (100n * CMT).toString(),
  biddingWindowMs: "6000",
  maxRulingPeriodMs: "60000",
  missedDeadlineSlashBps: "1000",
  coolingPeriodMs: "2000",
  maxBidsPerCase: "32",
};
const BOND = 100n * CMT;
const PRICE = 10n * CMT;
const DEP = 2n * CMT;
const CaseState = { bidding: 0, assigned: 1, ruled: 2, abandoned: 3 } as const;
const Ruling = { payerWins: 0, payeeWins: 1, split: 2 } as const;
const Order = { disputed: 7, resolved: 8, abandoned: 12 } as const;

let net: BusinessNode;
let ledger: Ledger;
/** Three registered arbiters, shared by the file's cases. */
const arb: Client[] = [];

/** A case-insensitive exact match (reasons print addresses in the module's case). */
const exactly = (s: string) => new RegExp(`^${s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`, "i");

beforeAll(async () => {
  net = await startBusinessNode({ arbitration: PARAMS });
  ledger = new Ledger(net.dev(1));
  for (let i = 0; i < 3; i++) arb.push(await net.trader(300n * CMT, 2));
}, 60_000);
afterAll(async () => {
  await net?.stop();
});

interface Dispute {
  buyer: Client;
  seller: Client;
  orderId: bigint;
  caseId: bigint;
}
/**
 * A buyer and a seller (fresh, snapshotted before the order), an order accepted by the seller
 * and then disputed: by the buyer's rejection after delivery (`reject`) or by `disputeOrder`.
 */
async function disputedOrder(how: "reject" | "dispute" = "dispute"): Promise<Dispute> {
  const [seller, buyer] = [await net.trader(100n * CMT, 3), await net.trader(100n * CMT, 4)];
  const lid = eventOf<{ id: bigint }>(
    (
      await ledger.tx(seller, () =>
        seller.market.write.createListing([
          {
            title: "Vintage camera",
            descriptionHash: hash32(0xca),
            descriptionUri: "ipfs://camera",
            category: "cameras",
            tags: [],
            price: PRICE,
            quantity: 1n,
            geohash: "",
            deposit: DEP,
            carriers: [],
            shippingWindowMs: 600_000n,
            inspectionWindowMs: 600_000n,
          },
        ]),
      )
    ).events,
    "market",
    "ListingCreated",
  ).id;
  await ledger.snapshot(seller.account.address, buyer.account.address);
  const placed = await ledger.tx(buyer, () => buyer.market.write.order([lid, 1n], { value: PRICE + DEP }));
  const orderId = eventOf<{ orderId: bigint }>(placed.events, "market", "OrderPlaced").orderId;
  await ledger.tx(seller, () => seller.market.write.acceptOrder([orderId], { value: DEP }));
  let disputed: Awaited<ReturnType<Ledger["tx"]>>;
  if (how === "reject") {
    await ledger.tx(seller, () => seller.market.write.shipOrder([orderId, hash32(0x11)]));
    await ledger.tx(buyer, () => buyer.market.write.confirmDelivery([orderId]));
    disputed = await ledger.tx(buyer, () => buyer.market.write.rejectGoods([orderId]));
  } else {
    disputed = await ledger.tx(seller, () => seller.market.write.disputeOrder([orderId]));
  }
  const caseId = eventOf<{ caseId: bigint }>(disputed.events, "market", "OrderDisputed").caseId;
  return { buyer, seller, orderId, caseId };
}

async function bid(a: Client, caseId: bigint, fee: bigint, periodMs = 30_000n): Promise<bigint> {
  const { events } = await ledger.tx(a, () => a.arbitration.write.bid([caseId, fee, periodMs]));
  return eventOf<{ bidId: bigint }>(events, "arbitration", "BidPlaced").bidId;
}
/** Both parties accept `bidId`; returns the ArbiterAssigned event of the second acceptance. */
async function agree(d: Dispute, bidId: bigint) {
  await ledger.tx(d.buyer, () => d.buyer.arbitration.write.acceptBid([d.caseId, bidId]));
  const { events } = await ledger.tx(d.seller, () => d.seller.arbitration.write.acceptBid([d.caseId, bidId]));
  return eventOf<{ arbiter: string; fee: bigint; rulingDeadline: bigint }>(events, "arbitration", "ArbiterAssigned");
}
const addr = (c: Client) => c.account.address;

describe("arbiter registry", () => {
  it("registers arbiters with bonds and refuses bad registrations", async () => {
    const [a0, a1, a2] = arb as [Client, Client, Client];
    expect(await a0.arbitration.read.params()).toEqual({
      minBond: BOND,
      biddingWindowMs: 6000n,
      maxRulingPeriodMs: 60000n,
      missedDeadlineSlashBps: 1000n,
      coolingPeriodMs: 2000n,
      maxBidsPerCase: 32n,
    });
    await ledger.snapshot(addr(a0), a0.addresses.arbitration);
    await expectRefused(
      a0.arbitration.write.register([["cameras"], ["en"], "a0@example.org"], { value: BOND - 1n }),
      `arbitration: the bond must be at least ${BOND} wei, not ${BOND - 1n}`,
    );
    await expectRefused(
      a0.arbitration.write.register([Array.from({ length: 17 }, (_, i) => `c${i}`), ["en"], ""], { value: BOND }),
      "arbitration: at most 16 categories",
    );
    await expectRefused(
      a0.arbitration.write.register([["cameras"], ["en"], "x".repeat(257)], { value: BOND }),
      "arbitration: contact is at most 256 bytes",
    );
    const reg = await ledger.tx(a0, () =>
      a0.arbitration.write.register([["cameras", "bikes"], ["en", "zh"], "a0@example.org"], { value: BOND }),
    );
    expect(eventOf(reg.events, "arbitration", "ArbiterRegistered")).toEqual({
      arbiter: addr(a0),
      bond: BOND,
      categories: ["cameras", "bikes"],
      languages: ["en", "zh"],
      contact: "a0@example.org",
    });
    for (const a of [a1, a2]) {
      await ledger.tx(a, () => a.arbitration.write.register([["cameras"], ["en"], ""], { value: BOND }));
    }
    await ledger.expectDelta(addr(a0), -BOND, "the bond left the arbiter");
    await ledger.expectDelta(a0.addresses.arbitration, 3n * BOND, "the module holds the three bonds");
    expect(await a0.arbitration.read.getArbiter([addr(a0)])).toMatchObject({ bond: BOND, status: 0, openCases: 0n });
    expect((await a0.arbitration.read.arbiters(["0x0000000000000000000000000000000000000000", 100n])).length).toBe(3);

    await expectRefused(
      a0.arbitration.write.register([["cameras"], ["en"], ""], { value: BOND }),
      exactly(`arbitration: ${addr(a0)} is already registered`),
    );
    await expectRefused(a0.arbitration.write.addBond({ value: 0n }), "arbitration: send the CMT to add to the bond");
    await expectRefused(a0.arbitration.write.cancelWithdrawal(), "arbitration: no withdrawal was requested");
    await expectRefused(a0.arbitration.write.withdrawBond(), "arbitration: request a withdrawal first");
    const outsider = await net.trader(CMT);
    await expectRefused(
      outsider.arbitration.read.getArbiter([addr(outsider)]),
      exactly(`arbitration: ${addr(outsider)} is not a registered arbiter`),
    );
    await expectRefused(
      outsider.arbitration.write.addBond({ value: CMT }),
      exactly(`arbitration: ${addr(outsider)} is not a registered arbiter`),
    );
    const upd = await ledger.tx(a0, () => a0.arbitration.write.updateArbiter([["cameras"], ["en"], "new@example.org"]));
    expect(eventOf(upd.events, "arbitration", "ArbiterUpdated")).toMatchObject({ contact: "new@example.org" });
    await ledger.expectDelta(a0.addresses.arbitration, 3n * BOND, "refusals moved nothing");
  });
});

describe("cases: agreement, evidence and every ruling", () => {
  it("rejected delivery → case → bids → both accept → evidence → payer wins (fee from the seller's deposit)", async () => {
    const [a0, a1] = arb as [Client, Client];
    const d = await disputedOrder("reject");
    const { buyer, seller, caseId } = d;
    expect((await buyer.market.read.getOrder([d.orderId])).state).toBe(Order.disputed);
    const c0 = await buyer.arbitration.read.getCase([caseId]);
    expect(c0).toMatchObject({
      arbitrable: "escrow",
      payer: addr(buyer),
      payee: addr(seller),
      amount: PRICE,
      deposit: DEP,
    });
    expect(c0.state).toBe(CaseState.bidding);
    expect(await buyer.arbitration.read.openCases([0n, 100n])).toContain(caseId);
    await ledger.snapshot(addr(a0), addr(a1));

    // Refused bids: too high a fee, too long a period, not an arbiter, twice.
    await expectRefused(
      a0.arbitration.write.bid([caseId, DEP + 1n, 30_000n]),
      `arbitration: the fee must be at most the deposit, ${DEP} wei`,
    );
    await expectRefused(
      a0.arbitration.write.bid([caseId, CMT, 60_001n]),
      "arbitration: the ruling period must be 1 to 60000 ms",
    );
    await expectRefused(
      buyer.arbitration.write.bid([caseId, CMT, 30_000n]),
      exactly(`arbitration: ${addr(buyer)} is not a registered arbiter`),
    );
    const fee = (3n * CMT) / 2n;
    const bid0 = await bid(a0, caseId, fee);
    const bid1 = await bid(a1, caseId, CMT);
    await expectRefused(
      a0.arbitration.write.bid([caseId, CMT, 30_000n]),
      `arbitration: you already bid on case ${caseId} in this round`,
    );
    expect((await buyer.arbitration.read.getBids([caseId])).map((b) => [b.bidId, b.arbiter, b.fee])).toEqual([
      [bid0, addr(a0), fee],
      [bid1, addr(a1), CMT],
    ]);
    await expectRefused(
      a1.arbitration.write.acceptBid([caseId, bid0]),
      "arbitration: only the payer or the payee can accept a bid",
    );
    await expectRefused(
      buyer.arbitration.write.acceptBid([caseId, 99n]),
      `arbitration: case ${caseId} has no bid 99 in this round`,
    );
    await expectRefused(
      a0.arbitration.write.rule([caseId, Ruling.payerWins, 0n]),
      "arbitration: cannot rule on a case that is bidding",
    );

    // Different acceptances do not assign; the seller changes its mind and both agree on a0.
    await ledger.tx(seller, () => seller.arbitration.write.acceptBid([caseId, bid1]));
    expect((await buyer.arbitration.read.getCase([caseId])).state).toBe(CaseState.bidding);
    const assigned = await agree(d, bid0);
    expect(assigned).toMatchObject({ caseId, arbiter: addr(a0), bidId: bid0, fee });
    const c1 = await buyer.arbitration.read.getCase([caseId]);
    expect(c1).toMatchObject({
      state: CaseState.assigned,
      arbiter: addr(a0),
      fee,
      rulingDeadline: assigned.rulingDeadline,
    });
    expect((await a0.arbitration.read.getArbiter([addr(a0)])).openCases).toBe(1n);
    await expectRefused(
      a1.arbitration.write.bid([caseId, CMT, 30_000n]),
      "arbitration: cannot bid on a case that is assigned",
    );

    await expectRefused(
      buyer.market.write.rate([d.orderId, 1, hash32(1)]),
      "market: cannot rate: the order is disputed",
    );

    // Evidence (ERC-1497): both parties, logged; others refused.
    const ev1 = await ledger.tx(buyer, () =>
      buyer.arbitration.write.submitEvidence([caseId, hash32(0xe1), "ipfs://photos-of-damage"]),
    );
    expect(eventOf(ev1.events, "arbitration", "Evidence")).toEqual({
      caseId,
      party: addr(buyer),
      evidenceHash: hash32(0xe1),
      uri: "ipfs://photos-of-damage",
    });
    const ev2 = await ledger.tx(seller, () =>
      seller.arbitration.write.submitEvidence([caseId, hash32(0xe2), "ipfs://packing-video"]),
    );
    expect(eventOf(ev2.events, "arbitration", "Evidence")).toMatchObject({ party: addr(seller) });
    await expectRefused(
      a1.arbitration.write.submitEvidence([caseId, hash32(1), "x"]),
      "arbitration: only the payer or the payee can submit evidence",
    );
    await expectRefused(
      buyer.arbitration.write.submitEvidence([caseId, hash32(1), "x".repeat(513)]),
      "arbitration: the evidence URI is at most 512 bytes",
    );

    // Ruling refusals, then the ruling.
    await expectRefused(
      a1.arbitration.write.rule([caseId, Ruling.payerWins, 0n]),
      exactly(`arbitration: only the assigned arbiter ${addr(a0)} can rule`),
    );
    await expectRefused(a0.arbitration.write.rule([caseId, 3, 0n]), "arbitration: unknown ruling 3");
    await expectRefused(
      a0.arbitration.write.rule([caseId, Ruling.payerWins, 5n]),
      "arbitration: a payer's share goes with a split ruling only; pass 0",
    );
    await expectRefused(
      a0.arbitration.write.rule([caseId, Ruling.split, 10_001n]),
      "arbitration: the payer's share is at most 10000 bps, not 10001",
    );
    const ruled = await ledger.tx(a0, () => a0.arbitration.write.rule([caseId, Ruling.payerWins, 0n]));
    expect(eventOf(ruled.events, "arbitration", "Ruling")).toEqual({
      caseId,
      arbiter: addr(a0),
      ruling: Ruling.payerWins,
      payerShareBps: 0n,
      fee,
      toPayer: PRICE + DEP + (DEP - fee),
      toPayee: 0n,
    });
    expect((await buyer.arbitration.read.getCase([caseId])).state).toBe(CaseState.ruled);
    expect((await buyer.market.read.getOrder([d.orderId])).state).toBe(Order.resolved);
    // Buyer: paid price + deposit, got price + deposit + the seller's deposit less the fee.
    await ledger.expectDelta(addr(buyer), DEP - fee, "buyer (winner)");
    await ledger.expectDelta(addr(seller), -DEP, "seller (loser) forfeits its deposit");
    await ledger.expectDelta(addr(a0), fee, "arbiter paid from the loser's deposit");
    await ledger.expectDelta(addr(a1), 0n, "the other bidder gets nothing");
    expect(await a0.arbitration.read.arbiterStats([addr(a0)])).toEqual([1n, 1n, 0n]);
    expect((await a0.arbitration.read.getArbiter([addr(a0)])).openCases).toBe(0n);

    // The ruling is final; a ruled order can be rated.
    await expectRefused(
      a0.arbitration.write.rule([caseId, Ruling.payeeWins, 0n]),
      "arbitration: cannot rule on a case that is ruled",
    );
    await expectRefused(
      buyer.arbitration.write.submitEvidence([caseId, hash32(1), "late"]),
      "arbitration: cannot submit evidence to a case that is ruled",
    );
    await ledger.tx(buyer, () => buyer.market.write.rate([d.orderId, 1, hash32(0x01)]));
    expect((await buyer.market.read.reputation([addr(seller)])).asSellerSum).toBe(1n);
  });

  it("seller wins with fee = deposit (the white paper's case): the buyer's deposit all goes to the arbiter", async () => {
    const a1 = arb[1] as Client;
    const d = await disputedOrder();
    await ledger.snapshot(addr(a1));
    const assigned = await agree(d, await bid(a1, d.caseId, DEP));
    expect(assigned.fee).toBe(DEP);
    const ruled = await ledger.tx(a1, () => a1.arbitration.write.rule([d.caseId, Ruling.payeeWins, 0n]));
    expect(eventOf(ruled.events, "arbitration", "Ruling")).toMatchObject({
      toPayer: 0n,
      toPayee: PRICE + DEP,
      fee: DEP,
    });
    await ledger.expectDelta(addr(d.buyer), -(PRICE + DEP), "buyer (loser) paid the price and lost its deposit");
    await ledger.expectDelta(addr(d.seller), PRICE, "seller (winner) got the price and its deposit back");
    await ledger.expectDelta(addr(a1), DEP, "arbiter got the loser's whole deposit");
  });

  it("split 60/40 with an odd-wei fee: payment shared, fee half from each deposit (odd wei from the payer's)", async () => {
    const a2 = arb[2] as Client;
    const d = await disputedOrder();
    await ledger.snapshot(addr(a2));
    const fee = CMT + 1n;
    await agree(d, await bid(a2, d.caseId, fee));
    const ruled = await ledger.tx(a2, () => a2.arbitration.write.rule([d.caseId, Ruling.split, 6_000n]));
    const payerFee = fee - fee / 2n;
    const toPayer = (PRICE * 6_000n) / 10_000n + DEP - payerFee;
    const toPayee = PRICE - (PRICE * 6_000n) / 10_000n + DEP - fee / 2n;
    expect(eventOf(ruled.events, "arbitration", "Ruling")).toMatchObject({
      ruling: Ruling.split,
      payerShareBps: 6_000n,
      toPayer,
      toPayee,
      fee,
    });
    await ledger.expectDelta(addr(d.buyer), toPayer - PRICE - DEP, "buyer");
    await ledger.expectDelta(addr(d.seller), toPayee - DEP, "seller");
    await ledger.expectDelta(addr(a2), fee, "arbiter");
    expect(toPayer + toPayee + fee).toBe(PRICE + 2n * DEP);
  });
});

describe("cases: deadlines", () => {
  it("no bid: the window reopens once, then the case is abandoned and everything returns as paid", async () => {
    const d = await disputedOrder();
    const first = await d.buyer.arbitration.read.getCase([d.caseId]);
    expect(first.reopened).toBe(false);
    await waitForBlockTime(d.buyer, first.windowEnds);
    const second = await d.buyer.arbitration.read.getCase([d.caseId]);
    expect(second).toMatchObject({ state: CaseState.bidding, reopened: true, round: 0n });
    expect(second.windowEnds).toBeGreaterThan(first.windowEnds);
    await waitForBlockTime(d.buyer, second.windowEnds);
    expect((await d.buyer.arbitration.read.getCase([d.caseId])).state).toBe(CaseState.abandoned);
    expect((await d.buyer.market.read.getOrder([d.orderId])).state).toBe(Order.abandoned);
    expect(await d.buyer.arbitration.read.openCases([d.caseId, 100n])).not.toContain(d.caseId);
    await ledger.expectDelta(addr(d.buyer), 0n, "buyer: payment and deposit back");
    await ledger.expectDelta(addr(d.seller), 0n, "seller: deposit back");
    await expectRefused(
      d.buyer.arbitration.write.submitEvidence([d.caseId, hash32(1), "late"]),
      "arbitration: cannot submit evidence to a case that is abandoned",
    );
  });

  it("an arbiter that misses its ruling deadline is slashed to the parties, excluded, and the case re-bid", async () => {
    const [a0, a2] = [arb[0] as Client, arb[2] as Client];
    const d = await disputedOrder();
    await ledger.snapshot(addr(a0), addr(a2), a0.addresses.arbitration);
    const assigned = await agree(d, await bid(a0, d.caseId, CMT, 1_000n));
    await waitForBlockTime(d.buyer, assigned.rulingDeadline);
    await expectRefused(
      a0.arbitration.write.rule([d.caseId, Ruling.payerWins, 0n]),
      "arbitration: cannot rule on a case that is bidding",
    );
    const c = await d.buyer.arbitration.read.getCase([d.caseId]);
    expect(c).toMatchObject({ state: CaseState.bidding, round: 1n, reopened: false });
    expect(await d.buyer.arbitration.read.isExcluded([d.caseId, addr(a0)])).toBe(true);
    const slashed = BOND / 10n;
    expect((await a0.arbitration.read.getArbiter([addr(a0)])).bond).toBe(BOND - slashed);
    expect(await a0.arbitration.read.arbiterStats([addr(a0)])).toEqual([2n, 1n, 1n]);
    expect((await a0.arbitration.read.getArbiter([addr(a0)])).openCases).toBe(0n); // reopened: not its case
    expect((await d.buyer.market.read.getOrder([d.orderId])).state).toBe(Order.disputed);
    await ledger.expectDelta(a0.addresses.arbitration, -slashed, "the slash left the module");
    // Below the least bond it cannot bid; topped up, it is still excluded from this case.
    await expectRefused(
      a0.arbitration.write.bid([d.caseId, CMT, 1_000n]),
      `arbitration: top the bond up to at least ${BOND} wei to bid`,
    );
    const top = await ledger.tx(a0, () => a0.arbitration.write.addBond({ value: slashed }));
    expect(eventOf(top.events, "arbitration", "BondAdded")).toEqual({ arbiter: addr(a0), amount: slashed, bond: BOND });
    await expectRefused(
      a0.arbitration.write.bid([d.caseId, CMT, 1_000n]),
      "arbitration: an arbiter that missed its deadline on this case cannot bid on it again",
    );
    // Round 1: another arbiter, agreed, rules for the seller.
    await agree(d, await bid(a2, d.caseId, CMT / 4n));
    // (fee CMT / 4 from the buyer's deposit; the rest of it goes to the seller)
    await ledger.tx(a2, () => a2.arbitration.write.rule([d.caseId, Ruling.payeeWins, 0n]));
    // Slash: half (rounded down) to the payee, the rest to the payer.
    await ledger.expectDelta(
      addr(d.buyer),
      slashed - slashed / 2n - PRICE - DEP,
      "buyer: lost, but got half the slash",
    );
    const fee = CMT / 4n;
    await ledger.expectDelta(
      addr(d.seller),
      PRICE + DEP - fee + slashed / 2n,
      "seller: won, the buyer's deposit less the fee, half the slash",
    );
    await ledger.expectDelta(addr(a0), -slashed, "a0 lost the slash (and topped up from its balance)");
    await ledger.expectDelta(addr(a2), CMT / 4n, "a2 earned its fee");
  });

  it("window closes without agreement: lowest fee wins; on equal fees the better record (fewer missed deadlines)", async () => {
    const [a0, a1, a2] = arb as [Client, Client, Client];
    // a0 missed a deadline in the previous case; a1 did not. a0 bids first at the same fee as a1,
    // yet a1 wins on its record; a2 bids a higher fee.
    const d = await disputedOrder();
    await ledger.snapshot(addr(a0), addr(a1), addr(a2));
    const high = await bid(a2, d.caseId, CMT);
    await bid(a0, d.caseId, CMT / 2n);
    const picked = await bid(a1, d.caseId, CMT / 2n, 20_000n);
    expect((await a0.arbitration.read.arbiterStats([addr(a0)]))[2]).toBe(1n);
    expect((await a1.arbitration.read.arbiterStats([addr(a1)]))[2]).toBe(0n);
    // The parties accept different bids: no agreement.
    await ledger.tx(d.buyer, () => d.buyer.arbitration.write.acceptBid([d.caseId, high]));
    await ledger.tx(d.seller, () => d.seller.arbitration.write.acceptBid([d.caseId, picked]));
    const open = await d.buyer.arbitration.read.getCase([d.caseId]);
    await waitForBlockTime(d.buyer, open.windowEnds);
    const c = await d.buyer.arbitration.read.getCase([d.caseId]);
    expect(c).toMatchObject({ state: CaseState.assigned, arbiter: addr(a1), bidId: picked, fee: CMT / 2n });
    // The ruling period counts from the closing block's time.
    expect(c.rulingDeadline - 20_000n).toBeGreaterThanOrEqual(open.windowEnds);
    expect(c.rulingDeadline - 20_000n).toBeLessThan(open.windowEnds + 2_000n);
    await expectRefused(
      d.buyer.arbitration.write.acceptBid([d.caseId, high]),
      "arbitration: cannot accept a bid on a case that is assigned",
    );

    // With an open case the bond cannot be withdrawn, even after the cooling period.
    const req = await ledger.tx(a1, () => a1.arbitration.write.requestWithdrawal());
    const at = eventOf<{ withdrawableAt: bigint }>(req.events, "arbitration", "WithdrawalRequested").withdrawableAt;
    await waitForBlockTime(a1, at);
    await expectRefused(a1.arbitration.write.withdrawBond(), "arbitration: rule your 1 open case(s) first");
    await ledger.tx(a1, () => a1.arbitration.write.cancelWithdrawal());
    await ledger.tx(a1, () => a1.arbitration.write.rule([d.caseId, Ruling.payerWins, 0n]));
    await ledger.expectDelta(addr(a1), CMT / 2n, "the picked arbiter's fee");
    await ledger.expectDelta(addr(a0), 0n);
    await ledger.expectDelta(addr(a2), 0n);
    await ledger.expectDelta(addr(d.buyer), DEP - CMT / 2n, "buyer won");
    await ledger.expectDelta(addr(d.seller), -DEP, "seller lost its deposit");
  });

  it("withdraws the bond after the cooling period, and a withdrawing arbiter cannot bid", async () => {
    const a2 = arb[2] as Client;
    await ledger.snapshot(addr(a2), a2.addresses.arbitration);
    const d = await disputedOrder();
    // A party that is also an arbiter cannot bid on its own case.
    await ledger.tx(net.dev(5), () => net.dev(5).bank.write.transfer([addr(d.buyer), 2n * BOND]));
    await ledger.tx(d.buyer, () => d.buyer.arbitration.write.register([[], ["en"], ""], { value: BOND }));
    await expectRefused(
      d.buyer.arbitration.write.bid([d.caseId, CMT, 1_000n]),
      "arbitration: a party cannot bid on its own case",
    );
    // a2 bids, then asks for its bond: its standing bid can no longer be agreed on.
    const standing = await bid(a2, d.caseId, CMT);
    await expectRefused(
      a2.arbitration.write.requestWithdrawal({ value: 1n } as never),
      "arbitration: requestWithdrawal does not accept CMT",
    );
    const req = await ledger.tx(a2, () => a2.arbitration.write.requestWithdrawal());
    const at = eventOf<{ withdrawableAt: bigint }>(req.events, "arbitration", "WithdrawalRequested").withdrawableAt;
    expect((await a2.arbitration.read.getArbiter([addr(a2)])).status).toBe(1);
    await expectRefused(a2.arbitration.write.requestWithdrawal(), "arbitration: a withdrawal is already requested");
    await expectRefused(
      a2.arbitration.write.bid([d.caseId, CMT, 1_000n]),
      "arbitration: a withdrawing arbiter cannot bid",
    );
    await expectRefused(a2.arbitration.write.withdrawBond(), `arbitration: the bond can be withdrawn from ${at}`);
    await ledger.tx(d.buyer, () => d.buyer.arbitration.write.acceptBid([d.caseId, standing]));
    await expectRefused(
      d.seller.arbitration.write.acceptBid([d.caseId, standing]),
      exactly(`arbitration: arbiter ${addr(a2)} can no longer take cases; accept another bid`),
    );
    expect((await d.buyer.arbitration.read.getCase([d.caseId])).state).toBe(CaseState.bidding);
    await waitForBlockTime(a2, at);
    const w = await ledger.tx(a2, () => a2.arbitration.write.withdrawBond());
    expect(eventOf(w.events, "arbitration", "BondWithdrawn")).toEqual({ arbiter: addr(a2), amount: BOND });
    await ledger.expectDelta(addr(a2), BOND, "the whole bond back");
    await ledger.expectDelta(a2.addresses.arbitration, BOND - BOND, "the buyer's bond in, a2's out");
    await expectRefused(
      a2.arbitration.read.getArbiter([addr(a2)]),
      exactly(`arbitration: ${addr(a2)} is not a registered arbiter`),
    );
    expect(await a2.arbitration.read.arbiterStats([addr(a2)])).toEqual([2n, 2n, 0n]); // statistics are kept
    await expectRefused(d.buyer.arbitration.read.getCase([9_999_999n]), "arbitration: no case with id 9999999");
    await expectRefused(d.buyer.arbitration.read.openCases([0n, 101n]), "arbitration: page limit is at most 100");
  });
});
