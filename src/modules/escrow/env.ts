import type { Address } from "../../crypto/index.js";
import {
  type BlockInfo,
  DeadlineQueue,
  type KvWrite,
  MeteredKv,
  type ModuleContext,
  ModuleStore,
} from "../../state/index.js";
import { ModuleAddress } from "../addresses.js";
import type { ArbitratorPort } from "../dispute-port.js";
import type { EscrowBank } from "./deps.js";

/**
 * Where escrow code runs: escrow's own store and deadline queue, the bank, the arbitrator, and
 * the running module's context (escrow's for its own calls, the controller's or arbitration's
 * when they drive an escrow through a keeper).
 */
export interface EscrowEnv {
  readonly block: BlockInfo;
  readonly store: ModuleStore;
  readonly kv: KvWrite;
  readonly deadlines: DeadlineQueue;
  /** Escrow's ABI events; a no-op when another module runs (its ABI has no escrow events). */
  emit(eventName: string, args: Record<string, unknown>): void;
  readonly bank: EscrowBank;
  readonly arbitrator: ArbitratorPort | null;
  /** The running module's context, handed to the arbitrator. */
  readonly ctx: ModuleContext;
}

/** Env for escrow's own handlers and deadlines. */
export function ownEnv(ctx: ModuleContext, bank: EscrowBank, arbitrator: ArbitratorPort | null): EscrowEnv {
  return { ...ctx, bank, arbitrator, ctx };
}

/**
 * Env for another module's handler (market through `EscrowKeeper`, arbitration through
 * `escrowArbitrable`): escrow's store is opened on the caller's metered state, so gas is charged
 * to the caller's transaction and a revert rolls everything back together.
 */
export function foreignEnv(ctx: ModuleContext, bank: EscrowBank, arbitrator: ArbitratorPort | null): EscrowEnv {
  if (!(ctx.kv instanceof MeteredKv)) throw new Error("escrow: a keeper needs a module context");
  const store = new ModuleStore(ctx.kv, "escrow");
  return {
    block: ctx.block,
    store,
    kv: ctx.kv,
    deadlines: new DeadlineQueue(store),
    emit() {},
    bank,
    arbitrator,
    ctx,
  };
}

/** Pay `amount` out of the escrow's holdings. */
export function pay(env: EscrowEnv, to: Address, amount: bigint): void {
  if (amount > 0n) env.bank.send(env.kv, ModuleAddress.escrow, to, amount);
}
