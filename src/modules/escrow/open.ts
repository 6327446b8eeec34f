import { type Address, ZERO_ADDRESS } from "../../crypto/index.js";
import { fundingDeadline } from "./deadlines.js";
import type { EscrowEnv } from "./env.js";
import { invalidTerms, wrongValue } from "./errors.js";
import { type Escrow, EscrowState, indexParty, takeId, writeEscrow, ZERO_HASH } from "./state.js";

/** At most this many carriers per escrow: bounds the record and the confirmDelivery check. */
export const MAX_CARRIERS = 8;
/** Longest window or wait an escrow accepts (365 days): funds cannot be locked open-endedly. */
export const MAX_WINDOW_MS = 365n * 86_400_000n;
/** Longest category (bytes); it is handed to arbitration for arbiters' specialisation. */
export const MAX_CATEGORY = 32;

/** What a payer (or a module on its behalf) proposes. */
export interface EscrowTerms {
  payee: Address;
  amount: bigint;
  deposit: bigint;
  inspectionWindowMs: bigint;
  /** Block time (ms) by which the payee must post its deposit. */
  fundBy: bigint;
  /** Time the payee has to ship once funded; 0 = no shipping step. */
  shipWindowMs: bigint;
  carriers: Address[];
  category: string;
}

/** Refuse terms no escrow can hold (revert reasons in README.md). */
export function checkTerms(env: EscrowEnv, payer: Address, t: EscrowTerms): void {
  const now = env.block.time;
  if (t.payee === ZERO_ADDRESS) throw invalidTerms("payee is the zero address");
  if (t.payee === payer) throw invalidTerms("payer and payee must differ");
  if (t.amount <= 0n) throw invalidTerms("amount must be positive");
  if (t.deposit < 0n) throw invalidTerms("deposit must not be negative");
  if (t.inspectionWindowMs <= 0n || t.inspectionWindowMs > MAX_WINDOW_MS) {
    throw invalidTerms("inspection window must be between 1 ms and 365 days");
  }
  if (t.shipWindowMs < 0n || t.shipWindowMs > MAX_WINDOW_MS) {
    throw invalidTerms("shipping window must be at most 365 days");
  }
  if (t.fundBy <= now) throw invalidTerms("funding deadline must be in the future");
  if (t.fundBy > now + MAX_WINDOW_MS) throw invalidTerms("funding deadline must be within 365 days");
  if (t.carriers.length > MAX_CARRIERS) throw invalidTerms(`at most ${MAX_CARRIERS} carriers`);
  if (new Set<Address>(t.carriers).size !== t.carriers.length) throw invalidTerms("duplicate carrier");
  if (t.carriers.some((c) => c === ZERO_ADDRESS || c === t.payee))
    throw invalidTerms("a carrier cannot be the payee or zero");
  if (new TextEncoder().encode(t.category).length > MAX_CATEGORY) {
    throw invalidTerms(`category is at most ${MAX_CATEGORY} bytes`);
  }
}

/**
 * Open an escrow: `paid` (already at the escrow address, or about to be moved there by the
 * keeper) must be exactly amount + deposit. `controller` is "" for an EOA.
 */
export function openEscrow(env: EscrowEnv, payer: Address, t: EscrowTerms, paid: bigint, controller: string): Escrow {
  checkTerms(env, payer, t);
  if (paid !== t.amount + t.deposit) throw wrongValue(t.amount + t.deposit, paid);
  const e: Escrow = {
    id: takeId(env.store),
    payer,
    payee: t.payee,
    amount: t.amount,
    deposit: t.deposit,
    inspectionWindowMs: t.inspectionWindowMs,
    fundBy: t.fundBy,
    shipWindowMs: t.shipWindowMs,
    shipBy: 0n,
    carriers: t.carriers,
    state: EscrowState.Open,
    openedAt: env.block.time,
    inspectionEnds: 0n,
    trackingHash: ZERO_HASH,
    controller,
    caseId: 0n,
    category: t.category,
  };
  writeEscrow(env.store, e);
  indexParty(env.store, payer, e.id);
  indexParty(env.store, t.payee, e.id);
  env.deadlines.schedule(t.fundBy, fundingDeadline(e.id));
  env.emit("Opened", { id: e.id, payer, payee: t.payee, amount: t.amount, deposit: t.deposit, fundBy: t.fundBy });
  return e;
}
