import { concatBytes } from "../../lib/index.js";
import type { CallContext, CallHandler, ModuleContext } from "../../state/index.js";
import { readU64, u64Key } from "../../store/codec.js";
import { EscrowState } from "../escrow/index.js";
import type { MarketEscrow, OrderEscrow } from "./deps.js";
import {
  deadlinePassed,
  invalidOrder,
  orderInState,
  unknownListing,
  unknownOrder,
  wrongCaller,
  wrongState,
  wrongValue,
} from "./errors.js";
import { IX, indexByAddress } from "./indexes.js";
import { readMarketParams } from "./params.js";
import {
  K,
  ListingState,
  listingStateName,
  type Order,
  readListing,
  readOrder,
  takeId,
  writeListing,
  writeOrder,
} from "./state.js";

/** Market's name as the escrows' controller. */
export const CONTROLLER = "market";
const S = EscrowState;
const ZERO_HASH = `0x${"00".repeat(32)}`;

/** Name of an order state (= its escrow's state) in revert reasons and the README. */
export function orderStateName(state: number): string {
  const names: Record<number, string> = {
    [S.Open]: "placed",
    [S.Funded]: "accepted",
    [S.Shipped]: "shipped",
    [S.Delivered]: "delivered",
    [S.Released]: "completed",
    [S.Refunded]: "refunded",
    [S.Cancelled]: "cancelled",
    [S.Declined]: "declined",
    [S.Disputed]: "disputed",
    [S.Resolved]: "ruled",
    [S.Expired]: "expired",
    [S.Lapsed]: "lapsed",
    [S.Abandoned]: "abandoned",
  };
  return names[state] ?? "unknown";
}

/**
 * Market's deadline items (kind ‖ order id; the kinds are part of the state layout): the seller's
 * time to accept ends, the shipping deadline passes, the inspection window ends. Each settles the
 * escrow if its own sweep has not yet and logs the order's outcome under the market's address.
 */
const ACCEPT_DEADLINE = 1;
const SHIP_DEADLINE = 2;
const INSPECTION_DEADLINE = 3;
const deadlineItem = (kind: number, orderId: bigint) => concatBytes(Uint8Array.of(kind), u64Key(orderId));
const acceptDeadline = (orderId: bigint) => deadlineItem(ACCEPT_DEADLINE, orderId);
const shipDeadline = (orderId: bigint) => deadlineItem(SHIP_DEADLINE, orderId);
const inspectionDeadline = (orderId: bigint) => deadlineItem(INSPECTION_DEADLINE, orderId);

type Who = "buyer" | "seller" | "carrier";

/** Give an order's quantity back to its listing, once. */
function restore(ctx: ModuleContext, o: Order): void {
  if (o.restored) return;
  const l = readListing(ctx.store, o.listingId);
  if (l) writeListing(ctx.store, { ...l, quantity: l.quantity + o.quantity });
  writeOrder(ctx.store, { ...o, restored: true });
}

/** Order calls; `escrow` holds the money; the acceptance window is a parameter in state. */
export function orderCalls(escrow: MarketEscrow): Record<string, CallHandler> {
  /** Load order `id` and its escrow; check the caller's role, the state and the stage's deadline. */
  function load(ctx: CallContext, id: bigint, action: string, who: Who[], states: number[]) {
    const o = readOrder(ctx.store, id);
    if (!o) throw unknownOrder(id);
    const e = escrow.get(ctx, o.escrowId) as OrderEscrow;
    const is: Record<Who, boolean> = {
      buyer: ctx.sender === o.buyer,
      seller: ctx.sender === o.seller,
      carrier: e.carriers.includes(ctx.sender),
    };
    if (!who.some((w) => is[w])) {
      throw wrongCaller(who.map((w) => (w === "carrier" ? "an accepted carrier" : `the ${w}`)).join(" or "), action);
    }
    if (!states.includes(e.state)) throw orderInState(action, orderStateName(e.state));
    const now = ctx.block.time;
    if (e.state === S.Open && now >= e.fundBy) throw deadlinePassed("seller's time to accept");
    if (e.state === S.Funded && e.shipBy > 0n && now >= e.shipBy) throw deadlinePassed("shipping deadline");
    if (e.state === S.Delivered && now >= e.inspectionEnds) throw deadlinePassed("inspection window");
    return { o, e };
  }
  const LIVE = [S.Funded, S.Shipped, S.Delivered];

  return {
    order(ctx, [listingId, quantity]) {
      const l = readListing(ctx.store, listingId as bigint);
      if (!l) throw unknownListing(listingId as bigint);
      if (l.state !== ListingState.Active) throw wrongState("order from", "a listing", listingStateName(l.state));
      if (ctx.sender === l.seller) throw invalidOrder("a seller cannot order from its own listing");
      const qty = quantity as bigint;
      if (qty < 1n || qty > l.quantity) throw invalidOrder(`quantity must be between 1 and ${l.quantity}`);
      const amount = l.price * qty;
      const deposit = l.deposit * qty;
      if (ctx.value !== amount + deposit) throw wrongValue(amount + deposit, ctx.value);
      const fundBy = ctx.block.time + readMarketParams(ctx.store).acceptWindowMs;
      const { id: escrowId } = escrow.open(ctx, CONTROLLER, ctx.self, ctx.sender, {
        payee: l.seller,
        amount,
        deposit,
        inspectionWindowMs: l.inspectionWindowMs,
        fundBy,
        shipWindowMs: l.shippingWindowMs,
        carriers: l.carriers,
        category: l.category,
      });
      writeListing(ctx.store, { ...l, quantity: l.quantity - qty });
      const id = takeId(ctx.store, K.nextOrder);
      const o: Order = {
        id,
        listingId: l.id,
        buyer: ctx.sender,
        seller: l.seller,
        quantity: qty,
        unitPrice: l.price,
        unitDeposit: l.deposit,
        escrowId,
        placedAt: ctx.block.time,
        restored: false,
      };
      writeOrder(ctx.store, o);
      indexByAddress(ctx.store, IX.ordersByBuyer, o.buyer, id);
      indexByAddress(ctx.store, IX.ordersBySeller, o.seller, id);
      ctx.deadlines.schedule(fundBy, acceptDeadline(id));
      ctx.emit("OrderPlaced", {
        orderId: id,
        listingId: l.id,
        buyer: o.buyer,
        quantity: qty,
        amount,
        deposit,
        escrowId,
      });
      return id;
    },
    cancelOrder(ctx, [id]) {
      const { o, e } = load(ctx, id as bigint, "cancel the order", ["buyer"], [S.Open]);
      escrow.cancel(ctx, CONTROLLER, o.escrowId, ctx.sender);
      ctx.deadlines.cancel(e.fundBy, acceptDeadline(o.id));
      restore(ctx, o);
      ctx.emit("OrderCancelled", { orderId: o.id });
    },
    acceptOrder(ctx, [id]) {
      const { o, e } = load(ctx, id as bigint, "accept the order", ["seller"], [S.Open]);
      const deposit = o.unitDeposit * o.quantity;
      if (ctx.value !== deposit) throw wrongValue(deposit, ctx.value);
      escrow.fund(ctx, CONTROLLER, o.escrowId, ctx.sender, ctx.self);
      ctx.deadlines.cancel(e.fundBy, acceptDeadline(o.id));
      const { shipBy } = escrow.get(ctx, o.escrowId) as OrderEscrow;
      // Left in place when the order moves on: it logs only a lapse, which nothing else causes.
      if (shipBy > 0n) ctx.deadlines.schedule(shipBy, shipDeadline(o.id));
      ctx.emit("OrderAccepted", { orderId: o.id, shipBy });
    },
    declineOrder(ctx, [id]) {
      const { o, e } = load(ctx, id as bigint, "decline the order", ["seller"], [S.Open]);
      escrow.decline(ctx, CONTROLLER, o.escrowId, ctx.sender);
      ctx.deadlines.cancel(e.fundBy, acceptDeadline(o.id));
      restore(ctx, o);
      ctx.emit("OrderDeclined", { orderId: o.id });
    },
    shipOrder(ctx, [id, trackingHash]) {
      const { o } = load(ctx, id as bigint, "ship the order", ["seller"], [S.Funded]);
      if (trackingHash === ZERO_HASH) throw invalidOrder("tracking hash must not be zero");
      escrow.ship(ctx, CONTROLLER, o.escrowId, ctx.sender, trackingHash as `0x${string}`);
      ctx.emit("OrderShipped", { orderId: o.id, trackingHash });
    },
    confirmDelivery(ctx, [id]) {
      const { o } = load(ctx, id as bigint, "confirm delivery", ["buyer", "carrier"], [S.Funded, S.Shipped]);
      const inspectionEnds = escrow.confirmDelivery(ctx, CONTROLLER, o.escrowId, ctx.sender);
      ctx.deadlines.schedule(inspectionEnds, inspectionDeadline(o.id));
      ctx.emit("DeliveryConfirmed", { orderId: o.id, by: ctx.sender, inspectionEnds });
    },
    acceptGoods(ctx, [id]) {
      const { o, e } = load(ctx, id as bigint, "accept the goods", ["buyer"], LIVE);
      escrow.accept(ctx, CONTROLLER, o.escrowId, ctx.sender);
      // Completed now: the end of the inspection window must not log it again.
      if (e.state === S.Delivered) ctx.deadlines.cancel(e.inspectionEnds, inspectionDeadline(o.id));
      ctx.emit("OrderCompleted", { orderId: o.id });
    },
    rejectGoods(ctx, [id]) {
      const { o } = load(ctx, id as bigint, "reject the goods", ["buyer"], [S.Delivered]);
      const caseId = escrow.reject(ctx, CONTROLLER, o.escrowId, ctx.sender);
      ctx.emit("OrderDisputed", { orderId: o.id, by: ctx.sender, caseId });
      return caseId;
    },
    refundOrder(ctx, [id]) {
      const { o, e } = load(ctx, id as bigint, "refund the order", ["seller"], LIVE);
      escrow.refund(ctx, CONTROLLER, o.escrowId, ctx.sender);
      // Not shipped yet: the goods are still the seller's to sell.
      if (e.state === S.Funded) restore(ctx, o);
      ctx.emit("OrderRefunded", { orderId: o.id });
    },
    disputeOrder(ctx, [id]) {
      const { o } = load(ctx, id as bigint, "dispute the order", ["buyer", "seller"], LIVE);
      const caseId = escrow.dispute(ctx, CONTROLLER, o.escrowId, ctx.sender);
      ctx.emit("OrderDisputed", { orderId: o.id, by: ctx.sender, caseId });
      return caseId;
    },
  };
}

/**
 * One of an order's deadlines passed: settle the escrow if its own sweep has not yet (module order
 * does not matter) and log what the deadline decided — `OrderExpired` (the seller never accepted;
 * the quantity goes back to the listing), `OrderLapsed` (accepted, never shipped) or
 * `OrderCompleted` (the inspection window ended without a rejection). An order that had moved on
 * logs nothing here.
 */
export function onMarketDeadline(ctx: ModuleContext, escrow: MarketEscrow, raw: Uint8Array): void {
  const o = readOrder(ctx.store, readU64(raw, 1));
  if (!o) return;
  escrow.settleIfDue(ctx, CONTROLLER, o.escrowId);
  const state = escrow.get(ctx, o.escrowId)?.state;
  if (raw[0] === ACCEPT_DEADLINE && state === S.Expired) {
    restore(ctx, o);
    ctx.emit("OrderExpired", { orderId: o.id });
  } else if (raw[0] === SHIP_DEADLINE && state === S.Lapsed) ctx.emit("OrderLapsed", { orderId: o.id });
  else if (raw[0] === INSPECTION_DEADLINE && state === S.Released) ctx.emit("OrderCompleted", { orderId: o.id });
}
