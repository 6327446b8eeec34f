// Help texts of the module commands, written from the ABI: every function with its parameter
// names and types, whether it is a view, payable, and what it returns.
import type { Abi, AbiFunction, AbiParameter } from "viem";
import { checksumAddress } from "../../crypto/index.js";
import { SIGNING_HELP } from "../send-tx.js";
import { type ModuleEntry, moduleAddress } from "./registry.js";

/** A view (or pure) function: answered by eth_call, nothing is signed. */
export function isView(fn: AbiFunction): boolean {
  return fn.stateMutability === "view" || fn.stateMutability === "pure";
}

const ARGUMENTS = `Arguments, by ABI type:
  address      0x and 40 hex digits (a mixed-case address must have a valid checksum), or a keystore key name
  uintN/intN   decimal, 0x hex, or a CMT amount in wei written like 1.5cmt
  bool         true or false
  string       as is (quote it for the shell)
  bytes/bytesN 0x hex (bytesN: exactly N bytes)
  T[]          a comma list (a,b,c) or JSON (["a","b"]); [] or "" is empty
  tuple        JSON: {"field": value, ...} or [value, ...]
  Put -- before arguments that start with '-' (negative integers).`;

function typeText(p: AbiParameter, compact = false): string {
  if (p.type.startsWith("tuple") && !compact) {
    const comps = (p as { components?: readonly AbiParameter[] }).components ?? [];
    return `(${comps.map((c) => paramText(c)).join(", ")})${p.type.slice("tuple".length)}`;
  }
  return p.type;
}

function paramText(p: AbiParameter, compact = false): string {
  return p.name ? `${typeText(p, compact)} ${p.name}` : typeText(p, compact);
}

/** `open(address payee, uint256 amount) payable → uint256 id`; `compact` shows tuples as `tuple`. */
export function signature(fn: AbiFunction, compact = false): string {
  const text = (ps: readonly AbiParameter[]) => ps.map((p) => paramText(p, compact)).join(", ");
  const ret = fn.outputs.length === 0 ? "" : ` → ${text(fn.outputs)}`;
  const pay = fn.stateMutability === "payable" ? " payable" : "";
  return `${fn.name}(${text(fn.inputs)})${pay}${ret}`;
}

function functions(abi: Abi): AbiFunction[] {
  return abi.filter((i): i is AbiFunction => i.type === "function");
}

/** `cybermiles <module> --help`. */
export function moduleHelp(entry: ModuleEntry, abi: Abi): string {
  const fns = functions(abi);
  const views = fns.filter(isView).map((f) => `  ${signature(f, true)}`);
  const calls = fns.filter((f) => !isView(f)).map((f) => `  ${signature(f, true)}`);
  return `Usage: cybermiles ${entry.name} <function> [args...] [options]

The ${entry.name} module (${entry.summary}) at ${checksumAddress(moduleAddress(entry))}.
Views are answered by the node (eth_call) and printed as JSON; calls are signed with --from NAME
and sent (add --value CMT for payable ones, --wait for the receipt and events).

Views:
${views.join("\n") || "  (none)"}

Calls:
${calls.join("\n") || "  (none)"}

${ARGUMENTS}

Run 'cybermiles ${entry.name} <function> --help' for one function, its tuple fields and options.
`;
}

/** `name  type` lines; a tuple lists its fields below it, indented (JSON object keys for arguments). */
function paramLines(p: AbiParameter, name: string, indent: string): string[] {
  const comps = (p as { components?: readonly AbiParameter[] }).components;
  if (!p.type.startsWith("tuple") || comps === undefined)
    return [`${indent}${name.padEnd(22 - indent.length)} ${p.type}`];
  return [
    `${indent}${name.padEnd(22 - indent.length)} ${p.type}, JSON with fields:`,
    ...comps.flatMap((c, i) => paramLines(c, c.name || `field${i + 1}`, `${indent}  `)),
  ];
}

/** `cybermiles <module> <function> --help`. */
export function functionHelp(entry: ModuleEntry, fn: AbiFunction): string {
  const args = fn.inputs.map((p, i) => `<${p.name || `arg${i + 1}`}>`).join(" ");
  const params = fn.inputs.flatMap((p, i) => paramLines(p, p.name || `arg${i + 1}`, "  "));
  const outputs = fn.outputs.flatMap((p, i) => paramLines(p, p.name || `out${i + 1}`, "  "));
  const head = `Usage: cybermiles ${entry.name} ${fn.name}${args ? ` ${args}` : ""}`;
  const body = `${signature(fn, true)}

Parameters:
${params.join("\n") || "  (none)"}

Returns:
${outputs.join("\n") || "  (nothing)"}
`;
  if (isView(fn)) {
    return `${head} [--rpc URL] [--from NAME] [--block N|HASH]

A view: answered by the node with eth_call and printed as JSON (integers as decimal strings).
${body}
Options:
  --rpc URL              node JSON-RPC URL (default $CYBERMILES_RPC or http://127.0.0.1:8545)
  --from NAME            the caller the view sees (a keystore key name or address; optional)
  --block N|HASH         answer as of that block (the node keeps its last 128 blocks' state)
  -h, --help             show this help
`;
  }
  const payable = fn.stateMutability === "payable";
  return `${head} --from NAME${payable ? " [--value CMT]" : ""} [options]

A call: signed with the keystore key NAME and sent to the module; prints the transaction hash.
${payable ? "Payable: --value sends CMT with the call.\n" : ""}${body}
Options:
  --from NAME            key name in the keystore (or its address)
${payable ? "  --value CMT            CMT sent with the call, a decimal like 1.5\n" : ""}${SIGNING_HELP}
  -h, --help             show this help

With --wait it prints status, block, gas used and the module's events; a revert prints
'error: execution reverted: <reason>' and exits with 1.
`;
}
