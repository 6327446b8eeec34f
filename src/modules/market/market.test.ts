import { afterAll, describe, expect, it } from "vitest";
import { removeDir, testKey } from "../../../test/harness.js";
import { ModuleAddress } from "../addresses.js";
import { RulingKind } from "../dispute-port.js";
import { EscrowState } from "../escrow/index.js";
import { DAY, hash, marketBench, PRICE, terms } from "./market.testing.js";
import { ListingState } from "./state.js";

const seller = testKey(50);
const buyer = testKey(51);
const carrier = testKey(52);
const stranger = testKey(53);
const judge = testKey(54);
const b = marketBench([seller, buyer, carrier, stranger, judge]);
afterAll(async () => {
  await b.c.close();
  removeDir(b.c.dir);
});
const DEP = PRICE / 10n; // default deposit: 10 % of the price, per unit
const S = EscrowState;

interface OrderView {
  listingId: bigint;
  buyer: string;
  seller: string;
  quantity: bigint;
  amount: bigint;
  deposit: bigint;
  escrowId: bigint;
  state: number;
  placedAt: bigint;
  acceptBy: bigint;
  shipBy: bigint;
  inspectionEnds: bigint;
  trackingHash: string;
  caseId: bigint;
  quantityRestored: boolean;
}
interface ListingView {
  seller: string;
  price: bigint;
  quantity: bigint;
  deposit: bigint;
  state: number;
  category: string;
  tags: readonly string[];
  geohash: string;
}
const listing = (id: bigint) => b.view<ListingView>("getListing", [id]);
const order = (id: bigint) => b.view<OrderView>("getOrder", [id]);
const qty = (id: bigint) => listing(id).quantity;
/** Market + escrow holdings: market holds nothing between transactions; escrow what live orders owe. */
const held = () => b.d.balance(ModuleAddress.market) + b.d.balance(ModuleAddress.escrow);

function list(o: Parameters<typeof terms>[0] = {}): bigint {
  const id = b.view<bigint>("nextListingId");
  expect(b.send(seller, "createListing", [terms({ carriers: [carrier.address], ...o })])).toEqual({
    status: 1,
    reason: null,
    events: ["ListingCreated"],
  });
  return id;
}

function place(listingId: bigint, n = 1n): bigint {
  const id = b.view<bigint>("nextOrderId");
  const l = listing(listingId);
  const r = b.send(buyer, "order", [listingId, n], (l.price + l.deposit) * n);
  expect(r).toEqual({ status: 1, reason: null, events: ["OrderPlaced"] });
  return id;
}

function accepted(listingId: bigint, n = 1n): bigint {
  const id = place(listingId, n);
  expect(b.send(seller, "acceptOrder", [id], order(id).deposit)).toMatchObject({
    status: 1,
    events: ["OrderAccepted"],
  });
  return id;
}

/** Net balance changes (fees excluded) of buyer, seller, judge across `f`; holdings end where they began. */
function changes(f: () => void): [bigint, bigint, bigint] {
  const people = [buyer, seller, judge].map((p) => b.d.net(p.address));
  const h = held();
  f();
  expect(held(), "market and escrow hold nothing more once settled").toBe(h);
  expect(b.d.balance(ModuleAddress.market), "market holds CMT only in transit").toBe(0n);
  return [buyer, seller, judge].map((p, i) => b.d.net(p.address) - (people[i] as bigint)) as [bigint, bigint, bigint];
}

describe("market: a whole trade (white paper §4, §5)", () => {
  it("list, order 2, seller accepts with the equal deposit, ships, carrier confirms, buyer accepts, both rate", () => {
    let lid = 0n;
    let oid = 0n;
    const delta = changes(() => {
      lid = list();
      expect(listing(lid)).toMatchObject({ price: PRICE, quantity: 5n, deposit: DEP, state: ListingState.Active });
      oid = place(lid, 2n);
      expect(qty(lid)).toBe(3n);
      const o = order(oid);
      expect(o).toMatchObject({
        listingId: lid,
        quantity: 2n,
        amount: 2n * PRICE,
        deposit: 2n * DEP,
        state: S.Open,
        acceptBy: b.time + 2n * DAY,
        quantityRestored: false,
      });
      expect(b.d.balance(ModuleAddress.escrow)).toBeGreaterThanOrEqual(2n * (PRICE + DEP));
      expect(b.send(seller, "acceptOrder", [oid], 2n * DEP)).toMatchObject({ status: 1, events: ["OrderAccepted"] });
      expect(order(oid)).toMatchObject({ state: S.Funded, shipBy: b.time + 3n * DAY });
      expect(b.send(seller, "shipOrder", [oid, hash("7e")])).toMatchObject({ status: 1, events: ["OrderShipped"] });
      expect(order(oid)).toMatchObject({ state: S.Shipped, trackingHash: hash("7e") });
      expect(b.send(carrier, "confirmDelivery", [oid])).toMatchObject({ status: 1, events: ["DeliveryConfirmed"] });
      expect(order(oid)).toMatchObject({ state: S.Delivered, inspectionEnds: b.time + 2n * DAY });
      expect(b.send(buyer, "acceptGoods", [oid])).toEqual({ status: 1, reason: null, events: ["OrderCompleted"] });
    });
    expect(delta).toEqual([-2n * PRICE, 2n * PRICE, 0n]);
    expect(order(oid).state).toBe(S.Released);
    expect(qty(lid)).toBe(3n);
    // The order's later deadlines log nothing: it was completed by the buyer, once.
    const o = order(oid);
    expect([...b.tick(o.inspectionEnds), ...b.tick(o.shipBy)]).toEqual([]);

    expect(b.send(buyer, "rate", [oid, 5, hash("b1")])).toEqual({ status: 1, reason: null, events: ["Rated"] });
    expect(b.send(seller, "rate", [oid, 4, hash("51")])).toMatchObject({ status: 1 });
    expect(b.view("getRatings", [oid])).toEqual([5, hash("b1"), 4, hash("51")]);
    expect(b.send(buyer, "rate", [oid, 1, hash("b2")])).toMatchObject({
      status: 0,
      reason: `market: you already rated order ${oid}`,
    });
    expect(b.view("getRatings", [oid])).toEqual([5, hash("b1"), 4, hash("51")]);
    expect(b.view("reputation", [seller.address])).toMatchObject({
      asSellerCount: 1n,
      asSellerSum: 5n,
      asBuyerCount: 0n,
    });
    expect(b.view("reputation", [buyer.address])).toMatchObject({
      asBuyerCount: 1n,
      asBuyerSum: 4n,
      asSellerCount: 0n,
    });
  });

  it("buyer silent through inspection: acceptance when the window ends", () => {
    const lid = list();
    let oid = 0n;
    const delta = changes(() => {
      oid = accepted(lid);
      b.send(buyer, "confirmDelivery", [oid]);
      const ends = order(oid).inspectionEnds;
      expect(b.tick(ends - 1n)).toEqual([]);
      expect(order(oid).state).toBe(S.Delivered);
      // The end of the window completes it: the market logs OrderCompleted, once, as a block log.
      expect(b.tick(ends).filter((e) => e.startsWith("Order"))).toEqual(["OrderCompleted"]);
      expect(order(oid).state).toBe(S.Released);
    });
    expect(delta).toEqual([-PRICE, PRICE, 0n]);
  });
});

describe("market: timeouts (end-block queues, nobody pokes the chain)", () => {
  it("seller never accepts: the buyer gets everything back and the quantity returns", () => {
    const lid = list();
    let oid = 0n;
    const delta = changes(() => {
      oid = place(lid, 2n);
      expect(qty(lid)).toBe(3n);
      const by = order(oid).acceptBy;
      b.tick(by - 1n);
      expect(order(oid).state).toBe(S.Open);
      b.time = by - 1_000n;
      expect(b.send(seller, "acceptOrder", [oid], 2n * DEP)).toMatchObject({
        status: 0,
        reason: "market: the seller's time to accept has passed",
      });
      expect(b.d.blockEvents()).toContain("OrderExpired");
    });
    expect(delta).toEqual([0n, 0n, 0n]);
    expect(order(oid)).toMatchObject({ state: S.Expired, quantityRestored: true });
    expect(qty(lid)).toBe(5n);
  });

  it("seller accepts but never ships: the buyer gets payment and both deposits; quantity not restored", () => {
    const lid = list();
    let oid = 0n;
    const delta = changes(() => {
      oid = accepted(lid);
      const by = order(oid).shipBy;
      b.tick(by - 1n);
      expect(order(oid).state).toBe(S.Funded);
      b.time = by - 1_000n;
      expect(b.send(seller, "shipOrder", [oid, hash("01")])).toMatchObject({
        status: 0,
        reason: "market: the shipping deadline has passed",
      });
      expect(b.d.blockEvents()).toContain("OrderLapsed");
    });
    expect(delta).toEqual([DEP, -DEP, 0n]);
    expect(order(oid)).toMatchObject({ state: S.Lapsed, quantityRestored: false });
    expect(qty(lid)).toBe(4n);
  });
});

describe("market: declines, cancellations and refunds keep quantity and escrow consistent", () => {
  it("seller declines / buyer cancels before acceptance: full refund, quantity back", () => {
    const lid = list();
    const delta = changes(() => {
      const a = place(lid, 2n);
      const c = place(lid, 3n);
      expect(qty(lid)).toBe(0n);
      expect(b.send(seller, "declineOrder", [a])).toMatchObject({ status: 1, events: ["OrderDeclined"] });
      expect(qty(lid)).toBe(2n);
      expect(b.send(buyer, "cancelOrder", [c])).toMatchObject({ status: 1, events: ["OrderCancelled"] });
      expect(qty(lid)).toBe(5n);
      expect([order(a).state, order(c).state]).toEqual([S.Declined, S.Cancelled]);
      // The stale acceptance deadline must not restore a second time, nor log an expiry.
      expect(b.tick(order(a).acceptBy + 1n)).toEqual([]);
    });
    expect(delta).toEqual([0n, 0n, 0n]);
    expect(qty(lid)).toBe(5n);
  });

  it("seller refunds before shipping (quantity back) and after shipping (quantity stays out)", () => {
    const lid = list();
    const delta = changes(() => {
      const a = accepted(lid);
      expect(b.send(seller, "refundOrder", [a])).toMatchObject({ status: 1, events: ["OrderRefunded"] });
      expect(order(a)).toMatchObject({ state: S.Refunded, quantityRestored: true });
      expect(qty(lid)).toBe(5n);
      const c = accepted(lid);
      b.send(seller, "shipOrder", [c, hash("02")]);
      expect(b.send(seller, "refundOrder", [c])).toMatchObject({ status: 1 });
      expect(order(c)).toMatchObject({ state: S.Refunded, quantityRestored: false });
    });
    expect(delta).toEqual([0n, 0n, 0n]);
    expect(qty(lid)).toBe(4n);
  });

  it("the market's escrows move only through the market", () => {
    const lid = list();
    const oid = place(lid);
    const eid = order(oid).escrowId;
    const reason = `escrow: escrow ${eid} is managed by the market module; call that module`;
    expect(b.sendEscrow(seller, "fund", [eid], DEP)).toMatchObject({ status: 0, reason });
    expect(b.sendEscrow(buyer, "cancel", [eid])).toMatchObject({ status: 0, reason });
    expect(order(oid).state).toBe(S.Open);
  });
});

describe("market: disputes go to arbitration; ratings follow a ruling", () => {
  it("buyer rejects during inspection: the case carries the order's terms; the ruling pays out; both may rate", () => {
    const lid = list({ category: "phones" });
    let oid = 0n;
    const cases = b.arbitrator.requests.length;
    const delta = changes(() => {
      oid = accepted(lid, 2n);
      b.send(seller, "shipOrder", [oid, hash("03")]);
      b.send(buyer, "confirmDelivery", [oid]);
      expect(b.send(buyer, "rejectGoods", [oid])).toEqual({ status: 1, reason: null, events: ["OrderDisputed"] });
      const o = order(oid);
      expect(b.arbitrator.requests.slice(cases)).toEqual([
        {
          arbitrable: "escrow",
          externalId: o.escrowId,
          payer: buyer.address,
          payee: seller.address,
          amount: 2n * PRICE,
          deposit: 2n * DEP,
          category: "phones",
          caseId: BigInt(cases + 1),
        },
      ]);
      expect(o).toMatchObject({ state: S.Disputed, caseId: BigInt(cases + 1) });
      expect(b.send(buyer, "rate", [oid, 1, hash("0f")])).toMatchObject({
        status: 0,
        reason: "market: cannot rate: the order is disputed",
      });
      expect(b.rule(judge, o.escrowId, RulingKind.PayerWins, 2n * DEP)).toMatchObject({ status: 1 });
    });
    expect(delta).toEqual([0n, -2n * DEP, 2n * DEP]);
    expect(order(oid).state).toBe(S.Resolved);
    expect(b.send(buyer, "rate", [oid, 1, hash("0f")])).toMatchObject({ status: 1 });
    expect(b.send(seller, "rate", [oid, 2, hash("0e")])).toMatchObject({ status: 1 });
  });

  it("seller disputes an accepted order", () => {
    const lid = list();
    const oid = accepted(lid);
    expect(b.send(seller, "disputeOrder", [oid])).toMatchObject({ status: 1, events: ["OrderDisputed"] });
    expect(order(oid).state).toBe(S.Disputed);
    expect(b.arbitrator.requests.at(-1)?.externalId).toBe(order(oid).escrowId);
  });
});

describe("market: reputation", () => {
  it("sums per role; averages in thousandths, rounded down", () => {
    const rater = testKey(60);
    const rb = marketBench([seller, rater]);
    try {
      const lid = rb.view<bigint>("nextListingId");
      rb.send(seller, "createListing", [terms({ quantity: 9n })]);
      for (const score of [5, 4, 4]) {
        const oid = rb.view<bigint>("nextOrderId");
        rb.send(rater, "order", [lid, 1n], PRICE + DEP);
        rb.send(seller, "acceptOrder", [oid], DEP);
        rb.send(rater, "acceptGoods", [oid]);
        expect(rb.send(rater, "rate", [oid, score, hash("aa")])).toMatchObject({ status: 1 });
      }
      expect(rb.view("reputation", [seller.address])).toEqual({
        asSellerCount: 3n,
        asSellerSum: 13n,
        asBuyerCount: 0n,
        asBuyerSum: 0n,
        asSellerAverageMilli: 4_333n,
        asBuyerAverageMilli: 0n,
      });
      expect(rb.view("reputation", [stranger.address])).toMatchObject({ asSellerAverageMilli: 0n, asSellerCount: 0n });
    } finally {
      void rb.c.close().then(() => removeDir(rb.c.dir));
    }
  });
});
