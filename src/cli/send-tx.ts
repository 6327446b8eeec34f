// Signing and sending a transaction with a keystore key: shared by `tx send` and the module
// commands (`cybermiles <module> <function>`). Chain id, pending nonce, fees and gas come from the node.
import { type Address, checksumAddress } from "../crypto/index.js";
import { type Hex, toHex, toQuantity } from "../lib/index.js";
import { signTx, type UnsignedTx } from "../types/index.js";
import { CliError, type CliIo } from "./io.js";
import { defaultKeystoreDir, KeystoreDir, readPassword } from "./keystore-dir.js";
import { quantity, RpcClient, rpcUrl } from "./rpc-client.js";

/** parseArgs options of every command that signs (`--from` and the fee, wait and keystore options). */
export const SIGNING_OPTIONS = {
  from: { type: "string" },
  rpc: { type: "string" },
  "gas-price": { type: "string" },
  "gas-limit": { type: "string" },
  legacy: { type: "boolean" },
  wait: { type: "boolean" },
  timeout: { type: "string" },
  keystore: { type: "string" },
  "password-file": { type: "string" },
} as const;

/** Help lines of `SIGNING_OPTIONS` (after a command's own options). */
export const SIGNING_HELP = `  --rpc URL              node JSON-RPC URL (default $CYBERMILES_RPC or http://127.0.0.1:8545)
  --gas-price WEI        legacy: the gas price; EIP-1559: the max fee per gas
                         (default: eth_gasPrice; EIP-1559: 2 × base fee + tip)
  --gas-limit N          gas limit (default: eth_estimateGas)
  --legacy               send a legacy (EIP-155) transaction instead of EIP-1559
  --wait                 wait for the receipt and print its status and block
  --timeout SECONDS      how long --wait waits (default 60)
  --keystore DIR         keystore directory (default $CYBERMILES_KEYSTORE or ~/.cybermiles/keystore)
  --password-file FILE   key password from the first line of FILE (default $CYBERMILES_PASSWORD)`;

/** Parsed values of `SIGNING_OPTIONS`. */
export interface SigningValues {
  from?: string | undefined;
  rpc?: string | undefined;
  "gas-price"?: string | undefined;
  "gas-limit"?: string | undefined;
  legacy?: boolean | undefined;
  wait?: boolean | undefined;
  timeout?: string | undefined;
  keystore?: string | undefined;
  "password-file"?: string | undefined;
}

/** A checked signing setup: the key (still locked), the node, fee and wait options. */
export interface Signer {
  rpc: RpcClient;
  from: Address;
  fromName: string;
  keystore: KeystoreDir;
  passwordFile: string | undefined;
  legacy: boolean;
  gasPrice: bigint | undefined;
  gasLimit: bigint | undefined;
  wait: boolean;
  timeoutMs: number;
}

/** What to send: recipient (an address or module), value in wei and calldata. */
export interface Call {
  to: Address;
  value: bigint;
  data: Uint8Array;
}

/** Fields of a transaction that a summary line may show. */
export interface SentTx extends Call {
  hash: Hex;
  from: Address;
  chainId: bigint;
  nonce: bigint;
  gasLimit: bigint;
  maxFeePerGas: bigint;
}

/** Check the signing options and find the key, before anything is asked of the node. */
export async function prepareSigner(values: SigningValues, io: CliIo): Promise<Signer> {
  if (values.from === undefined) throw new CliError("--from is required (see --help)", 2);
  const gasPrice = uintOption("gas-price", values["gas-price"]);
  const gasLimit = uintOption("gas-limit", values["gas-limit"]);
  const timeoutS = uintOption("timeout", values.timeout) ?? 60n;
  const rpc = new RpcClient(rpcUrl(values.rpc, io.env), { signal: io.stopSignal });
  const keystore = new KeystoreDir(values.keystore ?? defaultKeystoreDir(io.env));
  const from = (await keystore.get(values.from)).address;
  return {
    rpc,
    from,
    fromName: values.from,
    keystore,
    passwordFile: values["password-file"],
    legacy: values.legacy === true,
    gasPrice,
    gasLimit,
    wait: values.wait === true,
    timeoutMs: Number(timeoutS) * 1000,
  };
}

/**
 * Sign `call` with the signer's key and send it; prints `summary(tx)` on stderr and the hash on
 * stdout. A call the node would revert fails at gas estimation with its "execution reverted: …".
 */
export async function signAndSend(
  signer: Signer,
  call: Call,
  io: CliIo,
  summary: (tx: SentTx) => string,
): Promise<SentTx> {
  const { rpc, from } = signer;
  const chainId = quantity(await rpc.request("eth_chainId"), "chain id");
  const nonce = quantity(await rpc.request("eth_getTransactionCount", [from, "pending"]), "nonce");
  const fees = signer.legacy ? await legacyFees(rpc, signer.gasPrice) : await dynamicFees(rpc, signer.gasPrice);
  const request = {
    from,
    to: call.to,
    value: toQuantity(call.value),
    ...(call.data.length > 0 ? { data: toHex(call.data) } : {}),
  };
  const gas = signer.gasLimit ?? quantity(await rpc.request("eth_estimateGas", [request]), "gas estimate");
  const password = await readPassword(signer.passwordFile, io.env);
  const { privateKey } = await signer.keystore.unlock(signer.fromName, password);
  const tx: UnsignedTx = {
    type: signer.legacy ? 0 : 2,
    chainId,
    nonce,
    ...fees,
    gasLimit: gas,
    to: call.to,
    value: call.value,
    data: call.data,
    accessList: [],
  };
  const signed = signTx(tx, privateKey);
  const sent: SentTx = { ...call, hash: signed.hash, from, chainId, nonce, gasLimit: gas, ...fees };
  io.stderr(`${summary(sent)}\n`);
  const hash = await rpc.request<Hex>("eth_sendRawTransaction", [toHex(signed.raw)]);
  io.stdout(`${hash}\n`);
  return { ...sent, hash };
}

/** The usual summary tail: `(chain 18, nonce 5, gas 21000, max fee 2000000000 wei)`. */
export function txDetails(tx: SentTx, legacy: boolean): string {
  return `(chain ${tx.chainId}, nonce ${tx.nonce}, gas ${tx.gasLimit}, ${legacy ? "gas price" : "max fee"} ${tx.maxFeePerGas} wei)`;
}

/** `0xAbC…` checksummed, for summaries. */
export const show = (a: Address) => checksumAddress(a);

type Fees = Pick<UnsignedTx, "maxFeePerGas" | "maxPriorityFeePerGas">;

async function legacyFees(rpc: RpcClient, gasPrice: bigint | undefined): Promise<Fees> {
  const price = gasPrice ?? quantity(await rpc.request("eth_gasPrice"), "gas price");
  return { maxFeePerGas: price, maxPriorityFeePerGas: price };
}

/** EIP-1559: tip from the node; max fee = --gas-price, else 2 × base fee + tip (room for a rising base fee). */
async function dynamicFees(rpc: RpcClient, maxFee: bigint | undefined): Promise<Fees> {
  const tip = quantity(await rpc.request("eth_maxPriorityFeePerGas"), "priority fee");
  let fee = maxFee;
  if (fee === undefined) {
    const block = await rpc.request<{ baseFeePerGas?: unknown } | null>("eth_getBlockByNumber", ["latest", false]);
    fee = 2n * quantity(block?.baseFeePerGas, "base fee") + tip;
  }
  return { maxFeePerGas: fee, maxPriorityFeePerGas: tip < fee ? tip : fee };
}

/** A receipt as the node returns it (the fields the CLI reads). */
export interface RpcReceipt {
  status: unknown;
  blockNumber: unknown;
  gasUsed: unknown;
  logs?: Array<{ address: Address; topics: Hex[]; data: Hex }>;
}

/** How often --wait asks for the receipt (blocks come about every second). */
const RECEIPT_POLL_MS = 500;

/** Poll for the receipt of `hash` until it appears, the timeout passes or the CLI is stopped. */
export async function waitForReceipt(
  rpc: RpcClient,
  hash: Hex,
  timeoutMs: number,
  stop: AbortSignal,
): Promise<RpcReceipt> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const receipt = await rpc.request<RpcReceipt | null>("eth_getTransactionReceipt", [hash]);
    if (receipt !== null) return receipt;
    if (Date.now() >= deadline) {
      throw new CliError(`no receipt for ${hash} after ${timeoutMs / 1000} s; it may still be pending`);
    }
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        stop.removeEventListener("abort", done);
        resolve();
      };
      const timer = setTimeout(done, RECEIPT_POLL_MS);
      stop.addEventListener("abort", done, { once: true });
    });
    if (stop.aborted) throw new CliError(`stopped waiting for ${hash}; it may still be pending`);
  }
}

/** The `status:`, `block:` and `gas used:` lines of a receipt; `ok` is whether it succeeded. */
export function receiptLines(receipt: RpcReceipt): { ok: boolean; text: string } {
  const ok = quantity(receipt.status, "receipt status") === 1n;
  return {
    ok,
    text:
      `status:   ${ok ? "success" : "reverted"}\nblock:    ${quantity(receipt.blockNumber, "block number")}\n` +
      `gas used: ${quantity(receipt.gasUsed, "gas used")}\n`,
  };
}

/** A non-negative integer option as bigint (undefined when absent). */
export function uintOption(name: string, v: string | undefined): bigint | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v)) throw new CliError(`--${name} must be a non-negative integer, got ${JSON.stringify(v)}`, 2);
  return BigInt(v);
}
