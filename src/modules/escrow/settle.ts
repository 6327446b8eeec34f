import type { Address } from "../../crypto/index.js";
import type { ModuleContext } from "../../state/index.js";
import { ModuleAddress } from "../addresses.js";
import type { EscrowBank } from "./deps.js";
import { unknownRuling, wrongState } from "./errors.js";
import { type Escrow, EscrowState, stateName, writeEscrow } from "./state.js";

/** An arbiter's ruling on a disputed escrow (numbers are part of the protocol). */
export const Ruling = {
  /** Payer gets the payment and its deposit back; the payee's deposit goes to the arbiter. */
  BuyerWins: 0,
  /** Payee gets the payment and its deposit back; the payer's deposit goes to the arbiter. */
  SellerWins: 1,
  /** Payment split in half (odd wei to the payer); each deposit back to its owner. */
  Split: 2,
} as const;
export type Ruling = (typeof Ruling)[keyof typeof Ruling];

function pay(ctx: ModuleContext, bank: EscrowBank, to: Address, amount: bigint): void {
  if (amount > 0n) bank.send(ctx.kv, ModuleAddress.escrow, to, amount);
}

/** Close an escrow in `state`, paying each party what it gets. */
export function settle(
  ctx: ModuleContext,
  bank: EscrowBank,
  e: Escrow,
  state: EscrowState,
  toPayer: bigint,
  toPayee: bigint,
): void {
  writeEscrow(ctx.store, { ...e, state });
  pay(ctx, bank, e.payer, toPayer);
  pay(ctx, bank, e.payee, toPayee);
}

/** Release: the payment to the payee, each deposit back to its owner. */
export function releaseEscrow(ctx: ModuleContext, bank: EscrowBank, e: Escrow): void {
  settle(ctx, bank, e, EscrowState.Released, e.deposit, e.amount + e.deposit);
  ctx.emit("Released", { id: e.id, payee: e.payee });
}

/**
 * Keeper for the arbitration module: pay out a disputed escrow per `ruling`. The loser forfeits
 * its deposit to the arbiter ("the losing party would forfeit their deposited CMT to the arbiter"
 * — white paper, community-based conflict resolution).
 */
export function resolve(ctx: ModuleContext, bank: EscrowBank, e: Escrow, ruling: Ruling, arbiter: Address): void {
  if (e.state !== EscrowState.Disputed) throw wrongState("resolve", stateName(e.state));
  let toPayer: bigint;
  let toPayee: bigint;
  let toArbiter = 0n;
  if (ruling === Ruling.BuyerWins) {
    toPayer = e.amount + e.deposit;
    toPayee = 0n;
    toArbiter = e.deposit;
  } else if (ruling === Ruling.SellerWins) {
    toPayer = 0n;
    toPayee = e.amount + e.deposit;
    toArbiter = e.deposit;
  } else if (ruling === Ruling.Split) {
    const half = e.amount / 2n;
    toPayer = e.amount - half + e.deposit;
    toPayee = half + e.deposit;
  } else {
    throw unknownRuling(ruling as number);
  }
  settle(ctx, bank, e, EscrowState.Resolved, toPayer, toPayee);
  pay(ctx, bank, arbiter, toArbiter);
  ctx.emit("Resolved", { id: e.id, ruling, toPayer, toPayee, toArbiter });
}
