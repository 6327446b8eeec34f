import type { CallHandler } from "../../state/index.js";
import { BPS, type Ruling, RulingKind, rulingPayout } from "../dispute-port.js";
import { deadlineItem, RULING } from "./deadlines.js";
import type { ArbitrableLookup } from "./deps.js";
import { ArbitrationErrorCode, refuse, unknownCase, wrongCaller, wrongState } from "./errors.js";
import { bumpStats, readArbiter, writeArbiter } from "./state/arbiters.js";
import { CaseState, caseStateName, readCase, writeCase } from "./state/cases.js";

const KINDS = new Set<number>(Object.values(RulingKind));

/**
 * `rule(caseId, ruling, payerShareBps)` by the assigned arbiter before its deadline: final; the
 * arbitrable pays out (fee from the loser's deposit, `rulingPayout`).
 */
export function ruleCall(arbitrables: ArbitrableLookup): CallHandler {
  return (ctx, args) => {
    const [caseId, kind, payerShareBps] = args as [bigint, number, bigint];
    const c = readCase(ctx.store, caseId);
    if (!c) throw unknownCase(caseId);
    if (c.state !== CaseState.Assigned) throw wrongState("rule on", caseStateName(c.state));
    if (ctx.sender !== c.arbiter) throw wrongCaller("rule", `the assigned arbiter ${c.arbiter}`);
    if (ctx.block.time >= c.rulingDeadline) {
      throw refuse(ArbitrationErrorCode.DeadlinePassed, `the ruling deadline of case ${c.id} has passed`);
    }
    if (!KINDS.has(kind)) throw refuse(ArbitrationErrorCode.InvalidRuling, `unknown ruling ${kind}`);
    if (kind === RulingKind.Split && payerShareBps > BPS) {
      throw refuse(ArbitrationErrorCode.InvalidRuling, `the payer's share is at most ${BPS} bps, not ${payerShareBps}`);
    }
    if (kind !== RulingKind.Split && payerShareBps !== 0n) {
      throw refuse(ArbitrationErrorCode.InvalidRuling, "a payer's share goes with a split ruling only; pass 0");
    }
    const ruling: Ruling = { kind: kind as RulingKind, payerShareBps };
    const arbitrable = arbitrables.get(c.arbitrable);
    if (!arbitrable) throw new Error(`arbitration: arbitrable ${c.arbitrable} is not wired`);
    const arbiter = readArbiter(ctx.store, c.arbiter);
    if (!arbiter) throw new Error(`arbitration: assigned arbiter ${c.arbiter} has no registration`);
    writeCase(ctx.store, { ...c, state: CaseState.Ruled, ruling: ruling.kind, payerShareBps });
    writeArbiter(ctx.store, { ...arbiter, openCases: arbiter.openCases - 1n });
    bumpStats(ctx.store, c.arbiter, { rulings: 1n });
    ctx.deadlines.cancel(c.rulingDeadline, deadlineItem(RULING, c.id, c.round));
    arbitrable.rule(ctx, c.externalId, ruling, c.arbiter, c.fee);
    const payout = rulingPayout(c.amount, c.deposit, ruling, c.fee);
    ctx.emit("Ruling", {
      caseId: c.id,
      arbiter: c.arbiter,
      ruling: ruling.kind,
      payerShareBps,
      fee: c.fee,
      toPayer: payout.toPayer,
      toPayee: payout.toPayee,
    });
  };
}
