import type { Address } from "../crypto/index.js";
import type { Log } from "../types/index.js";
import { ModuleAbi } from "./abi.js";
import { DeadlineQueue } from "./deadlines.js";
import { GasCost, type GasMeter } from "./gas.js";
import { MeteredKv } from "./metered-kv.js";
import {
  type BlockInfo,
  type CallContext,
  type CallHandler,
  type ModuleContext,
  type ModuleDescriptor,
  ModuleError,
} from "./module.js";
import { ModuleStore } from "./module-store.js";
import type { StateDB } from "./statedb.js";

/** The registered modules, by address and name, with their ABIs prepared. */
export class ModuleRegistry {
  private readonly byAddress = new Map<Address, ModuleAbi>();
  readonly list: readonly ModuleDescriptor[];

  constructor(modules: readonly ModuleDescriptor[]) {
    // Sorted by name so every hook runs in the same order on every node.
    this.list = [...modules].sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const m of this.list) {
      if (this.byAddress.has(m.address)) throw new Error(`two modules at ${m.address}`);
      this.byAddress.set(m.address, new ModuleAbi(m));
    }
  }

  at(address: Address): ModuleAbi | undefined {
    return this.byAddress.get(address);
  }

  abiOf(module: ModuleDescriptor): ModuleAbi {
    return this.byAddress.get(module.address) as ModuleAbi;
  }
}

/** Build the context a module's code runs in; logs go to `logs`. */
export function moduleContext(
  abi: ModuleAbi,
  state: StateDB,
  gas: GasMeter,
  block: BlockInfo,
  logs: Log[],
): ModuleContext {
  const kv = new MeteredKv(state, gas);
  const store = new ModuleStore(kv, abi.module.name);
  return {
    block,
    store,
    kv,
    gas,
    deadlines: new DeadlineQueue(store),
    emit(eventName, args) {
      const log = abi.encodeEvent(abi.module.address, eventName, args);
      gas.consume(
        GasCost.logBase + GasCost.logTopic * BigInt(log.topics.length) + GasCost.logDataByte * BigInt(log.data.length),
      );
      logs.push(log);
    },
  };
}

/** Context of a call into a module. */
export function callContext(
  abi: ModuleAbi,
  state: StateDB,
  gas: GasMeter,
  block: BlockInfo,
  logs: Log[],
  call: { sender: Address; value: bigint },
): CallContext {
  return {
    ...moduleContext(abi, state, gas, block, logs),
    sender: call.sender,
    value: call.value,
    self: abi.module.address,
  };
}

/** Dispatch calldata to the module's handler; returns the ABI-encoded output (throws to revert). */
export function runModuleCall(abi: ModuleAbi, ctx: CallContext, data: Uint8Array): Uint8Array {
  const { fn, args } = abi.decodeCall(data);
  if (ctx.value > 0n && fn.stateMutability !== "payable") {
    throw new ModuleError("NOT_PAYABLE", `${abi.module.name}: ${fn.name} does not accept CMT`);
  }
  const isView = fn.stateMutability === "view" || fn.stateMutability === "pure";
  // ModuleAbi checked at registration that every ABI function has its handler.
  const handler = (isView ? abi.module.queries : abi.module.calls)[fn.name] as CallHandler;
  return abi.encodeResult(fn, handler(ctx, args));
}
