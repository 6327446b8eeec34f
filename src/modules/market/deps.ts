import type { Address } from "../../crypto/index.js";
import type { ModuleContext } from "../../state/index.js";

/** The escrow terms market proposes for an order. */
export interface OrderEscrowTerms {
  payee: Address;
  amount: bigint;
  deposit: bigint;
  inspectionWindowMs: bigint;
  fundBy: bigint;
  shipWindowMs: bigint;
  carriers: Address[];
  category: string;
}

/** The part of an escrow market reads (order state is the escrow's state). */
export interface OrderEscrow {
  id: bigint;
  state: number;
  fundBy: bigint;
  shipBy: bigint;
  inspectionEnds: bigint;
  trackingHash: `0x${string}`;
  caseId: bigint;
  carriers: Address[];
}

/**
 * What market needs of escrow (Cosmos's "expected keeper"; EscrowKeeper implements it). Market is
 * the escrow's controller: it vouches for the acting party and pays in from its own address.
 */
export interface MarketEscrow {
  open(ctx: ModuleContext, controller: string, from: Address, payer: Address, terms: OrderEscrowTerms): { id: bigint };
  fund(ctx: ModuleContext, controller: string, id: bigint, actor: Address, from: Address): void;
  cancel(ctx: ModuleContext, controller: string, id: bigint, actor: Address): void;
  decline(ctx: ModuleContext, controller: string, id: bigint, actor: Address): void;
  ship(ctx: ModuleContext, controller: string, id: bigint, actor: Address, trackingHash: `0x${string}`): void;
  confirmDelivery(ctx: ModuleContext, controller: string, id: bigint, actor: Address): bigint;
  accept(ctx: ModuleContext, controller: string, id: bigint, actor: Address): void;
  refund(ctx: ModuleContext, controller: string, id: bigint, actor: Address): void;
  reject(ctx: ModuleContext, controller: string, id: bigint, actor: Address): bigint;
  dispute(ctx: ModuleContext, controller: string, id: bigint, actor: Address): bigint;
  settleIfDue(ctx: ModuleContext, controller: string, id: bigint): void;
  get(ctx: ModuleContext, id: bigint): OrderEscrow | null;
}
