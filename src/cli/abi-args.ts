// Command-line arguments to ABI values, per the function's input types, with errors that name the
// argument; and ABI results to JSON (bigints as decimal strings, named fields).
import type { AbiParameter } from "viem";
import { type Address, checksumAddress, isAddress, toAddress } from "../crypto/index.js";
import { parseCmt } from "../types/index.js";
import { CliError } from "./io.js";

/** Resolves a keystore key name to its address (null when there is no such key). */
export type NameResolver = (name: string) => Address | null;

/** A wrong argument: exit code 2, message `argument N (name: type): what is wrong`. */
export class AbiArgError extends CliError {
  constructor(label: string, problem: string) {
    super(`${label}: ${problem}`, 2);
    this.name = "AbiArgError";
  }
}

/** `argument 2 (amount: uint256)`: how errors name an argument (1-based, as typed). */
export function argLabel(index: number, param: AbiParameter): string {
  return `argument ${index + 1} (${param.name ? `${param.name}: ` : ""}${param.type})`;
}

/** Parse every positional argument for `inputs`; the count must match. */
export function parseAbiArgs(
  inputs: readonly AbiParameter[],
  texts: readonly string[],
  resolveName: NameResolver = () => null,
): unknown[] {
  if (texts.length !== inputs.length) {
    const names = inputs.map((p) => p.name || p.type).join(", ");
    throw new CliError(`expected ${inputs.length} argument(s) (${names}), got ${texts.length} (see --help)`, 2);
  }
  return inputs.map((param, i) => parseAbiArg(param, texts[i] as string, argLabel(i, param), resolveName));
}

/**
 * One argument from its command-line text: addresses as 0x hex (a mixed-case one must have a valid
 * checksum) or a keystore key name; integers as decimal, 0x hex or CMT (`1.5cmt`, in wei);
 * bool as true/false; bytes as 0x hex; arrays as `a,b,c` or JSON; tuples as JSON.
 */
export function parseAbiArg(param: AbiParameter, text: string, label: string, resolveName: NameResolver): unknown {
  if (arrayOf(param.type) !== null) {
    const t = text.trim();
    if (t.startsWith("[")) return fromJson(param, jsonParse(t, label), label, resolveName);
    const items = t === "" ? [] : t.split(",").map((s) => s.trim());
    return fromJson(param, items, label, resolveName);
  }
  if (param.type === "tuple") return fromJson(param, jsonParse(text, label), label, resolveName);
  return scalar(param.type, text, label, resolveName);
}

function jsonParse(text: string, label: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new AbiArgError(label, `invalid JSON ${JSON.stringify(text)}`);
  }
}

/** `uint256[3]` → { inner: "uint256", length: 3 }; not an array → null. */
function arrayOf(type: string): { inner: string; length: number | null } | null {
  const m = /^(.*)\[(\d*)\]$/.exec(type);
  if (!m) return null;
  return { inner: m[1] as string, length: m[2] === "" ? null : Number(m[2]) };
}

/** A value already split out of JSON or a comma list: arrays and tuples recurse, scalars parse as text. */
function fromJson(param: AbiParameter, value: unknown, label: string, resolveName: NameResolver): unknown {
  const array = arrayOf(param.type);
  if (array !== null) {
    if (!Array.isArray(value)) throw new AbiArgError(label, `expected a list for ${param.type}`);
    if (array.length !== null && value.length !== array.length) {
      throw new AbiArgError(label, `expected exactly ${array.length} items, got ${value.length}`);
    }
    const inner = { ...param, type: array.inner } as AbiParameter;
    return value.map((v, i) => fromJson(inner, v, `${label} item ${i + 1}`, resolveName));
  }
  if (param.type === "tuple") {
    const components = (param as { components?: readonly AbiParameter[] }).components ?? [];
    if (Array.isArray(value)) {
      if (value.length !== components.length) {
        throw new AbiArgError(label, `expected ${components.length} tuple fields, got ${value.length}`);
      }
      return Object.fromEntries(
        components.map((c, i) => [c.name ?? String(i), fromJson(c, value[i], `${label} field ${c.name}`, resolveName)]),
      );
    }
    if (typeof value !== "object" || value === null) throw new AbiArgError(label, "expected a JSON object or array");
    const obj = value as Record<string, unknown>;
    const unknown = Object.keys(obj).filter((k) => !components.some((c) => c.name === k));
    if (unknown.length > 0) throw new AbiArgError(label, `unknown field(s) ${unknown.join(", ")}`);
    return Object.fromEntries(
      components.map((c) => {
        const name = c.name ?? "";
        if (!(name in obj)) throw new AbiArgError(label, `missing field ${name}`);
        return [name, fromJson(c, obj[name], `${label} field ${name}`, resolveName)];
      }),
    );
  }
  if (typeof value === "number") {
    if (!Number.isSafeInteger(value))
      throw new AbiArgError(label, `write ${value} as a string: JSON numbers lose digits`);
    return scalar(param.type, String(value), label, resolveName);
  }
  if (typeof value === "boolean") return scalar(param.type, String(value), label, resolveName);
  if (typeof value !== "string") throw new AbiArgError(label, `expected a ${param.type}, got ${JSON.stringify(value)}`);
  return scalar(param.type, value, label, resolveName);
}

function scalar(type: string, text: string, label: string, resolveName: NameResolver): unknown {
  if (type === "address") return address(text, label, resolveName);
  if (type === "bool") {
    if (text === "true") return true;
    if (text === "false") return false;
    throw new AbiArgError(label, `expected true or false, got ${JSON.stringify(text)}`);
  }
  if (type === "string") return text;
  const int = /^(u?)int(\d*)$/.exec(type);
  if (int) return integer(int[1] === "", Number(int[2] || 256), text, label);
  const bytes = /^bytes(\d*)$/.exec(type);
  if (bytes) {
    if (!/^0x([0-9a-fA-F]{2})*$/.test(text)) {
      throw new AbiArgError(label, `expected 0x-prefixed hex bytes, got ${JSON.stringify(text)}`);
    }
    const want = bytes[1] ? Number(bytes[1]) : null;
    const got = (text.length - 2) / 2;
    if (want !== null && got !== want) throw new AbiArgError(label, `expected exactly ${want} bytes, got ${got}`);
    return text.toLowerCase();
  }
  throw new AbiArgError(label, `the CLI does not read ${type} arguments`);
}

function address(text: string, label: string, resolveName: NameResolver): Address {
  if (isAddress(text)) {
    const lower = toAddress(text);
    const hasCase = text.slice(2) !== text.slice(2).toLowerCase() && text.slice(2) !== text.slice(2).toUpperCase();
    if (hasCase && checksumAddress(lower) !== text) {
      throw new AbiArgError(
        label,
        `address ${text} has a wrong checksum (a typo?); check it, or write it in lowercase`,
      );
    }
    return lower;
  }
  if (/^0x/i.test(text)) throw new AbiArgError(label, `invalid address ${JSON.stringify(text)} (0x and 40 hex digits)`);
  const named = resolveName(text);
  if (named === null) {
    throw new AbiArgError(
      label,
      `invalid address ${JSON.stringify(text)} (0x and 40 hex digits, or a keystore key name)`,
    );
  }
  return named;
}

const CMT_RE = /^(\d+(?:\.\d+)?)cmt$/i;

function integer(signed: boolean, bits: number, text: string, label: string): bigint {
  let v: bigint;
  const cmt = CMT_RE.exec(text);
  if (cmt) {
    try {
      v = parseCmt(cmt[1] as string);
    } catch {
      throw new AbiArgError(label, `invalid CMT amount ${JSON.stringify(text)} (at most 18 decimals)`);
    }
  } else if (/^-?\d+$/.test(text) || /^0x[0-9a-fA-F]+$/.test(text)) {
    v = BigInt(text);
  } else {
    throw new AbiArgError(
      label,
      `invalid integer ${JSON.stringify(text)} (a decimal, 0x hex, or CMT like 1.5cmt for an amount in wei)`,
    );
  }
  const min = signed ? -(1n << BigInt(bits - 1)) : 0n;
  const max = signed ? (1n << BigInt(bits - 1)) - 1n : (1n << BigInt(bits)) - 1n;
  if (v < min || v > max) throw new AbiArgError(label, `${text} is out of range for ${signed ? "int" : "uint"}${bits}`);
  return v;
}

/** An ABI value as JSON-ready data: bigints as decimal strings, everything else as is. */
export function toJsonValue(value: unknown): unknown {
  if (typeof value === "bigint") return value.toString();
  if (Array.isArray(value)) return value.map(toJsonValue);
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toJsonValue(v)]));
  }
  return value;
}

/**
 * A function's decoded result as JSON data: one output is its value; several become an object by
 * output name (an array when any output is unnamed).
 */
export function resultJson(outputs: readonly AbiParameter[], result: unknown): unknown {
  if (outputs.length === 0) return null;
  if (outputs.length === 1) return toJsonValue(result);
  const values = result as readonly unknown[];
  if (outputs.every((o) => o.name)) {
    return Object.fromEntries(outputs.map((o, i) => [o.name as string, toJsonValue(values[i])]));
  }
  return toJsonValue(values);
}
