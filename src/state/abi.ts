import {
  type AbiEvent,
  type AbiFunction,
  decodeAbiParameters,
  encodeAbiParameters,
  encodeEventTopics,
  toFunctionSelector,
  type Hex as ViemHex,
} from "viem";
import type { Address } from "../crypto/index.js";
import { concatBytes, fromHex, toHex } from "../lib/index.js";
import type { Log } from "../types/index.js";
import type { ModuleDescriptor } from "./module.js";
import { ModuleError } from "./module.js";

/** Selector of Error(string), the revert payload Solidity and wallets understand. */
const ERROR_SELECTOR = fromHex("0x08c379a0");

/** ABI-encode a revert reason as Error(string). */
export function encodeRevert(reason: string): Uint8Array {
  return concatBytes(ERROR_SELECTOR, fromHex(encodeAbiParameters([{ type: "string" }], [reason])));
}

/** Decode Error(string) revert data; null when it is not that shape. */
export function decodeRevert(data: Uint8Array): string | null {
  if (data.length < 4 || toHex(data.subarray(0, 4)) !== "0x08c379a0") return null;
  try {
    const [reason] = decodeAbiParameters([{ type: "string" }], toHex(data.subarray(4)));
    return reason;
  } catch {
    return null;
  }
}

/** A module's ABI prepared for dispatch: functions by selector, events by name. */
export class ModuleAbi {
  private readonly functions = new Map<string, AbiFunction>();
  private readonly events = new Map<string, AbiEvent>();

  constructor(readonly module: ModuleDescriptor) {
    for (const item of module.abi) {
      if (item.type === "function") {
        this.functions.set(toFunctionSelector(item), item);
        const table =
          item.stateMutability === "view" || item.stateMutability === "pure" ? module.queries : module.calls;
        if (!table[item.name]) throw new Error(`module ${module.name}: no handler for ${item.name}`);
      } else if (item.type === "event") {
        this.events.set(item.name, item);
      }
    }
  }

  /** Decode calldata to the function and its arguments; reverts with a readable reason on bad input. */
  decodeCall(data: Uint8Array): { fn: AbiFunction; args: readonly unknown[] } {
    if (data.length < 4)
      throw new ModuleError("INVALID_CALLDATA", `${this.module.name}: calldata too short for a function selector`);
    const fn = this.functions.get(toHex(data.subarray(0, 4)));
    if (!fn)
      throw new ModuleError(
        "UNKNOWN_FUNCTION",
        `${this.module.name}: unknown function selector ${toHex(data.subarray(0, 4))}`,
      );
    try {
      return { fn, args: decodeAbiParameters(fn.inputs, toHex(data.subarray(4)) as ViemHex) };
    } catch {
      throw new ModuleError("INVALID_CALLDATA", `${this.module.name}: invalid arguments for ${fn.name}`);
    }
  }

  /** ABI-encode a handler's return value. */
  encodeResult(fn: AbiFunction, result: unknown): Uint8Array {
    if (fn.outputs.length === 0) return new Uint8Array(0);
    const values = fn.outputs.length === 1 ? [result] : (result as unknown[]);
    return fromHex(encodeAbiParameters(fn.outputs, values));
  }

  /** Build the Ethereum log of an event of this module. */
  encodeEvent(address: Address, eventName: string, args: Record<string, unknown>): Log {
    const ev = this.events.get(eventName);
    if (!ev) throw new Error(`module ${this.module.name}: unknown event ${eventName}`);
    const topics = encodeEventTopics({ abi: [ev], eventName, args } as never) as unknown as `0x${string}`[];
    const plain = ev.inputs.filter((i) => !i.indexed);
    const data =
      plain.length === 0
        ? new Uint8Array(0)
        : fromHex(
            encodeAbiParameters(
              plain,
              plain.map((i) => args[i.name as string]),
            ),
          );
    return { address, topics: topics.map((t) => t.toLowerCase() as `0x${string}`), data };
  }
}
