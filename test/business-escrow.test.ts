// The escrow used directly by EOAs (a third party, no market) through the SDK against one real node
// process: every transition with its events and exact balances, every deadline, disputes handed
// to arbitration, and refusals that leave the escrow and the balances unchanged.
import { parseEther } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeModuleEvents } from "../src/sdk/index.js";
import {
  type BusinessNode,
  blockTimeMs,
  type Client,
  eventOf,
  expectRefused,
  hash32,
  Ledger,
  startBusinessNode,
  waitForBlockTime,
} from "./support/business.js";

const E = {
  open: 0,
  funded: 1,
  delivered: 2,
  released: 3,
  refunded: 4,
  cancelled: 5,
  declined: 6,
  disputed: 7,
  expired: 9,
  shipped: 10,
  lapsed: 11,
} as const;
const AMOUNT = parseEther("5");
const DEP = parseEther("1");
const HOUR = 3_600_000n;

let net: BusinessNode;
let ledger: Ledger;

beforeAll(async () => {
  net = await startBusinessNode();
  ledger = new Ledger(net.dev(1));
}, 60_000);
afterAll(async () => {
  await net?.stop();
});

interface Terms {
  inspection?: bigint;
  fundIn?: bigint;
  shipWindow?: bigint;
  carriers?: `0x${string}`[];
}
/** The payer opens an escrow to the payee; returns its id. */
async function open(payer: Client, payee: Client, t: Terms = {}): Promise<bigint> {
  const fundBy = (await blockTimeMs(payer)) + (t.fundIn ?? HOUR);
  const { events } = await ledger.tx(payer, () =>
    payer.escrow.write.open(
      [payee.account.address, AMOUNT, DEP, t.inspection ?? HOUR, fundBy, t.shipWindow ?? HOUR, t.carriers ?? []],
      { value: AMOUNT + DEP },
    ),
  );
  return eventOf<{ id: bigint }>(events, "escrow", "Opened").id;
}
/** Three fresh funded accounts (payer, payee, a third: carrier or stranger). */
async function parties(): Promise<[Client, Client, Client]> {
  return [await net.trader(parseEther("50")), await net.trader(parseEther("50")), await net.trader(parseEther("50"))];
}
const stateOf = async (c: Client, id: bigint) => (await c.escrow.read.getEscrow([id])).state;

describe("escrow by EOAs", () => {
  it("open → fund → ship → carrier confirms → payer accepts: events and exact balances", async () => {
    const [payer, payee, carrier] = await parties();
    const [p, q, c] = [payer.account.address, payee.account.address, carrier.account.address];
    await ledger.snapshot(p, q, c, payer.addresses.escrow);
    const id = await open(payer, payee, { carriers: [c] });
    const rec = await payer.escrow.read.getEscrow([id]);
    expect(rec).toMatchObject({ payer: p, payee: q, amount: AMOUNT, deposit: DEP, carriers: [c], state: E.open });
    expect(rec.controller).toBe(""); // opened directly: no module controls it
    await ledger.expectDelta(payer.addresses.escrow, AMOUNT + DEP, "escrow holds payment + payer's deposit");

    const funded = await ledger.tx(payee, () => payee.escrow.write.fund([id], { value: DEP }));
    expect(eventOf(funded.events, "escrow", "Funded")).toEqual({ id, payee: q });
    const shipped = await ledger.tx(payee, () => payee.escrow.write.ship([id, hash32(0x5e)]));
    expect(eventOf(shipped.events, "escrow", "Shipped")).toEqual({ id, trackingHash: hash32(0x5e) });
    const conf = await ledger.tx(carrier, () => carrier.escrow.write.confirmDelivery([id]));
    const dc = eventOf<{ inspectionEnds: bigint }>(conf.events, "escrow", "DeliveryConfirmed");
    expect(dc).toMatchObject({ id, by: c });
    expect((await payer.escrow.read.getEscrow([id])).inspectionEnds).toBe(dc.inspectionEnds);
    const rel = await ledger.tx(payer, () => payer.escrow.write.accept([id]));
    expect(eventOf(rel.events, "escrow", "Released")).toEqual({ id, payee: q });
    expect(await stateOf(payer, id)).toBe(E.released);

    await ledger.expectDelta(p, -AMOUNT, "payer: paid the price, deposit back");
    await ledger.expectDelta(q, AMOUNT, "payee: got the price, deposit back");
    await ledger.expectDelta(c, 0n, "carrier: fee only");
    await ledger.expectDelta(payer.addresses.escrow, 0n, "escrow holds nothing after release");
    await expectRefused(payer.escrow.write.accept([id]), "escrow: cannot accept an escrow that is released");
  });

  it("acceptEscrow is fund; refund returns everything; without a shipping window the payer confirms directly", async () => {
    const [payer, payee] = await parties();
    const [p, q] = [payer.account.address, payee.account.address];
    await ledger.snapshot(p, q);
    const a = await open(payer, payee);
    await ledger.tx(payee, () => payee.escrow.write.acceptEscrow([a], { value: DEP }));
    expect(await stateOf(payer, a)).toBe(E.funded);
    const r = await ledger.tx(payee, () => payee.escrow.write.refund([a]));
    expect(eventOf(r.events, "escrow", "Refunded")).toEqual({ id: a });
    expect(await stateOf(payer, a)).toBe(E.refunded);
    await ledger.expectDelta(p, 0n, "refund: payment and deposit back to the payer");
    await ledger.expectDelta(q, 0n, "refund: deposit back to the payee");

    const b = await open(payer, payee, { shipWindow: 0n });
    await ledger.tx(payee, () => payee.escrow.write.fund([b], { value: DEP }));
    expect((await payer.escrow.read.getEscrow([b])).shipBy).toBe(0n);
    await ledger.tx(payer, () => payer.escrow.write.confirmDelivery([b]));
    expect(await stateOf(payer, b)).toBe(E.delivered);
    await ledger.tx(payer, () => payer.escrow.write.accept([b]));
    await ledger.expectDelta(p, -AMOUNT);
    await ledger.expectDelta(q, AMOUNT);
  });

  it("cancel and decline before the payee's deposit return everything to the payer", async () => {
    const [payer, payee] = await parties();
    const [p, q] = [payer.account.address, payee.account.address];
    await ledger.snapshot(p, q);
    const a = await open(payer, payee);
    await expectRefused(payee.escrow.write.cancel([a]), "escrow: only the payer can cancel");
    const c = await ledger.tx(payer, () => payer.escrow.write.cancel([a]));
    expect(eventOf(c.events, "escrow", "Cancelled")).toEqual({ id: a });
    await expectRefused(
      payee.escrow.write.fund([a], { value: DEP }),
      "escrow: cannot fund an escrow that is cancelled",
    );
    const b = await open(payer, payee);
    await expectRefused(payer.escrow.write.decline([b]), "escrow: only the payee can decline");
    const d = await ledger.tx(payee, () => payee.escrow.write.decline([b]));
    expect(eventOf(d.events, "escrow", "Declined")).toEqual({ id: b });
    expect([await stateOf(payer, a), await stateOf(payer, b)]).toEqual([E.cancelled, E.declined]);
    await ledger.expectDelta(p, 0n);
    await ledger.expectDelta(q, 0n);
  });

  it("deadlines settle without anyone calling: expiry, lapse and silence in inspection", async () => {
    const [payer, payee] = await parties();
    const [p, q] = [payer.account.address, payee.account.address];
    await ledger.snapshot(p, q);
    const fromBlock = await payer.public.getBlockNumber();
    // Three escrows run their deadlines at the same time.
    const expiring = await open(payer, payee, { fundIn: 2_500n });
    const lapsing = await open(payer, payee, { shipWindow: 1_500n });
    const silent = await open(payer, payee, { inspection: 1_500n });
    await ledger.tx(payee, () => payee.escrow.write.fund([lapsing], { value: DEP }));
    await ledger.tx(payee, () => payee.escrow.write.fund([silent], { value: DEP }));
    await ledger.tx(payee, () => payee.escrow.write.ship([silent, hash32(3)]));
    await ledger.tx(payer, () => payer.escrow.write.confirmDelivery([silent]));
    const [e1, e2, e3] = await Promise.all([expiring, lapsing, silent].map((id) => payer.escrow.read.getEscrow([id])));
    if (!e1 || !e2 || !e3) throw new Error("missing escrow");
    await waitForBlockTime(
      payer,
      [e1.fundBy, e2.shipBy, e3.inspectionEnds].reduce((a, b) => (a > b ? a : b)),
    );

    expect(await stateOf(payer, expiring)).toBe(E.expired);
    expect(await stateOf(payer, lapsing)).toBe(E.lapsed);
    expect(await stateOf(payer, silent)).toBe(E.released);
    // No transaction ran them, yet their events are logs like any other (the block logs, src/rpc/README.md).
    const logs = await payer.public.getLogs({ address: payer.addresses.escrow, fromBlock });
    const ran = logs
      .map((log) => ({ e: decodeModuleEvents([log])[0], log }))
      .filter(({ e }) => e !== undefined && ["Expired", "Lapsed", "Released"].includes(e.eventName));
    expect(ran.map(({ e }) => [e?.eventName, (e?.args as { id?: bigint } | undefined)?.id])).toEqual(
      expect.arrayContaining([
        ["Expired", expiring],
        ["Lapsed", lapsing],
        ["Released", silent],
      ]),
    );
    expect(ran).toHaveLength(3);
    for (const { log } of ran) {
      const receipt = await payer.public.getTransactionReceipt({ hash: log.transactionHash });
      expect(receipt).toMatchObject({
        status: "success",
        from: "0x0000000000000000000000000000000000000000",
        to: null,
      });
      expect(receipt.logs.map((l) => l.logIndex)).toContain(log.logIndex);
      const block = await payer.public.getBlock({ blockNumber: log.blockNumber });
      expect(block.transactions).not.toContain(log.transactionHash);
    }
    // Expired: payer whole. Lapsed: payer gets the payee's deposit too. Released: payee paid.
    await ledger.expectDelta(p, 0n + DEP - AMOUNT, "payer");
    await ledger.expectDelta(q, -DEP + AMOUNT, "payee");
    await expectRefused(
      payee.escrow.write.fund([expiring], { value: DEP }),
      "escrow: cannot fund an escrow that is expired",
    );
    await expectRefused(payee.escrow.write.ship([lapsing, hash32(1)]), "escrow: cannot ship an escrow that is lapsed");
    await expectRefused(payer.escrow.write.reject([silent]), "escrow: cannot reject an escrow that is released");
  });

  it("reject during inspection and dispute while open hand the case to arbitration", async () => {
    const [payer, payee] = await parties();
    const a = await open(payer, payee);
    await ledger.tx(payee, () => payee.escrow.write.fund([a], { value: DEP }));
    await expectRefused(payer.escrow.write.reject([a]), "escrow: cannot reject an escrow that is funded");
    await ledger.tx(payer, () => payer.escrow.write.confirmDelivery([a]));
    const rej = await ledger.tx(payer, () => payer.escrow.write.reject([a]));
    const ev = eventOf<{ caseId: bigint }>(rej.events, "escrow", "Disputed");
    expect(ev).toMatchObject({ id: a, by: payer.account.address });
    const rec = await payer.escrow.read.getEscrow([a]);
    expect(rec).toMatchObject({ state: E.disputed, caseId: ev.caseId });
    expect(await payer.arbitration.read.caseOf(["escrow", a])).toBe(ev.caseId);
    const kase = await payer.arbitration.read.getCase([ev.caseId]);
    expect(kase).toMatchObject({ arbitrable: "escrow", externalId: a, payer: payer.account.address, amount: AMOUNT });
    expect(kase.deposit).toBe(DEP);

    const b = await open(payer, payee);
    await expectRefused(payee.escrow.write.dispute([b]), "escrow: cannot dispute an escrow that is open");
    await ledger.tx(payee, () => payee.escrow.write.fund([b], { value: DEP }));
    const d = await ledger.tx(payee, () => payee.escrow.write.dispute([b]));
    expect(eventOf(d.events, "escrow", "Disputed")).toMatchObject({ id: b, by: payee.account.address });
    expect(await stateOf(payer, b)).toBe(E.disputed);
    await expectRefused(payer.escrow.write.accept([b]), "escrow: cannot accept an escrow that is disputed");
    await expectRefused(payee.escrow.write.refund([b]), "escrow: cannot refund an escrow that is disputed");
  });

  it("lists a party's escrows by page", async () => {
    const [payer, payee, other] = await parties();
    const ids = [await open(payer, payee), await open(payer, other), await open(other, payer)];
    expect(await payer.escrow.read.escrowsOf([payer.account.address, 0n, 100n])).toEqual(ids);
    const first = await payer.escrow.read.escrowsOf([payer.account.address, 0n, 2n]);
    expect(first).toEqual(ids.slice(0, 2));
    const last = first[first.length - 1] ?? 0n;
    expect(await payer.escrow.read.escrowsOf([payer.account.address, last + 1n, 2n])).toEqual(ids.slice(2));
    expect(await payer.escrow.read.escrowsOf([payee.account.address, 0n, 100n])).toEqual(ids.slice(0, 1));
    expect(await payer.escrow.read.nextId()).toBe((ids[2] ?? 0n) + 1n);
    await expectRefused(
      payer.escrow.read.escrowsOf([payer.account.address, 0n, 101n]),
      "escrow: page limit is at most 100",
    );
  });

  it("refuses bad terms, wrong callers, wrong values and unknown ids; escrow and balances unchanged", async () => {
    const [payer, payee, stranger] = await parties();
    const [p, q, x] = [payer.account.address, payee.account.address, stranger.account.address];
    const now = await blockTimeMs(payer);
    const openWith = (
      to: `0x${string}`,
      amount: bigint,
      fundBy: bigint,
      carriers: `0x${string}`[],
      value = amount + DEP,
    ) => payer.escrow.write.open([to, amount, DEP, HOUR, fundBy, HOUR, carriers], { value });
    const later = now + HOUR;
    await expectRefused(openWith(p, AMOUNT, later, []), "escrow: payer and payee must differ");
    await expectRefused(openWith(`0x${"00".repeat(20)}`, AMOUNT, later, []), "escrow: payee is the zero address");
    await expectRefused(openWith(q, 0n, later, []), "escrow: amount must be positive");
    await expectRefused(openWith(q, AMOUNT, now - 1n, []), "escrow: funding deadline must be in the future");
    await expectRefused(
      openWith(q, AMOUNT, now + 366n * 24n * HOUR, []),
      "escrow: funding deadline must be within 365 days",
    );
    await expectRefused(openWith(q, AMOUNT, later, [q]), "escrow: a carrier cannot be the payee or zero");
    await expectRefused(openWith(q, AMOUNT, later, [x, x]), "escrow: duplicate carrier");
    const nine = Array.from({ length: 9 }, (_, i) => `0x${(i + 1).toString(16).padStart(40, "0")}` as const);
    await expectRefused(openWith(q, AMOUNT, later, nine), "escrow: at most 8 carriers");
    await expectRefused(
      openWith(q, AMOUNT, later, [], AMOUNT + DEP - 1n),
      `escrow: send exactly ${AMOUNT + DEP} wei, not ${AMOUNT + DEP - 1n}`,
    );
    await expectRefused(
      payer.escrow.write.open([q, AMOUNT, DEP, 0n, later, HOUR, []], { value: AMOUNT + DEP }),
      "escrow: inspection window must be between 1 ms and 365 days",
    );

    const id = await open(payer, payee);
    await ledger.snapshot(p, q, x, payer.addresses.escrow);
    const before = await payer.escrow.read.getEscrow([id]);
    await expectRefused(payer.escrow.write.fund([id], { value: DEP }), "escrow: only the payee can fund");
    await expectRefused(
      payee.escrow.write.fund([id], { value: DEP - 1n }),
      `escrow: send exactly ${DEP} wei, not ${DEP - 1n}`,
    );
    await expectRefused(payee.escrow.write.ship([id, hash32(1)]), "escrow: cannot ship an escrow that is open");
    await expectRefused(payer.escrow.write.accept([id]), "escrow: cannot accept an escrow that is open");
    await expectRefused(payee.escrow.write.refund([id]), "escrow: cannot refund an escrow that is open");
    await expectRefused(
      payer.escrow.write.confirmDelivery([id]),
      "escrow: cannot confirm delivery of an escrow that is open",
    );
    await expectRefused(payer.escrow.write.cancel([id], { value: 1n } as never), "escrow: cancel does not accept CMT");
    await expectRefused(payer.escrow.write.cancel([9_999_999n]), "escrow: no escrow with id 9999999");
    await expectRefused(payer.escrow.read.getEscrow([9_999_999n]), "escrow: no escrow with id 9999999");
    expect(await payer.escrow.read.getEscrow([id])).toEqual(before);

    await ledger.tx(payee, () => payee.escrow.write.fund([id], { value: DEP }));
    await expectRefused(payer.escrow.write.ship([id, hash32(1)]), "escrow: only the payee can ship");
    await expectRefused(
      stranger.escrow.write.confirmDelivery([id]),
      "escrow: only the payer or an accepted carrier can confirm delivery",
    );
    await expectRefused(payee.escrow.write.accept([id]), "escrow: only the payer can accept");
    await expectRefused(payer.escrow.write.refund([id]), "escrow: only the payee can refund");
    await expectRefused(stranger.escrow.write.dispute([id]), "escrow: only the payer or the payee can dispute");
    await expectRefused(payee.escrow.write.fund([id], { value: DEP }), "escrow: cannot fund an escrow that is funded");
    await expectRefused(payer.escrow.write.cancel([id]), "escrow: cannot cancel an escrow that is funded");
    expect(await stateOf(payer, id)).toBe(E.funded);
    await ledger.expectDelta(p, 0n, "the payer's refusals cost nothing");
    await ledger.expectDelta(q, -DEP, "the payee only posted its deposit");
    await ledger.expectDelta(x, 0n);
    await ledger.expectDelta(payer.addresses.escrow, DEP);

    // An escrow the market opened is the market's: a direct call is refused.
    const seller = await net.trader(parseEther("10"));
    const listed = await ledger.tx(seller, () =>
      seller.market.write.createListing([
        {
          title: "lamp",
          descriptionHash: hash32(1),
          descriptionUri: "",
          category: "lamps",
          tags: [],
          price: AMOUNT,
          quantity: 1n,
          geohash: "",
          deposit: DEP,
          carriers: [],
          shippingWindowMs: HOUR,
          inspectionWindowMs: HOUR,
        },
      ]),
    );
    const lid = eventOf<{ id: bigint }>(listed.events, "market", "ListingCreated").id;
    const placed = await ledger.tx(payer, () => payer.market.write.order([lid, 1n], { value: AMOUNT + DEP }));
    const escrowId = eventOf<{ escrowId: bigint }>(placed.events, "market", "OrderPlaced").escrowId;
    await expectRefused(
      payer.escrow.write.cancel([escrowId]),
      `escrow: escrow ${escrowId} is managed by the market module; call that module`,
    );
  });
});
