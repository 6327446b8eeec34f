import { toAddress } from "../../crypto/index.js";
import type { CallContext, CallHandler } from "../../state/index.js";
import type { ArbitratorPort } from "../dispute-port.js";
import type { EscrowBank } from "./deps.js";
import { type EscrowEnv, ownEnv } from "./env.js";
import { controlled, unknownEscrow } from "./errors.js";
import { openEscrow } from "./open.js";
import { type Escrow, readEscrow } from "./state.js";
import * as t from "./transitions.js";

/** Load escrow `id` for a direct call: escrows a module controls move only through that module. */
function load(env: EscrowEnv, id: bigint): Escrow {
  const e = readEscrow(env.store, id);
  if (!e) throw unknownEscrow(id);
  if (e.controller !== "") throw controlled(id, e.controller);
  return e;
}

/** The escrow's calls for EOAs and contracts (everything but `open` takes the escrow id). */
export function escrowCalls(bank: EscrowBank, arbitrator: ArbitratorPort | null): Record<string, CallHandler> {
  /** A call on one escrow: `(env, escrow, sender, ctx, args)`. */
  const on =
    (f: (env: EscrowEnv, e: Escrow, ctx: CallContext, args: readonly unknown[]) => unknown): CallHandler =>
    (ctx, args) => {
      const env = ownEnv(ctx, bank, arbitrator);
      return f(env, load(env, args[0] as bigint), ctx, args);
    };
  const fund = on((env, e, ctx) => t.fund(env, e, ctx.sender, ctx.value));
  return {
    open(ctx, args) {
      const [payee, amount, deposit, inspectionWindowMs, fundBy, shipWindowMs, carriers] = args as [
        string,
        bigint,
        bigint,
        bigint,
        bigint,
        bigint,
        readonly string[],
      ];
      const terms = {
        payee: toAddress(payee),
        amount,
        deposit,
        inspectionWindowMs,
        fundBy,
        shipWindowMs,
        carriers: carriers.map((c) => toAddress(c)),
        category: "",
      };
      return openEscrow(ownEnv(ctx, bank, arbitrator), ctx.sender, terms, ctx.value, "").id;
    },
    fund,
    acceptEscrow: fund,
    cancel: on((env, e, ctx) => t.cancel(env, e, ctx.sender)),
    decline: on((env, e, ctx) => t.decline(env, e, ctx.sender)),
    ship: on((env, e, ctx, args) => t.ship(env, e, ctx.sender, args[1] as `0x${string}`)),
    confirmDelivery: on((env, e, ctx) => {
      t.confirmDelivery(env, e, ctx.sender);
    }),
    accept: on((env, e, ctx) => t.accept(env, e, ctx.sender)),
    refund: on((env, e, ctx) => t.refund(env, e, ctx.sender)),
    reject: on((env, e, ctx) => t.reject(env, e, ctx.sender)),
    dispute: on((env, e, ctx) => t.dispute(env, e, ctx.sender)),
  };
}
