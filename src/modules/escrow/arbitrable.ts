import type { Address } from "../../crypto/index.js";
import type { ModuleContext } from "../../state/index.js";
import { type Arbitrable, BPS, type Ruling, RulingKind, rulingPayout } from "../dispute-port.js";
import type { EscrowBank } from "./deps.js";
import { type EscrowEnv, foreignEnv, pay } from "./env.js";
import { invalidFee, unknownEscrow, unknownRuling, wrongState } from "./errors.js";
import { type Escrow, EscrowState, readEscrow, stateName } from "./state.js";
import { settle } from "./transitions.js";

function disputed(env: EscrowEnv, id: bigint, action: string): Escrow {
  const e = readEscrow(env.store, id);
  if (!e) throw unknownEscrow(id);
  if (e.state !== EscrowState.Disputed) throw wrongState(action, stateName(e.state));
  return e;
}

/**
 * Escrow's side of the dispute port (ERC-792 `rule`): the arbitration module calls it from its own
 * handler or deadline. Escrow logs nothing here (the running module is arbitration, whose ABI has
 * no escrow events): the outcome is read with `getEscrow` (state Resolved / Abandoned) and in
 * arbitration's own ruling event.
 */
export function escrowArbitrable(bank: EscrowBank): Arbitrable {
  return {
    /** "The losing party forfeits its deposit": pay out per `rulingPayout` (dispute-port.ts). */
    rule(ctx: ModuleContext, id: bigint, ruling: Ruling, arbiter: Address, fee: bigint): void {
      const env = foreignEnv(ctx, bank, null);
      const e = disputed(env, id, "rule on");
      const kind = ruling.kind as number;
      if (kind !== RulingKind.PayerWins && kind !== RulingKind.PayeeWins && kind !== RulingKind.Split) {
        throw unknownRuling(kind);
      }
      if (kind === RulingKind.Split && (ruling.payerShareBps < 0n || ruling.payerShareBps > BPS)) {
        throw unknownRuling(kind);
      }
      if (fee < 0n || fee > e.deposit) throw invalidFee(fee, e.deposit);
      const p = rulingPayout(e.amount, e.deposit, ruling, fee);
      settle(env, e, EscrowState.Resolved, p.toPayer, p.toPayee);
      pay(env, arbiter, p.toArbiter);
    },
    /** No arbiter was found: payment and each deposit return as they were paid. */
    abandon(ctx: ModuleContext, id: bigint): void {
      const env = foreignEnv(ctx, bank, null);
      const e = disputed(env, id, "abandon");
      settle(env, e, EscrowState.Abandoned, e.amount + e.deposit, e.deposit);
    },
  };
}
