// The contract between an arbitrable module (escrow, and any later one) and the arbitration
// module, in the spirit of ERC-792 (Arbitrator / Arbitrable). Both sides depend on this file, never
// on each other; createModules() wires them.
import type { Address } from "../crypto/index.js";
import type { ModuleContext } from "../state/index.js";

/** What an arbiter may rule (numbers are part of the protocol: never renumber). */
export const RulingKind = {
  /** The payer (buyer) wins: the payment returns to it. */
  PayerWins: 0,
  /** The payee (seller) wins: the payment goes to it. */
  PayeeWins: 1,
  /** The payment is split: `payerShareBps` of it to the payer, the rest to the payee. */
  Split: 2,
} as const;
export type RulingKind = (typeof RulingKind)[keyof typeof RulingKind];

/** Basis points in a whole (100 %). */
export const BPS = 10_000n;

/** An arbiter's final ruling. `payerShareBps` is used by `Split` only (0..10 000). */
export interface Ruling {
  kind: RulingKind;
  payerShareBps: bigint;
}

/** A case handed to arbitration by an arbitrable module. */
export interface DisputeRequest {
  /** Module name of the arbitrable (the key arbitration calls back under). */
  arbitrable: string;
  /** The arbitrable's own id of the disputed thing (an escrow id). */
  externalId: bigint;
  payer: Address;
  payee: Address;
  /** The disputed payment (wei). */
  amount: bigint;
  /** Each party's deposit (wei): the most an arbiter's fee may be. */
  deposit: bigint;
  /** Marketplace category, for arbiters' specialisation ("" when none). */
  category: string;
}

/** What an arbitrable module needs of the arbitrator (ERC-792 `createDispute`). */
export interface ArbitratorPort {
  /** Open a case for `req`; returns the arbitration case id. Runs inside the caller's handler. */
  createDispute(ctx: ModuleContext, req: DisputeRequest): bigint;
}

/** What the arbitrator needs of an arbitrable module (ERC-792 `rule`, plus abandonment). */
export interface Arbitrable {
  /**
   * Pay out `externalId` per a final `ruling`; `fee` (≤ deposit) goes to `arbiter` per
   * `rulingPayout`. Runs inside the arbitration module's handler or deadline (ctx is arbitration's).
   */
  rule(ctx: ModuleContext, externalId: bigint, ruling: Ruling, arbiter: Address, fee: bigint): void;
  /** No arbiter could be found: return the payment and each deposit as they were paid. */
  abandon(ctx: ModuleContext, externalId: bigint): void;
}

/** Who gets what from a disputed payment and the two equal deposits. */
export interface Payout {
  toPayer: bigint;
  toPayee: bigint;
  toArbiter: bigint;
}

/**
 * The rule: "the losing party forfeits its deposit": the arbiter's fee is paid from the
 * loser's deposit and the rest of that deposit compensates the winner; the winner's deposit
 * returns. On a split the fee comes half from each deposit (an odd wei from the payer's). The
 * three parts always add up to amount + 2 × deposit.
 */
export function rulingPayout(amount: bigint, deposit: bigint, ruling: Ruling, fee: bigint): Payout {
  if (fee < 0n || fee > deposit) throw new RangeError(`fee ${fee} outside 0..deposit ${deposit}`);
  if (ruling.kind === RulingKind.PayerWins) {
    return { toPayer: amount + deposit + (deposit - fee), toPayee: 0n, toArbiter: fee };
  }
  if (ruling.kind === RulingKind.PayeeWins) {
    return { toPayer: 0n, toPayee: amount + deposit + (deposit - fee), toArbiter: fee };
  }
  if (ruling.kind === RulingKind.Split) {
    if (ruling.payerShareBps < 0n || ruling.payerShareBps > BPS) {
      throw new RangeError(`payer share ${ruling.payerShareBps} outside 0..${BPS} bps`);
    }
    const toPayerPayment = (amount * ruling.payerShareBps) / BPS;
    const payeeFee = fee / 2n;
    const payerFee = fee - payeeFee;
    return {
      toPayer: toPayerPayment + deposit - payerFee,
      toPayee: amount - toPayerPayment + deposit - payeeFee,
      toArbiter: fee,
    };
  }
  throw new RangeError(`unknown ruling kind ${String(ruling.kind)}`);
}
