import { ZERO_ADDRESS } from "../../crypto/index.js";
import { DeadlineQueue, MeteredKv, type ModuleContext, ModuleStore } from "../../state/index.js";
import type { ArbitratorPort, DisputeRequest } from "../dispute-port.js";
import type { ArbitrableLookup } from "./deps.js";
import { ArbitrationErrorCode, refuse } from "./errors.js";
import { readParams } from "./params.js";
import { MAX_TAG_BYTES } from "./profile.js";
import { startWindow } from "./rounds.js";
import { caseOfExternal, indexExternal, newCase, takeCaseId } from "./state/cases.js";

/** The arbitration module's store and deadline queue, opened from another module's context. */
export function arbitrationStore(ctx: ModuleContext): { store: ModuleStore; deadlines: DeadlineQueue } {
  if (!(ctx.kv instanceof MeteredKv)) throw new Error("arbitration: needs a module context");
  const store = new ModuleStore(ctx.kv, "arbitration");
  return { store, deadlines: new DeadlineQueue(store) };
}

/** Refuse a dispute request (reverts the arbitrable's call with the reason). */
function invalid(reason: string): never {
  throw refuse(ArbitrationErrorCode.InvalidDispute, reason);
}

/**
 * The arbitrator port arbitrable modules call (ERC-792 `createDispute`): opens a case and its
 * bidding window. It runs inside the arbitrable's call, so it logs nothing (the framework logs
 * through the running module's ABI): the arbitrable logs the returned case id.
 */
export class ArbitrationKeeper implements ArbitratorPort {
  constructor(private readonly arbitrables: ArbitrableLookup) {}

  createDispute(ctx: ModuleContext, req: DisputeRequest): bigint {
    if (!this.arbitrables.get(req.arbitrable)) invalid(`${req.arbitrable} is not an arbitrable module`);
    if (req.payer === ZERO_ADDRESS || req.payee === ZERO_ADDRESS)
      invalid("payer and payee must not be the zero address");
    if (req.payer === req.payee) invalid("payer and payee must differ");
    if (req.amount < 0n || req.deposit < 0n) invalid("amount and deposit cannot be negative");
    if (req.externalId < 0n || req.externalId >= 1n << 256n) invalid("the external id must fit 256 bits");
    if (new TextEncoder().encode(req.category).length > MAX_TAG_BYTES) {
      invalid(`the category is at most ${MAX_TAG_BYTES} bytes`);
    }
    const { store, deadlines } = arbitrationStore(ctx);
    if (caseOfExternal(store, req.arbitrable, req.externalId) !== 0n) {
      invalid(`${req.arbitrable} ${req.externalId} already has a case`);
    }
    const c = newCase({
      id: takeCaseId(store),
      arbitrable: req.arbitrable,
      externalId: req.externalId,
      payer: req.payer,
      payee: req.payee,
      amount: req.amount,
      deposit: req.deposit,
      category: req.category,
      windowEnds: 0n,
      createdAt: ctx.block.time,
    });
    indexExternal(store, c);
    startWindow({ ...ctx, store, deadlines }, c, readParams(store));
    return c.id;
  }
}
