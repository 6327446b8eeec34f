import { type Address, toAddress } from "../../crypto/index.js";
import type { CallContext } from "../../state/index.js";
import { fundingDeadline } from "./deadlines.js";
import { invalidTerms, wrongValue } from "./errors.js";
import { EscrowState, indexParty, takeId, writeEscrow } from "./state.js";

/** At most this many carriers per escrow: bounds the record and the confirmDelivery check. */
export const MAX_CARRIERS = 8;
const ZERO = "0x0000000000000000000000000000000000000000";

/** `open(payee, amount, deposit, inspectionWindowMs, deliveryDeadline, carriers)`, paying amount + deposit. */
export function openEscrow(ctx: CallContext, args: readonly unknown[]): bigint {
  const [payeeArg, amount, deposit, inspectionWindowMs, deliveryDeadline, carrierArgs] = args as [
    string,
    bigint,
    bigint,
    bigint,
    bigint,
    readonly string[],
  ];
  const payee = toAddress(payeeArg);
  const carriers = carrierArgs.map((c) => toAddress(c));
  if (payee === ZERO) throw invalidTerms("payee is the zero address");
  if (payee === ctx.sender) throw invalidTerms("payer and payee must differ");
  if (amount === 0n) throw invalidTerms("amount must be positive");
  if (inspectionWindowMs === 0n) throw invalidTerms("inspection window must be positive");
  if (deliveryDeadline <= ctx.block.time) throw invalidTerms("delivery deadline must be in the future");
  if (carriers.length > MAX_CARRIERS) throw invalidTerms(`at most ${MAX_CARRIERS} carriers`);
  if (new Set<Address>(carriers).size !== carriers.length) throw invalidTerms("duplicate carrier");
  if (carriers.some((c) => c === ZERO || c === payee)) throw invalidTerms("a carrier cannot be the payee or zero");
  if (ctx.value !== amount + deposit) throw wrongValue(amount + deposit, ctx.value);
  const id = takeId(ctx.store);
  writeEscrow(ctx.store, {
    id,
    payer: ctx.sender,
    payee,
    amount,
    deposit,
    inspectionWindowMs,
    deliveryDeadline,
    carriers,
    state: EscrowState.Open,
    openedAt: ctx.block.time,
    inspectionEnds: 0n,
  });
  indexParty(ctx.store, ctx.sender, id);
  indexParty(ctx.store, payee, id);
  ctx.deadlines.schedule(deliveryDeadline, fundingDeadline(id));
  ctx.emit("Opened", { id, payer: ctx.sender, payee, amount, deposit, deliveryDeadline });
  return id;
}
