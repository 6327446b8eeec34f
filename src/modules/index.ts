import type { ModuleDescriptor } from "../state/index.js";
import { BankKeeper, bankModule } from "./bank/index.js";
import { escrowModule } from "./escrow/index.js";
import { vestingModule } from "./vesting/index.js";

export { ModuleAddress } from "./addresses.js";
export * from "./bank/index.js";
export * from "./escrow/index.js";
export * from "./vesting/index.js";

/** Every system module, wired with its narrow dependencies (the node's module list). */
export function createModules(): { modules: ModuleDescriptor[]; bank: BankKeeper } {
  const bank = new BankKeeper();
  return { modules: [bankModule(bank), escrowModule(bank), vestingModule(bank)], bank };
}
