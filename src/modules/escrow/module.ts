import type { ModuleDescriptor } from "../../state/index.js";
import { ModuleAddress } from "../addresses.js";
import type { ArbitratorPort } from "../dispute-port.js";
import { escrowAbi } from "./abi.js";
import { escrowCalls } from "./calls.js";
import { onEscrowDeadline } from "./deadlines.js";
import type { EscrowBank } from "./deps.js";
import { ownEnv } from "./env.js";
import { escrowQueries } from "./queries.js";

/**
 * The escrow module: a payer's payment and both parties' equal deposits held until delivery and
 * inspection, acceptance, refund, or a dispute's ruling (white paper, smart business contracts).
 * `arbitrator` receives disputes (null: disputes revert with ESCROW_NO_ARBITRATOR). Rules in README.md.
 */
export function escrowModule(bank: EscrowBank, arbitrator: ArbitratorPort | null = null): ModuleDescriptor {
  return {
    name: "escrow",
    address: ModuleAddress.escrow,
    abi: escrowAbi,
    calls: escrowCalls(bank, arbitrator),
    queries: escrowQueries,
    onDeadline: (ctx, id) => onEscrowDeadline(ownEnv(ctx, bank, arbitrator), id),
    genesis: {
      // Escrows start empty: CMT at the module address would belong to no escrow.
      validate(doc) {
        const held = doc.modules.bank.balances.find((b) => b.address.toLowerCase() === ModuleAddress.escrow);
        return held && held.amount !== "0" ? [`escrow: module account must start empty, holds ${held.amount} wei`] : [];
      },
      init() {},
    },
  };
}
