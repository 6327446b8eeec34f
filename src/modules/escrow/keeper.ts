import type { Address } from "../../crypto/index.js";
import type { ModuleContext } from "../../state/index.js";
import { ModuleAddress } from "../addresses.js";
import type { ArbitratorPort } from "../dispute-port.js";
import { settleIfDue } from "./deadlines.js";
import type { EscrowBank } from "./deps.js";
import { type EscrowEnv, foreignEnv } from "./env.js";
import { controlled, unknownEscrow } from "./errors.js";
import { type EscrowTerms, openEscrow } from "./open.js";
import { type Escrow, readEscrow } from "./state.js";
import * as t from "./transitions.js";

/**
 * Escrow for other modules (market): the calling module vouches for the party acting (`actor`,
 * normally its own transaction's sender) and pays in from its own address the CMT it received.
 * The escrow records the module as its `controller`: only that module can move it afterwards,
 * and direct calls on it revert. Runs inside the caller's handler (`ctx` is the caller's); the
 * caller logs its own events (escrow's are not in its ABI).
 */
export class EscrowKeeper {
  constructor(
    private readonly bank: EscrowBank,
    private readonly arbitrator: ArbitratorPort | null,
  ) {}

  private env(ctx: ModuleContext): EscrowEnv {
    return foreignEnv(ctx, this.bank, this.arbitrator);
  }

  private load(env: EscrowEnv, controller: string, id: bigint): Escrow {
    const e = readEscrow(env.store, id);
    if (!e) throw unknownEscrow(id);
    if (e.controller !== controller) throw controlled(id, e.controller);
    return e;
  }

  private pull(env: EscrowEnv, from: Address, amount: bigint): void {
    if (amount > 0n) this.bank.send(env.kv, from, ModuleAddress.escrow, amount);
  }

  /** Open an escrow for `payer`, moving amount + deposit from `from` (the controller's address). */
  open(ctx: ModuleContext, controller: string, from: Address, payer: Address, terms: EscrowTerms): Escrow {
    if (controller === "") throw new Error("escrow: a keeper call needs a controller name");
    const env = this.env(ctx);
    const e = openEscrow(env, payer, terms, terms.amount + terms.deposit, controller);
    this.pull(env, from, terms.amount + terms.deposit);
    return e;
  }

  /** The payee (`actor`) funds; its deposit moves from `from`. */
  fund(ctx: ModuleContext, controller: string, id: bigint, actor: Address, from: Address): void {
    const env = this.env(ctx);
    const e = this.load(env, controller, id);
    t.fund(env, e, actor, e.deposit);
    this.pull(env, from, e.deposit);
  }

  cancel(ctx: ModuleContext, controller: string, id: bigint, actor: Address): void {
    const env = this.env(ctx);
    t.cancel(env, this.load(env, controller, id), actor);
  }

  decline(ctx: ModuleContext, controller: string, id: bigint, actor: Address): void {
    const env = this.env(ctx);
    t.decline(env, this.load(env, controller, id), actor);
  }

  ship(ctx: ModuleContext, controller: string, id: bigint, actor: Address, trackingHash: `0x${string}`): void {
    const env = this.env(ctx);
    t.ship(env, this.load(env, controller, id), actor, trackingHash);
  }

  /** Returns the end of the inspection window. */
  confirmDelivery(ctx: ModuleContext, controller: string, id: bigint, actor: Address): bigint {
    const env = this.env(ctx);
    return t.confirmDelivery(env, this.load(env, controller, id), actor);
  }

  accept(ctx: ModuleContext, controller: string, id: bigint, actor: Address): void {
    const env = this.env(ctx);
    t.accept(env, this.load(env, controller, id), actor);
  }

  refund(ctx: ModuleContext, controller: string, id: bigint, actor: Address): void {
    const env = this.env(ctx);
    t.refund(env, this.load(env, controller, id), actor);
  }

  /** Returns the arbitration case id. */
  reject(ctx: ModuleContext, controller: string, id: bigint, actor: Address): bigint {
    const env = this.env(ctx);
    return t.reject(env, this.load(env, controller, id), actor);
  }

  /** Returns the arbitration case id. */
  dispute(ctx: ModuleContext, controller: string, id: bigint, actor: Address): bigint {
    const env = this.env(ctx);
    return t.dispute(env, this.load(env, controller, id), actor);
  }

  /** Settle the escrow now if its running stage's deadline has passed (as the sweep would). */
  settleIfDue(ctx: ModuleContext, controller: string, id: bigint): void {
    const env = this.env(ctx);
    settleIfDue(env, this.load(env, controller, id));
  }

  /** Read an escrow (null when unknown). */
  get(ctx: ModuleContext, id: bigint): Escrow | null {
    return readEscrow(this.env(ctx).store, id);
  }
}
