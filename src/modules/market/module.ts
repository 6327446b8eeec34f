import type { ModuleDescriptor } from "../../state/index.js";
import { ModuleAddress } from "../addresses.js";
import { marketAbi } from "./abi.js";
import type { MarketEscrow } from "./deps.js";
import { listingCalls } from "./listings.js";
import { onMarketDeadline, orderCalls } from "./orders.js";
import { marketParamsFromGenesis, validateMarketParams, writeMarketParams } from "./params.js";
import { marketQueries } from "./queries.js";
import { ratingCalls } from "./ratings.js";

/**
 * The market module: listings, orders settled through escrow (market is the escrows' controller),
 * peer ratings and reputation (white paper §2, §4, §5). Rules in README.md.
 */
export function marketModule(escrow: MarketEscrow): ModuleDescriptor {
  return {
    name: "market",
    address: ModuleAddress.market,
    abi: marketAbi,
    calls: { ...listingCalls(), ...orderCalls(escrow), ...ratingCalls(escrow) },
    queries: marketQueries(escrow),
    onDeadline: (ctx, id) => onMarketDeadline(ctx, escrow, id),
    genesis: {
      // Market holds CMT only in transit (an order's value moves on to escrow in the same call).
      validate(doc) {
        const held = doc.modules.bank.balances.find((b) => b.address.toLowerCase() === ModuleAddress.market);
        const problems = validateMarketParams(doc);
        if (held && held.amount !== "0")
          problems.push(`market: module account must start empty, holds ${held.amount} wei`);
        return problems;
      },
      init(ctx, doc) {
        writeMarketParams(ctx.store, marketParamsFromGenesis(doc));
      },
    },
  };
}
