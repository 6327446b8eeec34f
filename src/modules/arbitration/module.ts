import type { AbiEvent } from "viem";
import type { ModuleDescriptor } from "../../state/index.js";
import { ModuleAddress } from "../addresses.js";
import { arbitrationAbi } from "./abi.js";
import { biddingCalls } from "./bidding.js";
import { parseItem, RULING, WINDOW } from "./deadlines.js";
import type { ArbitrableLookup, ArbitrationBank } from "./deps.js";
import { paramsFromGenesis, validateParams, writeParams } from "./params.js";
import { arbitrationQueries } from "./queries.js";
import { registryCalls } from "./registry.js";
import { closeWindow, missDeadline } from "./rounds.js";
import { ruleCall } from "./ruling.js";

/** Construction options of the arbitration module. */
export interface ArbitrationOptions {
  /**
   * Events the arbitrables emit from `rule`/`abandon`: those run in arbitration's context, and the
   * framework logs only through the running module's ABI, so their events join this module's ABI.
   */
  arbitrableEvents?: readonly AbiEvent[];
}

/**
 * The arbitration module: an arbiter registry with bonds, and dispute cases decided by bidding
 * arbiters (white paper §4, community-based conflict resolution). Rules in README.md.
 *
 * Wiring (arbitrables need the port, arbitration needs the arbitrables):
 * ```ts
 * const arbitrables = new Map<string, Arbitrable>();
 * const arbitrator = new ArbitrationKeeper(arbitrables);
 * const escrow = new EscrowKeeper(bank, arbitrator); // implements Arbitrable
 * arbitrables.set("escrow", escrow);
 * modules.push(arbitrationModule(bank, arbitrables), escrowModule(bank, arbitrator));
 * ```
 */
export function arbitrationModule(
  bank: ArbitrationBank,
  arbitrables: ArbitrableLookup,
  options: ArbitrationOptions = {},
): ModuleDescriptor {
  return {
    name: "arbitration",
    address: ModuleAddress.arbitration,
    abi: [...arbitrationAbi, ...(options.arbitrableEvents ?? [])],
    calls: { ...registryCalls(bank), ...biddingCalls, rule: ruleCall(arbitrables) },
    queries: arbitrationQueries,
    onDeadline(ctx, raw, dueTime) {
      const { kind, caseId, round } = parseItem(raw);
      if (kind === WINDOW) closeWindow(ctx, arbitrables, caseId, round, dueTime);
      else if (kind === RULING) missDeadline(ctx, bank, caseId, round, dueTime);
    },
    genesis: {
      // Bonds arrive only with `register`/`addBond`: CMT at the module address would be no one's bond.
      validate(doc) {
        const held = doc.modules.bank.balances.find((b) => b.address.toLowerCase() === ModuleAddress.arbitration);
        const problems = validateParams(doc);
        if (held && held.amount !== "0")
          problems.push(`arbitration: module account must start empty, holds ${held.amount} wei`);
        return problems;
      },
      init(ctx, doc) {
        writeParams(ctx.store, paramsFromGenesis(doc));
      },
    },
  };
}
