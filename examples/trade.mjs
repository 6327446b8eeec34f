#!/usr/bin/env node
// A whole marketplace trade and a disputed one on a CyberMiles devnet, through the SDK.
//
//   npm run build
//   npx cybermiles devnet --dir .devnet --rpc-port 8545 --block-time 500   # in another terminal
//   node examples/trade.mjs --rpc http://127.0.0.1:8545
//
// Trade 1: list → order → seller accepts (posts its deposit) → ship → carrier confirms delivery →
// buyer accepts → both rate. Trade 2: the buyer rejects the goods → arbitration case → an arbiter
// bids → both parties accept the bid → evidence → ruling (seller wins) → payouts. Every step is
// printed with what it cost; balances at the end. The dev account --funder (default 1) of the
// devnet's test mnemonic pays for fresh accounts, so the example can run again on the same chain.
import { parseArgs } from "node:util";
import { formatEther, parseEther } from "viem";
import { generatePrivateKey, mnemonicToAccount, privateKeyToAccount } from "viem/accounts";
import { createCyberMilesClient, revertReasonOf } from "../dist/sdk/index.js";

const { values: opts } = parseArgs({
  options: {
    rpc: { type: "string", default: "http://127.0.0.1:8545" },
    mnemonic: { type: "string", default: "test test test test test test test test test test test junk" },
    funder: { type: "string", default: "1" },
  },
});

const fmt = (wei) => `${formatEther(wei)} CMT`;
const signed = (wei) => (wei < 0n ? `-${fmt(-wei)}` : `+${fmt(wei)}`);
const log = (...a) => console.log(...a);
const reader = createCyberMilesClient({ url: opts.rpc });
const chainId = await reader.public.getChainId();

/** An SDK client that signs as `account`, with its fees counted. */
function party(name, account) {
  const c = createCyberMilesClient({ url: opts.rpc, account, chainId, pollingInterval: 250 });
  return Object.assign(c, { name, address: account.address, fees: 0n, start: 0n });
}

/** Send a write, wait until mined, count its fee, return the decoded events. */
async function step(who, what, send) {
  try {
    const hash = await send();
    const { receipt, events } = await who.waitForSuccess(hash);
    const fee = receipt.gasUsed * receipt.effectiveGasPrice;
    who.fees += fee;
    log(`  ${who.name.padEnd(8)} ${what}  (block ${receipt.blockNumber}, fee ${fmt(fee)})`);
    return events;
  } catch (err) {
    // The module's revert reason when there is one ("market: only the seller can ship the order").
    console.error(`${who.name}: ${what} failed: ${revertReasonOf(err) ?? err.message}`);
    process.exit(1);
  }
}
const eventArgs = (events, module, name) => {
  const e = events.find((x) => x.module === module && x.eventName === name);
  if (!e) throw new Error(`no ${module}.${name} event`);
  return e.args;
};
const hash32 = (text) => `0x${Buffer.from(text.padEnd(32, "\0").slice(0, 32)).toString("hex")}`;

// Fresh accounts funded by a dev account.
const funder = party("funder", mnemonicToAccount(opts.mnemonic, { addressIndex: Number(opts.funder) }));
const arbParams = await reader.arbitration.read.params();
const people = {
  seller: party("seller", privateKeyToAccount(generatePrivateKey())),
  buyer: party("buyer", privateKeyToAccount(generatePrivateKey())),
  carrier: party("carrier", privateKeyToAccount(generatePrivateKey())),
  arbiter: party("arbiter", privateKeyToAccount(generatePrivateKey())),
};
const { seller, buyer, carrier, arbiter } = people;
log(`CyberMiles chain ${chainId} at ${opts.rpc}, height ${await reader.public.getBlockNumber()}`);
log("funding fresh accounts from the dev account", funder.address);
for (const [p, amount] of [
  [seller, parseEther("100")],
  [buyer, parseEther("100")],
  [carrier, parseEther("1")],
  [arbiter, arbParams.minBond + parseEther("10")],
]) {
  await step(funder, `send ${fmt(amount)} to ${p.name} ${p.address}`, () =>
    funder.bank.write.transfer([p.address, amount]),
  );
}
for (const p of Object.values(people)) p.start = await reader.public.getBalance({ address: p.address });

const price = parseEther("10");
const deposit = parseEther("2");
const listing = {
  title: "Road bike, 56 cm",
  descriptionHash: hash32("road bike photos and description"),
  descriptionUri: "ipfs://bafy-road-bike",
  category: "bikes",
  tags: ["road", "used"],
  price,
  quantity: 2n,
  geohash: "wx4g0b",
  deposit,
  carriers: [carrier.address],
  shippingWindowMs: 3_600_000n, // 1 h to ship after accepting
  inspectionWindowMs: 3_600_000n, // 1 h to inspect after delivery (silence = acceptance)
};

log("\n== Trade 1: a whole trade");
let ev = await step(seller, "createListing", () => seller.market.write.createListing([listing]));
const listingId = eventArgs(ev, "market", "ListingCreated").id;
log(`           listing #${listingId}: "${listing.title}", ${fmt(price)} + ${fmt(deposit)} deposit each side`);
const near = await reader.market.read.listingsNear(["wx4g", "0x", 10n]);
log(`           found near geohash wx4g: listings ${near[0].join(", ")}`);
ev = await step(buyer, "order 1 unit", () => buyer.market.write.order([listingId, 1n], { value: price + deposit }));
const order1 = eventArgs(ev, "market", "OrderPlaced").orderId;
await step(seller, `acceptOrder #${order1} (posts its deposit)`, () =>
  seller.market.write.acceptOrder([order1], { value: deposit }),
);
await step(seller, "shipOrder with a tracking hash", () =>
  seller.market.write.shipOrder([order1, hash32("TRACK-0001")]),
);
await step(carrier, "confirmDelivery", () => carrier.market.write.confirmDelivery([order1]));
await step(buyer, "acceptGoods", () => buyer.market.write.acceptGoods([order1]));
await step(buyer, "rate the seller 5", () => buyer.market.write.rate([order1, 5, hash32("great bike")]));
await step(seller, "rate the buyer 5", () => seller.market.write.rate([order1, 5, hash32("quick payment")]));
const o1 = await reader.market.read.getOrder([order1]);
const rep = await reader.market.read.reputation([seller.address]);
log(`           order #${order1} state ${o1.state} (3 = completed)`);
log(`           seller reputation: ${rep.asSellerCount} rating(s), average ${Number(rep.asSellerAverageMilli) / 1000}`);

log("\n== Trade 2: a disputed trade");
ev = await step(arbiter, `register as an arbiter with a ${fmt(arbParams.minBond)} bond`, () =>
  arbiter.arbitration.write.register([["bikes"], ["en"], "arbiter@example.org"], { value: arbParams.minBond }),
);
ev = await step(buyer, "order 1 unit", () => buyer.market.write.order([listingId, 1n], { value: price + deposit }));
const order2 = eventArgs(ev, "market", "OrderPlaced").orderId;
await step(seller, `acceptOrder #${order2}`, () => seller.market.write.acceptOrder([order2], { value: deposit }));
await step(seller, "shipOrder", () => seller.market.write.shipOrder([order2, hash32("TRACK-0002")]));
await step(carrier, "confirmDelivery", () => carrier.market.write.confirmDelivery([order2]));
ev = await step(buyer, "rejectGoods (claims a bent frame)", () => buyer.market.write.rejectGoods([order2]));
const caseId = eventArgs(ev, "market", "OrderDisputed").caseId;
log(`           arbitration case #${caseId} opened; bidding window ${arbParams.biddingWindowMs} ms`);
const fee = deposit / 2n;
const period = arbParams.maxRulingPeriodMs < 3_600_000n ? arbParams.maxRulingPeriodMs : 3_600_000n;
ev = await step(arbiter, `bid a fee of ${fmt(fee)}, ruling within ${Number(period) / 60_000} min`, () =>
  arbiter.arbitration.write.bid([caseId, fee, period]),
);
const bidId = eventArgs(ev, "arbitration", "BidPlaced").bidId;
await step(buyer, `acceptBid #${bidId}`, () => buyer.arbitration.write.acceptBid([caseId, bidId]));
ev = await step(seller, `acceptBid #${bidId}`, () => seller.arbitration.write.acceptBid([caseId, bidId]));
const assigned = eventArgs(ev, "arbitration", "ArbiterAssigned");
log(`           arbiter ${assigned.arbiter} assigned, ruling deadline ${new Date(Number(assigned.rulingDeadline)).toISOString()}`);
await step(buyer, "submitEvidence (photos)", () =>
  buyer.arbitration.write.submitEvidence([caseId, hash32("frame photos"), "ipfs://bafy-frame-photos"]),
);
await step(seller, "submitEvidence (packing video)", () =>
  seller.arbitration.write.submitEvidence([caseId, hash32("packing video"), "ipfs://bafy-packing-video"]),
);
ev = await step(arbiter, "rule: seller wins", () => arbiter.arbitration.write.rule([caseId, 1, 0n]));
const ruling = eventArgs(ev, "arbitration", "Ruling");
log(`           payout: buyer ${fmt(ruling.toPayer)}, seller ${fmt(ruling.toPayee)}, arbiter fee ${fmt(ruling.fee)}`);
await step(seller, "rate the buyer 2", () => seller.market.write.rate([order2, 2, hash32("unfounded claim")]));
const o2 = await reader.market.read.getOrder([order2]);

log("\n== Balances (change since funding: trades, rulings and bonds; then fees paid)");
for (const p of Object.values(people)) {
  const now = await reader.public.getBalance({ address: p.address });
  log(`  ${p.name.padEnd(8)} ${fmt(now).padEnd(28)} ${signed(now - p.start + p.fees)} trades/rulings/bonds, ${signed(-p.fees)} fees`);
}
const bond = (await reader.arbitration.read.getArbiter([arbiter.address])).bond;
log(`  arbiter bond held by the arbitration module: ${fmt(bond)}`);
log(`\nfinal: order #${order1} completed (state ${o1.state}); order #${order2} ruled (state ${o2.state}); case #${caseId} seller wins`);
