import type { ModuleDescriptor } from "../state/index.js";
import { ArbitrationKeeper, arbitrationModule } from "./arbitration/index.js";
import { BankKeeper, bankModule } from "./bank/index.js";
import type { Arbitrable } from "./dispute-port.js";
import { DistributionHooks, distributionModule } from "./distribution/index.js";
import { EscrowKeeper, escrowArbitrable, escrowModule } from "./escrow/index.js";
import { marketModule } from "./market/index.js";
import { StakingKeeper, stakingModule } from "./staking/index.js";
import { vestingModule } from "./vesting/index.js";

export { ModuleAddress } from "./addresses.js";
export * from "./bank/index.js";
export * from "./escrow/index.js";
export * from "./vesting/index.js";

/**
 * Every system module, wired with its narrow dependencies (the node's module list). Escrow and
 * arbitration depend on each other only through dispute-port.ts: arbitration looks arbitrables up
 * by module name in a map filled after both exist.
 */
export function createModules(): { modules: ModuleDescriptor[]; bank: BankKeeper } {
  const bank = new BankKeeper();
  const hooks = new DistributionHooks(bank);
  const staking = new StakingKeeper(bank, hooks);
  const arbitrables = new Map<string, Arbitrable>();
  const arbitrator = new ArbitrationKeeper(arbitrables);
  arbitrables.set("escrow", escrowArbitrable(bank));
  return {
    modules: [
      bankModule(bank),
      vestingModule(bank),
      stakingModule(bank, hooks),
      distributionModule(bank, staking),
      escrowModule(bank, arbitrator),
      marketModule(new EscrowKeeper(bank, arbitrator)),
      arbitrationModule(bank, arbitrables),
    ],
    bank,
  };
}
