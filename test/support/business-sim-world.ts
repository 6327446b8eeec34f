// The business simulation's chain: the node's own modules (createModules: market → escrow keeper,
// escrow ⇄ arbitration through the dispute port) on a real LMDB, the actors, transaction encoding,
// and the checks run after every block — the invariants on the chain's own data, then the model
// against the chain, field by field.
import { type Abi, decodeFunctionResult, encodeFunctionData } from "viem";
import type { Address } from "../../src/crypto/index.js";
import { fromHex, toHex } from "../../src/lib/index.js";
import { arbitrationAbi } from "../../src/modules/arbitration/index.js";
import { allArbiters, readStats } from "../../src/modules/arbitration/state/arbiters.js";
import { bidsOf } from "../../src/modules/arbitration/state/bids.js";
import { isExcluded, readCase } from "../../src/modules/arbitration/state/cases.js";
import { allEscrows, heldFor, readEscrow } from "../../src/modules/escrow/index.js";
import { BankKeeper, escrowAbi, ModuleAddress } from "../../src/modules/index.js";
import { marketAbi } from "../../src/modules/market/index.js";
import { readListing, readOrder, readReputation } from "../../src/modules/market/state.js";
import { decodeRevert, getAccount, MeteredKv, ModuleStore, StateDB, unmetered } from "../../src/state/index.js";
import { readU64 } from "../../src/store/codec.js";
import { type SignedTx, WEI_PER_CMT } from "../../src/types/index.js";
import { CHAIN_ID, openTestChain, removeDir, testGenesis, testKey } from "../harness.js";
import { ES, type SimModel, type SimParams } from "./business-sim-model.js";

export type Key = ReturnType<typeof testKey>;
const HOUR = 3_600_000n;
const DAY = 24n * HOUR;

/** Who trades: sellers, buyers (buyers[0] also registers as an arbiter), carriers, arbiters. */
export const ACTORS = {
  sellers: [60, 61, 62, 63].map(testKey),
  buyers: [64, 65, 66, 67, 68].map(testKey),
  carriers: [69, 70].map(testKey),
  arbiters: [71, 72, 73, 74].map(testKey),
  outsider: testKey(75),
};
export const TRADERS = [...ACTORS.sellers, ...ACTORS.buyers];
export const ARBITER_CANDIDATES = [...ACTORS.arbiters, ACTORS.buyers[0] as Key];
export const EVERYONE = [...TRADERS, ...ACTORS.carriers, ...ACTORS.arbiters, ACTORS.outsider];

/** Market defaults (the node's) and arbitration windows short enough for 80 blocks. */
export const SIM_PARAMS: SimParams = {
  acceptWindowMs: 2n * DAY,
  maxWindowMs: 90n * DAY,
  defaultDepositBps: 1_000n,
  minBond: 100n * WEI_PER_CMT,
  biddingWindowMs: 12n * HOUR,
  maxRulingPeriodMs: 2n * DAY,
  missedDeadlineSlashBps: 1_000n,
  coolingPeriodMs: DAY,
  maxBidsPerCase: 3n,
};

const ABIS = { market: marketAbi, escrow: escrowAbi, arbitration: arbitrationAbi } as const;
const ADDRESS = { market: ModuleAddress.market, escrow: ModuleAddress.escrow, arbitration: ModuleAddress.arbitration };
export type SimModule = keyof typeof ABIS;
const QUEUE = new TextEncoder().encode("\u0000deadline/");

export interface Receipt {
  status: 0 | 1;
  reason: string | null;
}

/** A chain with the node's modules and the simulation's genesis. */
export function openSimChain() {
  const doc = testGenesis({
    funded: EVERYONE.map((k) => k.address),
    team: testKey(1).address,
    fiveMiles: testKey(2).address,
  });
  const p = SIM_PARAMS;
  const params = {
    minBond: p.minBond.toString(),
    biddingWindowMs: p.biddingWindowMs.toString(),
    maxRulingPeriodMs: p.maxRulingPeriodMs.toString(),
    missedDeadlineSlashBps: p.missedDeadlineSlashBps.toString(),
    coolingPeriodMs: p.coolingPeriodMs.toString(),
    maxBidsPerCase: p.maxBidsPerCase.toString(),
  };
  const c = openTestChain({ ...doc, modules: { ...doc.modules, arbitration: { params } } });
  const fees = new Map<Address, bigint>();
  const store = (name: string) => new ModuleStore(new MeteredKv(new StateDB(c.store), unmetered()), name);
  return {
    c,
    fees,
    store,
    tx(who: Key, module: SimModule, fn: string, args: readonly unknown[], value: bigint): SignedTx {
      const data = fromHex(encodeFunctionData({ abi: ABIS[module] as Abi, functionName: fn, args } as never));
      return c.sign(who, { to: ADDRESS[module], data, value, gasLimit: 2_000_000n });
    },
    /** Commit a block; returns each receipt's status and revert reason, and the state root. */
    block(time: bigint, txs: Array<{ from: Address; tx: SignedTx }>): { receipts: Receipt[]; root: string } {
      const { view } = c.produce(
        time,
        txs.map((t) => t.tx),
      );
      if (view.receipts.length !== txs.length) throw new Error("a transaction was not included");
      const receipts = view.receipts.map((r, i): Receipt => {
        const from = (txs[i] as { from: Address }).from;
        fees.set(from, (fees.get(from) ?? 0n) + r.gasUsed * r.effectiveGasPrice);
        return { status: r.status, reason: r.status === 0 ? decodeRevert(r.output) : null };
      });
      return { receipts, root: view.block.header.stateRoot };
    },
    view<T>(module: SimModule, fn: string, args: readonly unknown[]): T {
      const abi = ABIS[module] as Abi;
      const data = fromHex(encodeFunctionData({ abi, functionName: fn, args } as never));
      const head = c.chain.head();
      const out = c.machine.call(
        { chainId: CHAIN_ID, height: head.height, time: head.time },
        { from: ACTORS.outsider.address, to: ADDRESS[module], value: 0n, data, gas: null },
      );
      if (out.status !== 1) throw new Error(`view ${fn} reverted: ${decodeRevert(out.output)}`);
      return decodeFunctionResult({ abi, functionName: fn, data: toHex(out.output) } as never) as T;
    },
    balance: (a: Address) => getAccount(c.store, a).balance,
    async close() {
      await c.close();
      removeDir(c.dir);
    },
  };
}
export type SimChain = ReturnType<typeof openSimChain>;

/** Throws with `what` when a and b differ. */
function same(what: string, actual: unknown, expected: unknown): void {
  const show = (v: unknown) =>
    typeof v === "bigint" ? `${v}` : JSON.stringify(v, (_k, x) => (typeof x === "bigint" ? `${x}` : x));
  if (show(actual) !== show(expected))
    throw new Error(`${what}: chain has ${show(actual)}, model expects ${show(expected)}`);
}

/** Deadline items of a module's queue that are due at or before `now` (must be none after a block). */
function dueItems(store: ModuleStore, now: bigint): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const { key } of store.range(QUEUE)) {
    if (readU64(key, QUEUE.length) > now) break;
    out.push(key);
  }
  return out;
}

/** Whether a module's queue holds item `id` at `time`. */
function queued(store: ModuleStore, time: bigint, id: number[]): boolean {
  const key = new Uint8Array([...QUEUE, ...u64(time), ...id]);
  return store.get(key) !== undefined && store.get(key) !== null;
}
const u64 = (n: bigint) => Array.from({ length: 8 }, (_, i) => Number((n >> BigInt(8 * (7 - i))) & 0xffn));

/**
 * The invariants on the chain's own data after the block at `now`: CMT conserved, module
 * holdings, orders consistent with their escrows, every passed deadline handled and every pending
 * one queued.
 */
export function checkInvariants(w: SimChain, now: bigint): void {
  const state = new StateDB(w.c.store);
  let total = 0n;
  // Account records (prefix 0x01): 8-byte nonce then the balance.
  for (const { value } of w.c.store.range(Uint8Array.of(1), Uint8Array.of(2))) {
    total += BigInt(`0x${Buffer.from(value.subarray(8)).toString("hex") || "0"}`);
  }
  same("sum of all balances vs tracked supply", total, new BankKeeper().totalSupply(state));
  const escrows = [...allEscrows(w.store("escrow"))];
  same(
    "escrow module balance vs held amounts of open escrows",
    w.balance(ModuleAddress.escrow),
    escrows.reduce((s, e) => s + heldFor(e), 0n),
  );
  const arb = w.store("arbitration");
  same(
    "arbitration module balance vs bonds",
    w.balance(ModuleAddress.arbitration),
    [...allArbiters(arb)].reduce((s, a) => s + a.bond, 0n),
  );
  same("market module balance", w.balance(ModuleAddress.market), 0n);

  const escrowStore = w.store("escrow");
  const marketStore = w.store("market");
  for (const e of escrows) {
    const where = `escrow ${e.id}`;
    if (e.state === ES.Open) {
      if (now >= e.fundBy) throw new Error(`${where}: funding deadline ${e.fundBy} passed at ${now}, still open`);
      if (!queued(escrowStore, e.fundBy, [1, ...u64(e.id)])) throw new Error(`${where}: funding deadline not queued`);
    }
    if (e.state === ES.Funded && e.shipBy > 0n) {
      if (now >= e.shipBy) throw new Error(`${where}: shipping deadline passed, still funded`);
      if (!queued(escrowStore, e.shipBy, [3, ...u64(e.id)])) throw new Error(`${where}: shipping deadline not queued`);
    }
    if (e.state === ES.Delivered) {
      if (now >= e.inspectionEnds) throw new Error(`${where}: inspection window ended, still delivered`);
      if (!queued(escrowStore, e.inspectionEnds, [2, ...u64(e.id)]))
        throw new Error(`${where}: inspection deadline not queued`);
    }
    if (e.state === ES.Disputed) {
      const k = readCase(arb, e.caseId);
      if (!k || k.externalId !== e.id) throw new Error(`${where}: disputed without its case`);
      if (k.state > 1) throw new Error(`${where}: still disputed but case ${k.id} is final (${k.state})`);
    }
  }
  for (const name of ["escrow", "market", "arbitration"]) {
    const due = dueItems(w.store(name), now);
    if (due.length > 0) throw new Error(`${name}: ${due.length} deadline item(s) due by ${now} left in the queue`);
  }
  // Cases: a passed window or ruling deadline was handled; the pending one is queued.
  for (let id = 1n; ; id++) {
    const k = readCase(arb, id);
    if (!k) break;
    const item = (kind: number) => [kind, ...u64(k.id), ...u64(k.round)];
    if (k.state === 0) {
      if (now >= k.windowEnds) throw new Error(`case ${id}: bidding window closed at ${k.windowEnds}, still bidding`);
      if (!queued(arb, k.windowEnds, item(1))) throw new Error(`case ${id}: window close not queued`);
    }
    if (k.state === 1) {
      if (now >= k.rulingDeadline) throw new Error(`case ${id}: ruling deadline passed, still assigned`);
      if (!queued(arb, k.rulingDeadline, item(2))) throw new Error(`case ${id}: ruling deadline not queued`);
    }
    const e = readEscrow(escrowStore, k.externalId);
    const want = k.state === 2 ? ES.Resolved : k.state === 3 ? ES.Abandoned : ES.Disputed;
    if (e?.state !== want) throw new Error(`case ${id} is ${k.state} but escrow ${k.externalId} is ${e?.state}`);
  }
  // Orders: each has its own escrow, controlled by the market, with the order's parties and sums.
  const escrowOwner = new Map<bigint, bigint>();
  for (let id = 1n; ; id++) {
    const o = readOrder(marketStore, id);
    if (!o) break;
    const e = readEscrow(escrowStore, o.escrowId);
    if (!e) throw new Error(`order ${id}: escrow ${o.escrowId} missing`);
    if (escrowOwner.has(o.escrowId)) throw new Error(`escrow ${o.escrowId} belongs to two orders`);
    escrowOwner.set(o.escrowId, id);
    same(`order ${id} escrow controller`, e.controller, "market");
    same(`order ${id} parties`, [e.payer, e.payee], [o.buyer, o.seller]);
    same(`order ${id} sums`, [e.amount, e.deposit], [o.unitPrice * o.quantity, o.unitDeposit * o.quantity]);
    if (e.state === ES.Open && !queued(marketStore, e.fundBy, [1, ...u64(id)]))
      throw new Error(`order ${id}: acceptance deadline not queued`);
    // Quantity rule (market README): back once when declined, cancelled, expired, refunded unshipped.
    const back = [ES.Cancelled, ES.Declined, ES.Expired] as number[];
    if (back.includes(e.state) && !o.restored)
      throw new Error(`order ${id} is ${e.state} but its quantity is not back`);
    if (o.restored && !back.includes(e.state) && e.state !== ES.Refunded)
      throw new Error(`order ${id} is ${e.state} but its quantity went back`);
  }
  for (const e of escrows) {
    if (e.controller === "market" && !escrowOwner.has(e.id))
      throw new Error(`escrow ${e.id}: market escrow with no order`);
  }
}

/** The model against the chain, field by field, and every actor's balance (plus its fees) to the wei. */
export function checkModel(w: SimChain, m: SimModel): void {
  const market = w.store("market");
  const escrow = w.store("escrow");
  const arb = w.store("arbitration");
  for (const l of m.listings.values()) {
    const x = readListing(market, l.id);
    same(`listing ${l.id}`, x && [x.seller, x.price, x.deposit, x.quantity, x.state], [
      l.seller,
      l.price,
      l.deposit,
      l.quantity,
      l.state,
    ]);
  }
  same("next listing id", readListing(market, m.nextListing), null);
  for (const d of m.deals.values()) {
    const e = readEscrow(escrow, d.id);
    same(`escrow ${d.id}`, e && [e.payer, e.payee, e.amount, e.deposit, e.state, e.fundBy, e.shipBy, e.controller], [
      d.payer,
      d.payee,
      d.amount,
      d.deposit,
      d.state,
      d.fundBy,
      d.shipBy,
      d.controller,
    ]);
    same(`escrow ${d.id} inspectionEnds, caseId`, e && [e.inspectionEnds, e.caseId], [d.inspectionEnds, d.caseId]);
  }
  same("next escrow id", readEscrow(escrow, m.nextEscrow), null);
  for (const o of m.orders.values()) {
    const x = readOrder(market, o.id);
    same(`order ${o.id}`, x && [x.listingId, x.buyer, x.seller, x.quantity, x.escrowId, x.restored], [
      o.listingId,
      o.buyer,
      o.seller,
      o.quantity,
      o.escrowId,
      o.restored,
    ]);
  }
  // Orders that moved: the market's own view (state derived from the escrow) as a wallet reads it.
  for (const id of m.dirtyOrders) {
    const o = m.orders.get(id);
    if (!o) continue;
    const d = m.deals.get(o.escrowId);
    const v = w.view<{ state: number; caseId: bigint; quantityRestored: boolean; escrowId: bigint }>(
      "market",
      "getOrder",
      [id],
    );
    same(
      `getOrder(${id})`,
      [v.state, v.caseId, v.quantityRestored, v.escrowId],
      [d?.state, d?.caseId, o.restored, o.escrowId],
    );
  }
  m.dirtyOrders.clear();
  for (const k of m.cases.values()) {
    const x = readCase(arb, k.id);
    same(
      `case ${k.id}`,
      x && [
        x.externalId,
        x.state,
        x.round,
        x.windowEnds,
        x.reopened,
        x.payerAccepted,
        x.payeeAccepted,
        x.nextBidId,
        x.arbiter,
        x.fee,
        x.rulingDeadline,
        x.amount,
        x.deposit,
      ],
      [
        k.escrowId,
        k.state,
        k.round,
        k.windowEnds,
        k.reopened,
        k.payerAccepted,
        k.payeeAccepted,
        k.nextBidId,
        k.arbiter,
        k.fee,
        k.rulingDeadline,
        k.amount,
        k.deposit,
      ],
    );
    same(
      `case ${k.id} bids`,
      bidsOf(arb, k.id).map((b) => [b.id, b.arbiter, b.fee, b.rulingPeriodMs]),
      k.bids.map((b) => [b.id, b.arbiter, b.fee, b.period]),
    );
    for (const a of k.excluded) same(`case ${k.id} excludes ${a}`, isExcluded(arb, k.id, a), true);
  }
  same("next case id", readCase(arb, m.nextCase), null);
  const onChain = new Map([...allArbiters(arb)].map((a) => [a.address, a]));
  same("registered arbiters", [...onChain.keys()].sort(), [...m.arbiters.keys()].sort());
  for (const [addr, a] of m.arbiters) {
    const x = onChain.get(addr);
    same(`arbiter ${addr}`, x && [x.bond, x.status, x.withdrawableAt, x.openCases], [
      a.bond,
      a.status,
      a.withdrawableAt,
      a.openCases,
    ]);
  }
  for (const k of ARBITER_CANDIDATES) {
    const s = readStats(arb, k.address);
    same(`stats of ${k.address}`, [s.cases, s.rulings, s.missed], Object.values(m.statsOf(k.address)));
  }
  for (const k of TRADERS) {
    const r = readReputation(market, k.address);
    const e = m.reputation.get(k.address) ?? { asSellerCount: 0n, asSellerSum: 0n, asBuyerCount: 0n, asBuyerSum: 0n };
    same(`reputation of ${k.address}`, r, e);
  }
  for (const k of EVERYONE) {
    same(
      `balance of ${k.address} (plus its fees)`,
      w.balance(k.address) + (w.fees.get(k.address) ?? 0n),
      m.balances.get(k.address),
    );
  }
}
