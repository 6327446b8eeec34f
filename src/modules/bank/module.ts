import { type Address, isAddress, toAddress } from "../../crypto/index.js";
import type { ModuleDescriptor } from "../../state/index.js";
import { SUPPLY_CAP } from "../../types/index.js";
import { ModuleAddress } from "../addresses.js";
import { bankAbi } from "./abi.js";
import type { BankKeeper } from "./keeper.js";

const DECIMAL = /^\d+$/;

/** The bank module: CMT's ERC-20-style face (balances, supply, transfer with Transfer events). */
export function bankModule(keeper: BankKeeper): ModuleDescriptor {
  return {
    name: "bank",
    address: ModuleAddress.bank,
    abi: bankAbi,
    queries: {
      name: () => "CyberMiles Token",
      symbol: () => "CMT",
      decimals: () => 18,
      totalSupply: (ctx) => keeper.totalSupply(ctx.kv),
      supplyCap: () => SUPPLY_CAP,
      balanceOf: (ctx, [account]) => keeper.balance(ctx.kv, toAddress(account as string)),
    },
    calls: {
      transfer: (ctx, [to, amount]) => {
        keeper.send(ctx.kv, ctx.sender, toAddress(to as string), amount as bigint);
        ctx.emit("Transfer", { from: ctx.sender, to, value: amount });
        return true;
      },
    },
    genesis: {
      validate(doc) {
        const problems: string[] = [];
        const seen = new Set<string>();
        doc.modules.bank.balances.forEach((b, i) => {
          if (!isAddress(b.address)) problems.push(`bank.balances[${i}]: invalid address ${b.address}`);
          else if (seen.has(b.address.toLowerCase()))
            problems.push(`bank.balances[${i}]: duplicate address ${b.address}`);
          else seen.add(b.address.toLowerCase());
          if (typeof b.amount !== "string" || !DECIMAL.test(b.amount))
            problems.push(`bank.balances[${i}]: invalid amount ${b.amount}`);
        });
        return problems;
      },
      init(ctx, doc) {
        for (const b of doc.modules.bank.balances)
          keeper.mint(ctx.kv, toAddress(b.address) as Address, BigInt(b.amount));
      },
    },
  };
}
