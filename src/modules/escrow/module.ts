import type { Address } from "../../crypto/index.js";
import { MeteredKv, type ModuleContext, type ModuleDescriptor, ModuleStore } from "../../state/index.js";
import { ModuleAddress } from "../addresses.js";
import { escrowAbi } from "./abi.js";
import { escrowCalls } from "./calls.js";
import { onEscrowDeadline } from "./deadlines.js";
import type { EscrowBank } from "./deps.js";
import { unknownEscrow } from "./errors.js";
import { escrowQueries } from "./queries.js";
import { type Ruling, resolve } from "./settle.js";
import { readEscrow } from "./state.js";

/**
 * The escrow module: a payer's payment and both parties' equal deposits held until delivery and
 * inspection, acceptance, refund, or a dispute's ruling (white paper, smart business contracts).
 * Rules in README.md.
 */
export function escrowModule(bank: EscrowBank): ModuleDescriptor {
  return {
    name: "escrow",
    address: ModuleAddress.escrow,
    abi: escrowAbi,
    calls: escrowCalls(bank),
    queries: escrowQueries,
    onDeadline: (ctx, id) => onEscrowDeadline(ctx, bank, id),
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

/**
 * Keeper the arbitration module calls to pay out disputed escrow `id` per `ruling`, from inside
 * its own handler: `ctx` is the caller's context, so the escrow's store is opened on `ctx.kv`.
 */
export class EscrowKeeper {
  constructor(private readonly bank: EscrowBank) {}

  resolve(ctx: ModuleContext, id: bigint, ruling: Ruling, arbiter: Address): void {
    if (!(ctx.kv instanceof MeteredKv)) throw new Error("escrow: resolve needs a module context");
    const store = new ModuleStore(ctx.kv, "escrow");
    const e = readEscrow(store, id);
    if (!e) throw unknownEscrow(id);
    // `Resolved` is logged by the calling module (its ABI must include escrowResolvedEvent):
    // the framework emits only through the running module's ABI.
    resolve({ ...ctx, store }, this.bank, e, ruling, arbiter);
  }
}
