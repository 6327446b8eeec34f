// Business-module row: escrow-backed market orders per second on one validator. Each order is
// three transactions: the buyer's `order` (opens the escrow), the seller's `acceptOrder` (posts the
// deposit) and the buyer's `acceptGoods` (releases payment and deposits). Every phase is pre-signed
// before its clock starts; ids come from the previous phase's receipts (untimed), because order
// ids depend on the order in which the chain executed the phase before.
import { encodeEventTopics, encodeFunctionData, type Hex as ViemHex } from "viem";
import { type Address, privateKeyToAddress } from "../crypto/index.js";
import type { Hex } from "../lib/index.js";
import { marketAbi } from "../modules/market/index.js";
import { ModuleAddress, WEI_PER_CMT } from "../types/index.js";
import { fund, type LoadOptions, type LoadResult, runLoad, type Signed, senderKeys, signFor } from "./load.js";
import { rpcBatch, rpcCall, waitUntil } from "./rpc.js";
import type { Target } from "./targets.js";

const MARKET = ModuleAddress.market;
const PRICE = WEI_PER_CMT;
/** The default deposit: 10 % of the price per unit (market params, defaultDepositBps). */
const DEPOSIT = PRICE / 10n;
const DAY = 86_400_000n;

export interface MarketResult {
  orders: number;
  phases: { name: string; result: LoadResult }[];
  seconds: number;
  ordersPerSecond: number;
  gas: { order: bigint; accept: bigint; acceptGoods: bigint };
}

const hexData = (d: ViemHex) => Uint8Array.from(Buffer.from(d.slice(2), "hex"));
const topic = (name: "OrderPlaced" | "ListingCreated") => encodeEventTopics({ abi: marketAbi, eventName: name })[0];

interface Receipt {
  status: Hex;
  gasUsed: Hex;
  logs: Array<{ address: Hex; topics: Hex[] }>;
}

/** The first indexed id of event `name` in each transaction's receipt. */
async function idsFromReceipts(url: string, hashes: Hex[], name: "OrderPlaced" | "ListingCreated"): Promise<bigint[]> {
  const out: bigint[] = [];
  const t0 = topic(name);
  for (let i = 0; i < hashes.length; i += 500) {
    const rs = await rpcBatch<Receipt>(
      url,
      "eth_getTransactionReceipt",
      hashes.slice(i, i + 500).map((h) => [h]),
    );
    for (const r of rs) {
      const log = r.logs.find((l) => l.address.toLowerCase() === MARKET && l.topics[0] === t0);
      if (r.status !== "0x1" || !log?.topics[1]) throw new Error(`${name}: a transaction failed`);
      out.push(BigInt(log.topics[1]));
    }
  }
  return out;
}

async function estimate(url: string, from: Address, data: ViemHex, value: bigint): Promise<bigint> {
  const g = await rpcCall<string>(url, "eth_estimateGas", [
    { from, to: MARKET, data, value: `0x${value.toString(16)}` },
  ]);
  // Headroom: later calls touch index pages the first one did not.
  return (BigInt(g) * 3n) / 2n;
}

async function sendAndWait(t: Target, tx: Signed): Promise<void> {
  const url = t.urls[0] as string;
  await rpcCall(url, "eth_sendRawTransaction", [tx.raw]);
  await waitUntil("receipt", async () => (await rpcCall(url, "eth_getTransactionReceipt", [tx.hash])) !== null, 30_000);
}

/** Run `orders` whole trades (order, accept, acceptGoods) against a market on `t`. */
export async function runMarket(
  t: Target,
  o: { orders: number; buyers: number; sellers: number } & Pick<LoadOptions, "batch" | "connections">,
): Promise<MarketResult> {
  const url = t.urls[0] as string;
  const buyers = senderKeys(o.buyers, 50);
  const sellers = senderKeys(o.sellers, 51);
  const perBuyer = Math.ceil(o.orders / o.buyers);
  await fund(
    t,
    [...buyers, ...sellers].map(privateKeyToAddress),
    BigInt(perBuyer * 2 + Math.ceil(o.orders / o.sellers) + 10) * WEI_PER_CMT,
  );
  // Listings: one per seller, enough quantity for every order.
  const terms = {
    title: "bench item",
    descriptionHash: `0x${"00".repeat(32)}` as ViemHex,
    descriptionUri: "",
    category: "bench",
    tags: [],
    price: PRICE,
    quantity: BigInt(o.orders + 10),
    geohash: "",
    deposit: 0n,
    carriers: [],
    shippingWindowMs: DAY,
    inspectionWindowMs: DAY,
  };
  const listData = encodeFunctionData({ abi: marketAbi, functionName: "createListing", args: [terms] });
  const listGas = await estimate(url, privateKeyToAddress(sellers[0] as Uint8Array), listData, 0n);
  const listings = sellers.map((k) => signFor(t, k, 0n, MARKET, 0n, hexData(listData), listGas));
  await runLoad(t, listings, { ...o, txs: listings.length, senders: o.sellers });
  const listingIds = await idsFromReceipts(
    url,
    listings.map((l) => l.hash),
    "ListingCreated",
  );

  // Gas of each phase, from one warm-up trade (buyer 0 with seller 0, nonces 0 and 1).
  const b0 = buyers[0] as Uint8Array;
  const s0 = sellers[0] as Uint8Array;
  const ordData = (i: number) =>
    encodeFunctionData({ abi: marketAbi, functionName: "order", args: [listingIds[i % o.sellers] as bigint, 1n] });
  const gOrder = await estimate(url, privateKeyToAddress(b0), ordData(0), PRICE + DEPOSIT);
  const warm = signFor(t, b0, 0n, MARKET, PRICE + DEPOSIT, hexData(ordData(0)), gOrder);
  await sendAndWait(t, warm);
  const [warmId] = await idsFromReceipts(url, [warm.hash], "OrderPlaced");
  const accData = (id: bigint) => encodeFunctionData({ abi: marketAbi, functionName: "acceptOrder", args: [id] });
  const gAccept = await estimate(url, privateKeyToAddress(s0), accData(warmId as bigint), DEPOSIT);
  await sendAndWait(t, signFor(t, s0, 1n, MARKET, DEPOSIT, hexData(accData(warmId as bigint)), gAccept));
  const goodsData = (id: bigint) => encodeFunctionData({ abi: marketAbi, functionName: "acceptGoods", args: [id] });
  const gGoods = await estimate(url, privateKeyToAddress(b0), goodsData(warmId as bigint), 0n);
  await sendAndWait(t, signFor(t, b0, 1n, MARKET, 0n, hexData(goodsData(warmId as bigint)), gGoods));

  // Phase 1: orders, nonce-major over the buyers (buyer 0 continues at nonce 2).
  const buyerNonce = buyers.map((_, i): bigint => (i === 0 ? 2n : 0n));
  const sellerNonce = sellers.map((_, i): bigint => (i === 0 ? 2n : 1n));
  const orderTxs: Array<{ tx: Signed; buyer: number; seller: number }> = [];
  for (let i = 0; i < o.orders; i++) {
    const b = i % o.buyers;
    const s = i % o.sellers;
    const n = buyerNonce[b] as bigint;
    buyerNonce[b] = n + 1n;
    const tx = signFor(t, buyers[b] as Uint8Array, n, MARKET, PRICE + DEPOSIT, hexData(ordData(s)), gOrder);
    orderTxs.push({ tx, buyer: b, seller: s });
  }
  const opts = { ...o, txs: o.orders, senders: o.buyers };
  const p1 = await runLoad(
    t,
    orderTxs.map((x) => x.tx),
    opts,
  );
  const orderIds = await idsFromReceipts(
    url,
    orderTxs.map((x) => x.tx.hash),
    "OrderPlaced",
  );
  // Phase 2: each seller accepts its orders.
  const accepts = orderTxs.map((x, i) => {
    const n = sellerNonce[x.seller] as bigint;
    sellerNonce[x.seller] = n + 1n;
    const data = hexData(accData(orderIds[i] as bigint));
    return signFor(t, sellers[x.seller] as Uint8Array, n, MARKET, DEPOSIT, data, gAccept);
  });
  const p2 = await runLoad(t, accepts, { ...opts, senders: o.sellers });
  // Phase 3: each buyer accepts the goods: payment to the seller, deposits back.
  const goods = orderTxs.map((x, i) => {
    const n = buyerNonce[x.buyer] as bigint;
    buyerNonce[x.buyer] = n + 1n;
    return signFor(t, buyers[x.buyer] as Uint8Array, n, MARKET, 0n, hexData(goodsData(orderIds[i] as bigint)), gGoods);
  });
  const p3 = await runLoad(t, goods, opts);
  await checkCompleted(url, goods);
  const phases = [
    { name: "order", result: p1 },
    { name: "acceptOrder", result: p2 },
    { name: "acceptGoods", result: p3 },
  ];
  const seconds = p1.seconds + p2.seconds + p3.seconds;
  return {
    orders: o.orders,
    phases,
    seconds,
    ordersPerSecond: o.orders / seconds,
    gas: { order: gOrder, accept: gAccept, acceptGoods: gGoods },
  };
}

/** Every acceptGoods succeeded (status 1): the trades completed, not just got included. */
async function checkCompleted(url: string, txs: Signed[]): Promise<void> {
  for (let i = 0; i < txs.length; i += 500) {
    const rs = await rpcBatch<Receipt>(
      url,
      "eth_getTransactionReceipt",
      txs.slice(i, i + 500).map((x) => [x.hash]),
    );
    const failed = rs.filter((r) => r.status !== "0x1").length;
    if (failed > 0) throw new Error(`market: ${failed} acceptGoods reverted`);
  }
}
