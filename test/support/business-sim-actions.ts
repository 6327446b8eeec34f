// Random actions of the business simulation: mostly calls that fit (the right party, the right
// state, the right value), and many that do not (wrong caller, wrong state, wrong value, unknown
// ids, double ratings, bad terms, calls after a deadline). The model says which must succeed.
import type { Address } from "../../src/crypto/index.js";
import { WEI_PER_CMT } from "../../src/types/index.js";
import { applyCall, type SimCall, type SimEscrowTerms, type SimTerms } from "./business-sim-calls.js";
import { CS, ES, LIVE, LS, type SimModel, SimRevert } from "./business-sim-model.js";
import { ACTORS, ARBITER_CANDIDATES, EVERYONE, type Key, type SimModule, TRADERS } from "./business-sim-world.js";

const MIN = 60_000n;
const HOUR = 60n * MIN;
const DAY = 24n * HOUR;
const UNKNOWN_ID = 999_999n;

/** A call ready to send, with the model's verdict. */
export interface SimAction {
  label: string;
  who: Key;
  module: SimModule;
  fn: string;
  args: readonly unknown[];
  value: bigint;
  expectOk: boolean;
  expectModule: string;
}

export class ActionGen {
  constructor(
    private readonly rand: () => number,
    private readonly m: SimModel,
  ) {}

  private chance(p: number): boolean {
    return this.rand() < p;
  }
  private pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.rand() * xs.length)] as T;
  }
  private int(lo: number, hi: number): number {
    return lo + Math.floor(this.rand() * (hi - lo + 1));
  }
  private between(lo: bigint, hi: bigint): bigint {
    return lo + BigInt(Math.floor(this.rand() * Number(hi - lo + 1n)));
  }
  private key(a: Address): Key {
    return EVERYONE.find((k) => k.address === a) as Key;
  }
  private hash(): `0x${string}` {
    return `0x${this.int(1, 255).toString(16).padStart(2, "0").repeat(32)}`;
  }

  /** The time step to the next block: small, medium and large, so every deadline path fires. */
  step(): bigint {
    const r = this.rand();
    if (r < 0.45) return this.between(1_000n, 10n * MIN);
    if (r < 0.75) return this.between(10n * MIN, 6n * HOUR);
    if (r < 0.95) return this.between(6n * HOUR, 36n * HOUR);
    return this.between(2n * DAY, 4n * DAY);
  }

  /**
   * Arbiters and parties reacting to open cases (bids, acceptances, rulings), so cases get decided
   * and not only abandoned; each still goes through the model and may well be refused.
   */
  reactions(now: bigint): SimAction[] {
    const out: SimAction[] = [];
    for (const k of [...this.m.cases.values()]) {
      if (k.state === CS.Bidding && this.chance(0.5)) out.push(this.apply(now, this.bid(k.id)));
      if (k.state === CS.Bidding && k.bids.length > 0 && this.chance(0.35))
        out.push(this.apply(now, this.acceptBid(k.id)));
      if (k.state === CS.Assigned && this.chance(0.35)) out.push(this.apply(now, this.rule(k.id)));
    }
    return out;
  }

  /** One action at block time `now`, already applied to the model if it must succeed. */
  next(now: bigint): SimAction {
    const r = this.rand();
    const a =
      r < 0.08
        ? this.createListing()
        : r < 0.13
          ? this.manageListing()
          : r < 0.27
            ? this.order()
            : r < 0.52
              ? this.orderCall()
              : r < 0.57
                ? this.rate()
                : r < 0.61
                  ? this.openEscrow(now)
                  : r < 0.67
                    ? this.escrowCall()
                    : r < 0.73
                      ? this.registry()
                      : r < 0.83
                        ? this.bid()
                        : r < 0.9
                          ? this.acceptBid()
                          : r < 0.93
                            ? this.evidence()
                            : this.rule();
    return this.apply(now, a);
  }

  /** Ask the model whether `a` must succeed (applying it if so). */
  private apply(now: bigint, a: Gen): SimAction {
    const [who, module, fn, simArgs, abiArgs, value] = a;
    const call: SimCall = { module, fn, sender: who.address, value, a: simArgs };
    let expectOk = true;
    let expectModule: string = module;
    try {
      applyCall(this.m, call, now);
    } catch (err) {
      if (!(err instanceof SimRevert)) throw err;
      expectOk = false;
      expectModule = err.module === "framework" ? module : err.module;
    }
    return { label: `${module}.${fn}`, who, module, fn, args: abiArgs, value, expectOk, expectModule };
  }

  // ------------------------------------------------------------ market: listings

  private terms(seller: Address, create: boolean): SimTerms & { abi: unknown } {
    const price = this.chance(0.85)
      ? BigInt(this.int(1, 500)) * WEI_PER_CMT + BigInt(this.int(0, 999))
      : BigInt(this.int(1, 9)); // default deposit rounds down to 0 wei
    const deposit = this.chance(0.5) ? 0n : BigInt(this.int(1, 100)) * WEI_PER_CMT;
    const carriers = this.chance(0.5)
      ? []
      : this.chance(0.7)
        ? [this.pick(ACTORS.carriers).address]
        : ACTORS.carriers.map((k) => k.address);
    const t = {
      title: "Item",
      descriptionHash: this.hash(),
      descriptionUri: "ipfs://item",
      category: this.pick(["bikes", "phones", "books"]),
      tags: ["used"],
      price,
      quantity: BigInt(this.int(1, 5)),
      geohash: "9vg4",
      deposit,
      carriers,
      shippingWindowMs: this.between(HOUR, 3n * DAY),
      inspectionWindowMs: this.between(HOUR, 2n * DAY),
    };
    let fault: string | null = null;
    if (this.chance(0.15)) {
      fault = this.pick([
        "price",
        "title",
        "category",
        "carrier",
        "shipWindow",
        "inspectionWindow",
        "tags",
        "quantity0",
      ]);
      if (fault === "price") t.price = 0n;
      if (fault === "title") t.title = "";
      if (fault === "category") t.category = "Bad Category";
      if (fault === "carrier") t.carriers = [seller];
      if (fault === "shipWindow") t.shippingWindowMs = 0n;
      if (fault === "inspectionWindow") t.inspectionWindowMs = 91n * DAY;
      if (fault === "tags") t.tags = ["x", "x"];
      if (fault === "quantity0") t.quantity = 0n;
    } else if (!create && this.chance(0.2)) {
      t.quantity = 0n; // allowed on update: sold out
    }
    if (t.quantity === 0n && !create) fault = fault === "quantity0" || fault === null ? null : fault;
    return {
      price: t.price,
      quantity: t.quantity,
      deposit: t.deposit,
      carriers: t.carriers,
      shipWin: t.shippingWindowMs,
      inspWin: t.inspectionWindowMs,
      fault,
      abi: t,
    };
  }

  private createListing(): Gen {
    const seller = this.chance(0.85) ? this.pick(ACTORS.sellers) : this.pick(TRADERS);
    const t = this.terms(seller.address, true);
    return [seller, "market", "createListing", { terms: t }, [t.abi], 0n];
  }

  private listingId(): bigint {
    const ids = [...this.m.listings.keys()];
    return ids.length === 0 || this.chance(0.05) ? UNKNOWN_ID : this.pick(ids);
  }

  private manageListing(): Gen {
    const id = this.listingId();
    const l = this.m.listings.get(id);
    const who = l && this.chance(0.85) ? this.key(l.seller) : this.pick(TRADERS);
    const r = this.rand();
    if (r < 0.4) {
      const t = this.terms(who.address, false);
      return [who, "market", "updateListing", { id, terms: t }, [id, t.abi], 0n];
    }
    const fn =
      l && this.chance(0.8)
        ? l.state === LS.Active
          ? this.pick(["pauseListing", "pauseListing", "closeListing"])
          : l.state === LS.Paused
            ? this.pick(["resumeListing", "resumeListing", "closeListing"])
            : this.pick(["resumeListing", "closeListing"])
        : this.pick(["pauseListing", "resumeListing", "closeListing"]);
    return [who, "market", fn, { id }, [id], 0n];
  }

  private order(): Gen {
    const active = [...this.m.listings.values()].filter((l) => l.state === LS.Active && l.quantity > 0n);
    const l = active.length > 0 && this.chance(0.85) ? this.pick(active) : this.m.listings.get(this.listingId());
    const id = l?.id ?? UNKNOWN_ID;
    const buyer =
      l && this.chance(0.93) ? this.pick(TRADERS.filter((k) => k.address !== l.seller)) : this.pick(TRADERS);
    const avail = l?.quantity ?? 1n;
    const q = this.chance(0.9) ? this.between(1n, avail > 2n ? 2n : avail < 1n ? 1n : avail) : avail + 1n;
    let value = l ? (l.price + l.deposit) * q : WEI_PER_CMT;
    if (this.chance(0.08)) value += 1n;
    return [buyer, "market", "order", { id, quantity: q }, [id, q], value];
  }

  private orderCall(): Gen {
    const all = [...this.m.orders.values()];
    const live = all.filter((o) => {
      const s = this.m.deals.get(o.escrowId)?.state ?? -1;
      return s === ES.Open || LIVE.includes(s);
    });
    const o =
      live.length > 0 && this.chance(0.85)
        ? this.pick(live)
        : all.length > 0 && this.chance(0.9)
          ? this.pick(all)
          : null;
    const id = o?.id ?? UNKNOWN_ID;
    const d = o ? this.m.deals.get(o.escrowId) : undefined;
    const fitting: Record<number, string[]> = {
      [ES.Open]: ["acceptOrder", "acceptOrder", "acceptOrder", "declineOrder", "cancelOrder"],
      [ES.Funded]: [
        "shipOrder",
        "shipOrder",
        "confirmDelivery",
        "acceptGoods",
        "refundOrder",
        "disputeOrder",
        "disputeOrder",
      ],
      [ES.Shipped]: [
        "confirmDelivery",
        "confirmDelivery",
        "acceptGoods",
        "refundOrder",
        "disputeOrder",
        "disputeOrder",
      ],
      [ES.Delivered]: ["acceptGoods", "rejectGoods", "rejectGoods", "refundOrder", "disputeOrder"],
    };
    const ALL = [
      "cancelOrder",
      "acceptOrder",
      "declineOrder",
      "shipOrder",
      "confirmDelivery",
      "acceptGoods",
      "rejectGoods",
      "refundOrder",
      "disputeOrder",
    ];
    const fn = d && fitting[d.state] && this.chance(0.8) ? this.pick(fitting[d.state] as string[]) : this.pick(ALL);
    const role: Record<string, Address[]> = o
      ? {
          cancelOrder: [o.buyer],
          acceptOrder: [o.seller],
          declineOrder: [o.seller],
          shipOrder: [o.seller],
          confirmDelivery: [o.buyer, ...(d?.carriers ?? [])],
          acceptGoods: [o.buyer],
          rejectGoods: [o.buyer],
          refundOrder: [o.seller],
          disputeOrder: [o.buyer, o.seller],
        }
      : {};
    const who = role[fn] && this.chance(0.85) ? this.key(this.pick(role[fn] as Address[])) : this.pick(EVERYONE);
    let value = 0n;
    if (fn === "acceptOrder") value = (d?.deposit ?? 0n) + (this.chance(0.08) ? 1n : 0n);
    else if (this.chance(0.02)) value = 1n; // CMT to a non-payable call
    if (fn === "shipOrder") {
      const h = this.chance(0.07) ? (`0x${"00".repeat(32)}` as const) : this.hash();
      return [who, "market", fn, { id, hash: h }, [id, h], value];
    }
    return [who, "market", fn, { id }, [id], value];
  }

  private rate(): Gen {
    const all = [...this.m.orders.values()];
    const done = all.filter((o) => {
      const s = this.m.deals.get(o.escrowId)?.state;
      return s === ES.Released || s === ES.Resolved;
    });
    const o = done.length > 0 && this.chance(0.8) ? this.pick(done) : all.length > 0 ? this.pick(all) : null;
    const id = o?.id ?? UNKNOWN_ID;
    const who = o && this.chance(0.9) ? this.key(this.pick([o.buyer, o.seller])) : this.pick(EVERYONE);
    const score = this.chance(0.9) ? this.int(1, 5) : this.pick([0, 6]);
    const h = this.hash();
    return [who, "market", "rate", { id, score }, [id, score, h], 0n];
  }

  // ------------------------------------------------------------ escrow (direct)

  private openEscrow(now: bigint): Gen {
    const payer = this.pick(TRADERS);
    const payee = this.pick(TRADERS.filter((k) => k !== payer));
    const t: SimEscrowTerms = {
      payee: payee.address,
      amount: BigInt(this.int(1, 300)) * WEI_PER_CMT,
      deposit: this.chance(0.3) ? 0n : BigInt(this.int(1, 50)) * WEI_PER_CMT,
      inspWin: this.between(HOUR, 2n * DAY),
      fundBy: now + this.between(HOUR, 2n * DAY),
      shipWin: this.chance(0.3) ? 0n : this.between(HOUR, 3n * DAY),
      carriers: this.chance(0.5) ? [this.pick(ACTORS.carriers).address] : [],
      fault: null,
    };
    if (this.chance(0.15)) {
      const f = this.pick(["payee", "amount", "inspection", "fundBy", "carrier"]);
      t.fault = f;
      if (f === "payee") t.payee = payer.address;
      if (f === "amount") t.amount = 0n;
      if (f === "inspection") t.inspWin = 0n;
      if (f === "fundBy") {
        t.fundBy = now;
        t.fault = null; // the model judges the deadline itself
      }
      if (f === "carrier") t.carriers = [t.payee];
    }
    const value = t.amount + t.deposit + (this.chance(0.06) ? 1n : 0n);
    const args = [t.payee, t.amount, t.deposit, t.inspWin, t.fundBy, t.shipWin, t.carriers];
    return [payer, "escrow", "open", { terms: t }, args, value];
  }

  private escrowCall(): Gen {
    const deals = [...this.m.deals.values()];
    const direct = deals.filter((d) => d.controller === "" && (d.state === ES.Open || LIVE.includes(d.state)));
    const d = direct.length > 0 && this.chance(0.85) ? this.pick(direct) : deals.length > 0 ? this.pick(deals) : null;
    const id = d?.id ?? UNKNOWN_ID;
    const fitting: Record<number, string[]> = {
      [ES.Open]: ["fund", "acceptEscrow", "fund", "cancel", "decline"],
      [ES.Funded]: ["ship", "ship", "confirmDelivery", "accept", "refund", "dispute"],
      [ES.Shipped]: ["confirmDelivery", "confirmDelivery", "accept", "refund", "dispute"],
      [ES.Delivered]: ["accept", "reject", "reject", "refund", "dispute"],
    };
    const ALL = ["fund", "cancel", "decline", "ship", "confirmDelivery", "accept", "refund", "reject", "dispute"];
    const fn = d && fitting[d.state] && this.chance(0.8) ? this.pick(fitting[d.state] as string[]) : this.pick(ALL);
    const role: Record<string, Address[]> = d
      ? {
          fund: [d.payee],
          acceptEscrow: [d.payee],
          cancel: [d.payer],
          decline: [d.payee],
          ship: [d.payee],
          confirmDelivery: [d.payer, ...d.carriers],
          accept: [d.payer],
          refund: [d.payee],
          reject: [d.payer],
          dispute: [d.payer, d.payee],
        }
      : {};
    const who = role[fn] && this.chance(0.85) ? this.key(this.pick(role[fn] as Address[])) : this.pick(EVERYONE);
    const value = fn === "fund" || fn === "acceptEscrow" ? (d?.deposit ?? 0n) + (this.chance(0.08) ? 1n : 0n) : 0n;
    const args = fn === "ship" ? [id, this.hash()] : [id];
    return [who, "escrow", fn, { id }, args, value];
  }

  // ------------------------------------------------------------ arbitration

  private registry(): Gen {
    const who = this.pick(ARBITER_CANDIDATES);
    const a = this.m.arbiters.get(who.address);
    const p = this.m.p;
    const profile = (): [unknown[], string | null] => {
      if (!this.chance(0.1)) return [[["bikes", "phones"], ["en"], "mailto:arbiter"], null];
      return this.chance(0.5)
        ? [[["bikes"], ["en", "en"], "x"], "duplicate languages"]
        : [[["bikes"], ["en"], "x".repeat(257)], "contact too long"];
    };
    let fn: string;
    if (!a || this.chance(0.05)) fn = "register";
    else {
      const fits =
        a.status === 0
          ? ["addBond", "requestWithdrawal", "updateArbiter", "addBond"]
          : ["withdrawBond", "withdrawBond", "cancelWithdrawal"];
      fn = this.chance(0.85)
        ? this.pick(fits)
        : this.pick(["addBond", "requestWithdrawal", "cancelWithdrawal", "withdrawBond"]);
    }
    if (fn === "register" || fn === "updateArbiter") {
      const [args, profileFault] = profile();
      const value =
        fn === "register"
          ? this.chance(0.9)
            ? p.minBond + BigInt(this.int(0, 200)) * WEI_PER_CMT
            : p.minBond - 1n
          : 0n;
      return [who, "arbitration", fn, { profileFault }, args, value];
    }
    const value = fn === "addBond" ? (this.chance(0.9) ? BigInt(this.int(1, 50)) * WEI_PER_CMT : 0n) : 0n;
    return [who, "arbitration", fn, {}, [], value];
  }

  private caseId(state: number): bigint {
    const all = [...this.m.cases.values()];
    const fit = all.filter((k) => k.state === state);
    if (fit.length > 0 && this.chance(0.85)) return this.pick(fit).id;
    return all.length > 0 && this.chance(0.9) ? this.pick(all).id : UNKNOWN_ID;
  }

  /** Whether some case is in `state` (else an arbitration call mostly gives way to an order call). */
  private hasCase(state: number): boolean {
    return [...this.m.cases.values()].some((k) => k.state === state) || this.chance(0.15);
  }

  private bid(target?: bigint): Gen {
    if (target === undefined && !this.hasCase(CS.Bidding)) return this.orderCall();
    const caseId = target ?? this.caseId(CS.Bidding);
    const k = this.m.cases.get(caseId);
    const who = this.chance(0.9) ? this.pick(ARBITER_CANDIDATES) : this.pick(EVERYONE);
    const deposit = k?.deposit ?? 0n;
    // Round fees often, so equal fees (ties broken by record, then bid order) happen.
    const share = this.chance(0.5) ? this.pick([0n, 50n, 100n]) : BigInt(this.int(0, 100));
    const fee = this.chance(0.92) ? (deposit * share) / 100n : deposit + 1n;
    const period = this.chance(0.93)
      ? this.between(MIN, this.chance(0.5) ? 6n * HOUR : 2n * DAY)
      : this.pick([0n, 2n * DAY + 1n]);
    return [who, "arbitration", "bid", { caseId, fee, period }, [caseId, fee, period], 0n];
  }

  private acceptBid(target?: bigint): Gen {
    if (target === undefined && !this.hasCase(CS.Bidding)) return this.orderCall();
    const caseId = target ?? this.caseId(CS.Bidding);
    const k = this.m.cases.get(caseId);
    const who = k && this.chance(0.9) ? this.key(this.pick([k.payer, k.payee])) : this.pick(EVERYONE);
    let bidId = 1n;
    if (k) {
      const other = who.address === k.payer ? k.payeeAccepted : k.payerAccepted;
      if (other > 0n && this.chance(0.7)) bidId = other;
      else if (k.bids.length > 0 && this.chance(0.9)) bidId = this.pick(k.bids).id;
      else bidId = k.nextBidId + 5n;
    }
    return [who, "arbitration", "acceptBid", { caseId, bidId }, [caseId, bidId], 0n];
  }

  private evidence(): Gen {
    const caseId = this.caseId(this.chance(0.5) ? CS.Bidding : CS.Assigned);
    const k = this.m.cases.get(caseId);
    const who = k && this.chance(0.9) ? this.key(this.pick([k.payer, k.payee])) : this.pick(EVERYONE);
    const uri = this.chance(0.9) ? "ipfs://evidence" : `ipfs://${"e".repeat(510)}`;
    return [who, "arbitration", "submitEvidence", { caseId, uri }, [caseId, this.hash(), uri], 0n];
  }

  private rule(target?: bigint): Gen {
    if (target === undefined && !this.hasCase(CS.Assigned)) return this.orderCall();
    const caseId = target ?? this.caseId(CS.Assigned);
    const k = this.m.cases.get(caseId);
    const who = k && k.state === CS.Assigned && this.chance(0.88) ? this.key(k.arbiter) : this.pick(ARBITER_CANDIDATES);
    const kind = this.chance(0.95) ? this.int(0, 2) : 3;
    let share = kind === 2 ? BigInt(this.int(0, 10_000)) : 0n;
    if (this.chance(0.05)) share = kind === 2 ? 10_001n : 1n;
    return [who, "arbitration", "rule", { caseId, kind, share }, [caseId, kind, share], 0n];
  }
}

/** [sender, module, function, what the model reads, ABI arguments, value]. */
type Gen = [Key, SimModule, string, Record<string, unknown>, readonly unknown[], bigint];
