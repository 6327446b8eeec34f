import { checksumAddress, isAddress, toAddress } from "../../crypto/index.js";
import { type Hex, toHex, toQuantity } from "../../lib/index.js";
import { formatCmt, parseCmt, signTx, type UnsignedTx } from "../../types/index.js";
import { parseCommandArgs } from "../args.js";
import { CliError, type CliIo, type Command } from "../io.js";
import { defaultKeystoreDir, KeystoreDir, readPassword } from "../keystore-dir.js";
import { quantity, RpcClient, rpcUrl } from "../rpc-client.js";

const HELP = `Usage: cybermiles tx <subcommand> [options]

Subcommands:
  send   sign a CMT transfer with a key of the keystore and send it to a node

Run 'cybermiles tx send --help' for its options.
`;

const SEND_HELP = `Usage: cybermiles tx send --from NAME --to ADDR --amount CMT [options]

Signs a CMT transfer (EIP-1559 by default) with the keystore key NAME, sends it and prints its
hash. Chain id, nonce (counting pending transactions), fees and gas come from the node.

Options:
  --from NAME            key name in the keystore (or its address)
  --to ADDR              recipient address
  --amount CMT           amount in CMT, a decimal like 1.5 (up to 18 decimals)
  --rpc URL              node JSON-RPC URL (default $CYBERMILES_RPC or http://127.0.0.1:8545)
  --gas-price WEI        legacy: the gas price; EIP-1559: the max fee per gas
                         (default: eth_gasPrice; EIP-1559: 2 × base fee + tip)
  --gas-limit N          gas limit (default: eth_estimateGas)
  --legacy               send a legacy (EIP-155) transaction instead of EIP-1559
  --wait                 wait for the receipt and print its status and block
  --timeout SECONDS      how long --wait waits (default 60)
  --keystore DIR         keystore directory (default $CYBERMILES_KEYSTORE or ~/.cybermiles/keystore)
  --password-file FILE   key password from the first line of FILE (default $CYBERMILES_PASSWORD)
  -h, --help             show this help

Example:
  CYBERMILES_PASSWORD=... cybermiles tx send --from alice --to 0x70997970C51812dc3A010C7d01b50e0d17dc79C8 --amount 1.5 --wait
`;

/** How often --wait asks for the receipt (blocks come about every second). */
const RECEIPT_POLL_MS = 500;

/** `cybermiles tx`: sign and send transactions. */
export const run: Command = async (argv, io) => {
  const [sub, ...rest] = argv;
  if (sub === "send") return send(rest, io);
  if (sub === undefined || sub === "--help" || sub === "-h" || sub === "help") {
    io.stdout(HELP);
    return 0;
  }
  throw new CliError(`unknown subcommand 'tx ${sub}' (expected send)`, 2);
};

async function send(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs(argv, {
    from: { type: "string" },
    to: { type: "string" },
    amount: { type: "string" },
    rpc: { type: "string" },
    "gas-price": { type: "string" },
    "gas-limit": { type: "string" },
    legacy: { type: "boolean" },
    wait: { type: "boolean" },
    timeout: { type: "string" },
    keystore: { type: "string" },
    "password-file": { type: "string" },
  });
  if (values.help) {
    io.stdout(SEND_HELP);
    return 0;
  }
  const need = (name: string, v: string | undefined) => {
    if (v === undefined) throw new CliError(`--${name} is required (see --help)`, 2);
    return v;
  };
  const fromName = need("from", values.from);
  const toText = need("to", values.to);
  if (!isAddress(toText)) throw new CliError(`--to: invalid address ${JSON.stringify(toText)}`, 2);
  const to = toAddress(toText);
  const value = parseAmount(need("amount", values.amount));
  const gasPrice = uint("gas-price", values["gas-price"]);
  const gasLimit = uint("gas-limit", values["gas-limit"]);
  const timeoutS = uint("timeout", values.timeout) ?? 60n;
  const rpc = new RpcClient(rpcUrl(values.rpc, io.env), { signal: io.stopSignal });
  const keystore = new KeystoreDir(values.keystore ?? defaultKeystoreDir(io.env));
  const from = (await keystore.get(fromName)).address;

  const chainId = quantity(await rpc.request("eth_chainId"), "chain id");
  const nonce = quantity(await rpc.request("eth_getTransactionCount", [from, "pending"]), "nonce");
  const fees = values.legacy ? await legacyFees(rpc, gasPrice) : await dynamicFees(rpc, gasPrice);
  const call = { from, to, value: toQuantity(value) };
  const gas = gasLimit ?? quantity(await rpc.request("eth_estimateGas", [call]), "gas estimate");
  const { privateKey } = await keystore.unlock(fromName, await readPassword(values["password-file"], io.env));
  const tx: UnsignedTx = {
    type: values.legacy ? 0 : 2,
    chainId,
    nonce,
    ...fees,
    gasLimit: gas,
    to,
    value,
    data: new Uint8Array(0),
    accessList: [],
  };
  const signed = signTx(tx, privateKey);
  io.stderr(
    `sending ${formatCmt(value)} CMT from ${checksumAddress(from)} to ${checksumAddress(to)}` +
      ` (chain ${chainId}, nonce ${nonce}, gas ${gas}, ${values.legacy ? "gas price" : "max fee"} ${fees.maxFeePerGas} wei)\n`,
  );
  const hash = await rpc.request<Hex>("eth_sendRawTransaction", [toHex(signed.raw)]);
  io.stdout(`${hash}\n`);
  if (!values.wait) return 0;
  const receipt = await waitForReceipt(rpc, hash, Number(timeoutS) * 1000, io.stopSignal);
  const ok = quantity(receipt.status, "receipt status") === 1n;
  io.stdout(
    `status:   ${ok ? "success" : "reverted"}\nblock:    ${quantity(receipt.blockNumber, "block number")}\n` +
      `gas used: ${quantity(receipt.gasUsed, "gas used")}\n`,
  );
  return ok ? 0 : 1;
}

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

interface RpcReceipt {
  status: unknown;
  blockNumber: unknown;
  gasUsed: unknown;
}

async function waitForReceipt(rpc: RpcClient, hash: Hex, timeoutMs: number, stop: AbortSignal): Promise<RpcReceipt> {
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

function parseAmount(text: string): bigint {
  try {
    return parseCmt(text);
  } catch {
    throw new CliError(
      `--amount: invalid CMT amount ${JSON.stringify(text)} (a decimal like 1.5, at most 18 decimals)`,
      2,
    );
  }
}

function uint(name: string, v: string | undefined): bigint | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v)) throw new CliError(`--${name} must be a non-negative integer, got ${JSON.stringify(v)}`, 2);
  return BigInt(v);
}
