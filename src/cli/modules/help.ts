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

function typeText(p: AbiParameter): string {
  if (p.type.startsWith("tuple")) {
    const comps = (p as { components?: readonly AbiParameter[] }).components ?? [];
    return `(${comps.map(paramText).join(", ")})${p.type.slice("tuple".length)}`;
  }
  return p.type;
}

function paramText(p: AbiParameter): string {
  return p.name ? `${typeText(p)} ${p.name}` : typeText(p);
}

/** `open(address payee, uint256 amount) payable → uint256 id`. */
export function signature(fn: AbiFunction): string {
  const ret = fn.outputs.length === 0 ? "" : ` → ${fn.outputs.map(paramText).join(", ")}`;
  const pay = fn.stateMutability === "payable" ? " payable" : "";
  return `${fn.name}(${fn.inputs.map(paramText).join(", ")})${pay}${ret}`;
}

function functions(abi: Abi): AbiFunction[] {
  return abi.filter((i): i is AbiFunction => i.type === "function");
}

/** `cybermiles <module> --help`. */
export function moduleHelp(entry: ModuleEntry, abi: Abi): string {
  const fns = functions(abi);
  const views = fns.filter(isView).map((f) => `  ${signature(f)}`);
  const calls = fns.filter((f) => !isView(f)).map((f) => `  ${signature(f)}`);
  return `Usage: cybermiles ${entry.name} <function> [args...] [options]

The ${entry.name} module (${entry.summary}) at ${checksumAddress(moduleAddress(entry))}.
Views are answered by the node (eth_call) and printed as JSON; calls are signed with --from NAME
and sent (add --value CMT for payable ones, --wait for the receipt and events).

Views:
${views.join("\n") || "  (none)"}

Calls:
${calls.join("\n") || "  (none)"}

${ARGUMENTS}

Run 'cybermiles ${entry.name} <function> --help' for one function and its options.
`;
}

/** `cybermiles <module> <function> --help`. */
export function functionHelp(entry: ModuleEntry, fn: AbiFunction): string {
  const args = fn.inputs.map((p, i) => `<${p.name || `arg${i + 1}`}>`).join(" ");
  const params = fn.inputs.map((p, i) => `  ${(p.name || `arg${i + 1}`).padEnd(20)} ${typeText(p)}`);
  const outputs = fn.outputs.map((p, i) => `  ${(p.name || `out${i + 1}`).padEnd(20)} ${typeText(p)}`);
  const head = `Usage: cybermiles ${entry.name} ${fn.name}${args ? ` ${args}` : ""}`;
  const body = `${signature(fn)}

Parameters:
${params.join("\n") || "  (none)"}

Returns:
${outputs.join("\n") || "  (nothing)"}
`;
  if (isView(fn)) {
    return `${head} [--rpc URL] [--from NAME]

A view: answered by the node with eth_call and printed as JSON (integers as decimal strings).
${body}
Options:
  --rpc URL              node JSON-RPC URL (default $CYBERMILES_RPC or http://127.0.0.1:8545)
  --from NAME            the caller the view sees (a keystore key name or address; optional)
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
