import { type Address, type DecodeEventLogReturnType, decodeEventLog, type Hex } from "viem";
import { type ModuleName, moduleAt, type SystemModules, systemModules } from "./modules.js";

/** A log a system module emitted, decoded with its ABI: `{ module, eventName, args, address, logIndex }`. */
export type ModuleEvent = {
  [K in ModuleName]: { module: K; address: Address; logIndex: number | null } & DecodeEventLogReturnType<
    SystemModules[K]["abi"]
  >;
}[ModuleName];

/** The shape of a log as viem returns it in receipts and getLogs. */
export interface LogLike {
  address: Address;
  topics: readonly Hex[];
  data: Hex;
  logIndex?: number | null;
}

/**
 * Decode the logs of system modules; logs of other addresses, and logs whose topic a module's ABI
 * does not know (an older SDK against a newer node), are left out.
 */
export function decodeModuleEvents(logs: readonly LogLike[]): ModuleEvent[] {
  const events: ModuleEvent[] = [];
  for (const log of logs) {
    const module = moduleAt(log.address);
    if (module === null) continue;
    const [signature, ...rest] = log.topics;
    if (signature === undefined) continue;
    try {
      const decoded = decodeEventLog({ abi: systemModules[module].abi, data: log.data, topics: [signature, ...rest] });
      events.push({ module, address: log.address, logIndex: log.logIndex ?? null, ...decoded } as ModuleEvent);
    } catch {
      // not an event of this module's ABI: skipped, as documented
    }
  }
  return events;
}
