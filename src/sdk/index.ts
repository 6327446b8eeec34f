// The CyberMiles TypeScript SDK (DESIGN §9): typed viem clients for the system modules, generated
// from their ABIs. Depends on viem and the protocol's module addresses only, never on node internals.
export * from "./abi/index.js";
export { cyberMilesChain, DEVNET_CHAIN_ID, MAINNET_CHAIN_ID } from "./chain.js";
export {
  type CyberMilesClient,
  type CyberMilesClientOptions,
  createCyberMilesClient,
  type ModuleClients,
  type SuccessfulTransaction,
} from "./client.js";
export { TransactionRevertedError } from "./errors.js";
export { decodeModuleEvents, type LogLike, type ModuleEvent } from "./events.js";
export { type ModuleName, moduleAddresses, moduleAt, type SystemModules, systemModules } from "./modules.js";
export { decodeRevert, revertReasonOf } from "./revert.js";
