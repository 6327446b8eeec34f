// `cybermiles <module> <function> [args...]`: every call and view of a system module, driven by
// its ABI. Views are answered by eth_call and printed as JSON; calls are signed with a keystore
// key and sent like `tx send`.
import {
  type Abi,
  type AbiFunction,
  type AbiParameter,
  decodeEventLog,
  decodeFunctionResult,
  encodeFunctionData,
  type Hex,
} from "viem";
import { type Address, checksumAddress, isAddress, toAddress } from "../crypto/index.js";
import { fromHex, toQuantity } from "../lib/index.js";
import { formatCmt, parseCmt } from "../types/index.js";
import { parseAbiArgs, resultJson, toJsonValue } from "./abi-args.js";
import { parseCommandArgs } from "./args.js";
import { blockParam } from "./block-param.js";
import { CliError, type Command } from "./io.js";
import { defaultKeystoreDir, KeystoreDir } from "./keystore-dir.js";
import { functionHelp, isView, moduleHelp } from "./modules/help.js";
import { type ModuleEntry, moduleAddress } from "./modules/registry.js";
import { RpcCallError, RpcClient, rpcUrl } from "./rpc-client.js";
import {
  prepareSigner,
  type RpcReceipt,
  receiptLines,
  SIGNING_OPTIONS,
  show,
  signAndSend,
  txDetails,
  waitForReceipt,
} from "./send-tx.js";

/** The command of one module. */
export function moduleCommand(entry: ModuleEntry): Command {
  return async (argv, io) => {
    const abi = await entry.abi();
    const [fnName, ...rest] = argv;
    if (fnName === undefined || fnName === "--help" || fnName === "-h" || fnName === "help") {
      io.stdout(moduleHelp(entry, abi));
      return 0;
    }
    const overloads = abi.filter((i): i is AbiFunction => i.type === "function" && i.name === fnName);
    if (overloads.length === 0) {
      throw new CliError(`unknown function '${entry.name} ${fnName}' (see 'cybermiles ${entry.name} --help')`, 2);
    }
    const { values, positionals } = parseCommandArgs(
      rest,
      { ...SIGNING_OPTIONS, value: { type: "string" }, block: { type: "string" } },
      true,
    );
    if (values.help) {
      io.stdout(overloads.map((fn) => functionHelp(entry, fn)).join("\n"));
      return 0;
    }
    const fn = overloads.find((f) => f.inputs.length === positionals.length) ?? (overloads[0] as AbiFunction);
    const keystore = new KeystoreDir(values.keystore ?? defaultKeystoreDir(io.env));
    const names = hasAddress(fn.inputs) ? await keyNames(keystore) : new Map<string, Address>();
    const args = parseAbiArgs(fn.inputs, positionals, (n) => names.get(n) ?? null);
    const data = encodeFunctionData({ abi: [fn], functionName: fn.name, args });
    const to = moduleAddress(entry);
    if (isView(fn)) {
      if (values.value !== undefined) throw new CliError(`--value: ${fn.name} is a view; it takes no CMT`, 2);
      const rpc = new RpcClient(rpcUrl(values.rpc, io.env), { signal: io.stopSignal });
      const caller = values.from;
      const from =
        caller === undefined
          ? {}
          : { from: isAddress(caller) ? toAddress(caller) : (await keystore.get(caller)).address };
      const out = await rpc.request<Hex>("eth_call", [{ ...from, to, data }, blockParam(values.block)]);
      const result = decodeFunctionResult({ abi: [fn], functionName: fn.name, data: out });
      io.stdout(`${JSON.stringify(resultJson(fn.outputs, result), null, 2)}\n`);
      return 0;
    }
    if (values.block !== undefined)
      throw new CliError(`--block: ${fn.name} is a call; only views read a past block`, 2);
    const value = parseValue(fn, values.value);
    const signer = await prepareSigner(values, io);
    const sent = await signAndSend(signer, { to, value, data: fromHex(data) }, io, (tx) => {
      const cmt = value > 0n ? ` with ${formatCmt(value)} CMT` : "";
      return `calling ${entry.name}.${fn.name} from ${show(tx.from)}${cmt} ${txDetails(tx, signer.legacy)}`;
    });
    if (!signer.wait) return 0;
    const receipt = await waitForReceipt(signer.rpc, sent.hash, signer.timeoutMs, io.stopSignal);
    const { ok, text } = receiptLines(receipt);
    io.stdout(text + eventLines(abi, to, receipt));
    if (ok) return 0;
    const reason = await replayReason(signer.rpc, { from: sent.from, to, data, value: toQuantity(value) });
    throw new CliError(
      reason === null ? "transaction reverted (its reason is gone: replaying it now succeeds)" : `${reason}`,
    );
  };
}

/** `--value CMT` for payable functions; other functions refuse it. */
function parseValue(fn: AbiFunction, text: string | undefined): bigint {
  if (text === undefined) return 0n;
  if (fn.stateMutability !== "payable") throw new CliError(`--value: ${fn.name} is not payable; it takes no CMT`, 2);
  try {
    return parseCmt(text.replace(/cmt$/i, ""));
  } catch {
    throw new CliError(
      `--value: invalid CMT amount ${JSON.stringify(text)} (a decimal like 1.5, at most 18 decimals)`,
      2,
    );
  }
}

function hasAddress(params: readonly AbiParameter[]): boolean {
  return params.some(
    (p) => p.type.startsWith("address") || hasAddress((p as { components?: readonly AbiParameter[] }).components ?? []),
  );
}

/** Named keys of the keystore by name, so address arguments can be given as `alice`. */
async function keyNames(keystore: KeystoreDir): Promise<Map<string, Address>> {
  const map = new Map<string, Address>();
  for (const k of await keystore.list()) if (k.name !== null) map.set(k.name, k.address);
  return map;
}

/** `event:    Opened {...}` lines for the module's logs in a receipt; other logs by address and topic. */
function eventLines(abi: Abi, module: Address, receipt: RpcReceipt): string {
  let out = "";
  for (const log of receipt.logs ?? []) {
    const [topic, ...rest] = log.topics;
    let line = `log ${checksumAddress(log.address)} ${topic ?? "(anonymous)"}`;
    if (log.address.toLowerCase() === module && topic !== undefined) {
      try {
        const ev = decodeEventLog({ abi, data: log.data, topics: [topic, ...rest] });
        line = `${ev.eventName} ${JSON.stringify(toJsonValue(ev.args ?? {}))}`;
      } catch {
        // not in this ABI: shown raw
      }
    }
    out += `event:    ${line}\n`;
  }
  return out;
}

/**
 * Receipts carry no revert data, so a mined revert is replayed with eth_call on the latest state
 * for its "execution reverted: <reason>" (the same unless later blocks changed what it depends on).
 */
async function replayReason(rpc: RpcClient, call: Record<string, string>): Promise<string | null> {
  try {
    await rpc.request("eth_call", [call, "latest"]);
    return null;
  } catch (err) {
    if (err instanceof RpcCallError && err.code === 3) return err.message;
    throw err;
  }
}
