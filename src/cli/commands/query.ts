import { type Address, checksumAddress, isAddress, toAddress } from "../../crypto/index.js";
import { isHex, toQuantity } from "../../lib/index.js";
import { formatCmt } from "../../types/index.js";
import { parseCommandArgs } from "../args.js";
import { BLOCK_TAGS, blockParam } from "../block-param.js";
import { CliError, type CliIo, type Command } from "../io.js";
import { defaultKeystoreDir, KeystoreDir } from "../keystore-dir.js";
import { quantity, RpcClient, rpcUrl } from "../rpc-client.js";

const COMMON = `Options:
  --rpc URL      node JSON-RPC URL (default $CYBERMILES_RPC or http://127.0.0.1:8545)
  --json         print the node's answer as JSON
  -h, --help     show this help
`;

const HELP = `Usage: cybermiles query <subcommand> [options]

Reads from a running node over JSON-RPC.

Subcommands:
  balance ADDR|NAME      CMT balance of an address (or of a keystore key's address)
  block [N|latest|HASH]  a block (default latest)
  tx HASH                a transaction and its receipt
  txpool [ADDR|NAME]     the mempool's counts, or an account's waiting transactions and why
  status                 chain id, height, head block, validators, mempool (cmt_status)

${COMMON}`;

const SUB_HELP: Record<string, string> = {
  balance: `Usage: cybermiles query balance ADDR|NAME [options]

Prints the balance at the latest block, in CMT.

  --block N|HASH  the balance after that block instead (the node keeps the last 128 blocks' state)
  --keystore DIR  where NAME is looked up (default $CYBERMILES_KEYSTORE or ~/.cybermiles/keystore)
${COMMON}`,
  block: `Usage: cybermiles query block [N|latest|HASH] [options]

Prints a block's header and its transaction hashes.

${COMMON}`,
  tx: `Usage: cybermiles query tx HASH [options]

Prints a transaction and, once it is in a block, its receipt.

${COMMON}`,
  txpool: `Usage: cybermiles query txpool [ADDR|NAME] [options]

Without an account: how many transactions the node's mempool holds, pending (executable now) and
queued. With one: that account's transactions in the mempool by nonce, each pending or queued
(queued: it waits for a missing nonce or for funds).

  --keystore DIR  where NAME is looked up (default $CYBERMILES_KEYSTORE or ~/.cybermiles/keystore)
${COMMON}`,
  status: `Usage: cybermiles query status [options]

Prints the node's chain status (cmt_status).

${COMMON}`,
};

const HASH_RE = /^0x[0-9a-fA-F]{64}$/;

/** `cybermiles query`: balances, blocks, transactions and node status from a running node. */
export const run: Command = async (argv, io) => {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === "--help" || sub === "-h" || sub === "help") {
    io.stdout(HELP);
    return 0;
  }
  const help = SUB_HELP[sub];
  if (help === undefined)
    throw new CliError(`unknown subcommand 'query ${sub}' (expected balance, block, tx, txpool or status)`, 2);
  const options = {
    rpc: { type: "string" },
    json: { type: "boolean" },
    keystore: { type: "string" },
    block: { type: "string" },
  } as const;
  const { values, positionals } = parseCommandArgs(rest, options, true);
  if (values.help) {
    io.stdout(help);
    return 0;
  }
  if (values.keystore !== undefined && sub !== "balance" && sub !== "txpool")
    throw new CliError(`'query ${sub}' has no option --keystore`, 2);
  if (values.block !== undefined && sub !== "balance") throw new CliError(`'query ${sub}' has no option --block`, 2);
  const arity = { balance: [1, 1], block: [0, 1], tx: [1, 1], txpool: [0, 1], status: [0, 0] }[sub] ?? [0, 0];
  if (positionals.length < (arity[0] ?? 0) || positionals.length > (arity[1] ?? 0)) {
    throw new CliError(`wrong number of arguments (see 'cybermiles query ${sub} --help')`, 2);
  }
  const rpc = new RpcClient(rpcUrl(values.rpc, io.env), { signal: io.stopSignal });
  const json = values.json === true;
  const arg = positionals[0];
  switch (sub) {
    case "balance":
      return balance(rpc, await resolveAccount(arg as string, values.keystore, io), blockParam(values.block), json, io);
    case "txpool":
      return arg === undefined
        ? txpoolStatus(rpc, json, io)
        : txpool(rpc, await resolveAccount(arg, values.keystore, io), json, io);
    case "block":
      return block(rpc, arg ?? "latest", json, io);
    case "tx":
      return tx(rpc, arg as string, json, io);
    default:
      return status(rpc, json, io);
  }
};

async function resolveAccount(arg: string, keystore: string | undefined, io: CliIo): Promise<Address> {
  if (isAddress(arg)) return toAddress(arg);
  if (arg.startsWith("0x")) throw new CliError(`invalid address ${JSON.stringify(arg)}`, 2);
  return (await new KeystoreDir(keystore ?? defaultKeystoreDir(io.env)).get(arg)).address;
}

async function balance(
  rpc: RpcClient,
  address: Address,
  at: string | { blockHash: string },
  json: boolean,
  io: CliIo,
): Promise<number> {
  const wei = quantity(await rpc.request("eth_getBalance", [address, at]), "balance");
  if (json)
    io.stdout(`${JSON.stringify({ address: checksumAddress(address), wei: wei.toString(), cmt: formatCmt(wei) })}\n`);
  else io.stdout(`${formatCmt(wei)} CMT\n`);
  return 0;
}

async function block(rpc: RpcClient, which: string, json: boolean, io: CliIo): Promise<number> {
  let b: Record<string, unknown> | null;
  if (HASH_RE.test(which)) b = await rpc.request("eth_getBlockByHash", [which, false]);
  else if (/^\d+$/.test(which)) b = await rpc.request("eth_getBlockByNumber", [toQuantity(BigInt(which)), false]);
  else if (BLOCK_TAGS.includes(which)) {
    b = await rpc.request("eth_getBlockByNumber", [which, false]);
  } else throw new CliError(`expected a block number, 'latest' or a block hash, got ${JSON.stringify(which)}`, 2);
  if (b === null) throw new CliError(`block ${which} not found`);
  if (json) {
    io.stdout(`${JSON.stringify(b, null, 2)}\n`);
    return 0;
  }
  const txs = Array.isArray(b.transactions) ? (b.transactions as unknown[]) : [];
  const seconds = quantity(b.timestamp, "timestamp");
  const lines = [
    `block      ${quantity(b.number, "block number")}`,
    `hash       ${String(b.hash)}`,
    `parent     ${String(b.parentHash)}`,
    `time       ${new Date(Number(seconds) * 1000).toISOString()} (${seconds})`,
    `proposer   ${isAddress(b.miner) ? checksumAddress(toAddress(b.miner)) : String(b.miner)}`,
    `gas used   ${quantity(b.gasUsed, "gas used")} of ${quantity(b.gasLimit, "gas limit")}`,
    ...(b.baseFeePerGas === undefined ? [] : [`base fee   ${quantity(b.baseFeePerGas, "base fee")} wei`]),
    `state root ${String(b.stateRoot)}`,
    `txs        ${txs.length}`,
    ...txs.map((t) => `  ${typeof t === "string" ? t : String((t as { hash?: unknown }).hash)}`),
  ];
  io.stdout(`${lines.join("\n")}\n`);
  return 0;
}

async function tx(rpc: RpcClient, hash: string, json: boolean, io: CliIo): Promise<number> {
  if (!HASH_RE.test(hash)) throw new CliError(`invalid transaction hash ${JSON.stringify(hash)}`, 2);
  const t = await rpc.request<Record<string, unknown> | null>("eth_getTransactionByHash", [hash]);
  if (t === null) throw new CliError(`transaction ${hash} not found`);
  const r = await rpc.request<Record<string, unknown> | null>("eth_getTransactionReceipt", [hash]);
  if (json) {
    io.stdout(`${JSON.stringify({ transaction: t, receipt: r }, null, 2)}\n`);
    return 0;
  }
  const addr = (a: unknown) => (isAddress(a) ? checksumAddress(toAddress(a)) : "(contract creation)");
  const type = quantity(t.type ?? "0x0", "type");
  const lines = [
    `hash       ${hash}`,
    `status     ${r === null ? "pending" : quantity(r.status, "status") === 1n ? "success" : "reverted"}`,
    ...(t.blockNumber === null || t.blockNumber === undefined
      ? []
      : [`block      ${quantity(t.blockNumber, "block number")} (index ${quantity(t.transactionIndex, "index")})`]),
    `from       ${addr(t.from)}`,
    `to         ${addr(t.to)}`,
    `value      ${formatCmt(quantity(t.value, "value"))} CMT`,
    `nonce      ${quantity(t.nonce, "nonce")}`,
    `type       ${type === 2n ? "2 (EIP-1559)" : type === 0n ? "0 (legacy)" : String(type)}`,
    `gas limit  ${quantity(t.gas, "gas")}`,
    type === 2n
      ? `max fee    ${quantity(t.maxFeePerGas, "max fee")} wei (tip ${quantity(t.maxPriorityFeePerGas, "tip")} wei)`
      : `gas price  ${quantity(t.gasPrice, "gas price")} wei`,
  ];
  if (r !== null) {
    const gasUsed = quantity(r.gasUsed, "gas used");
    const price = quantity(r.effectiveGasPrice, "effective gas price");
    lines.push(`gas used   ${gasUsed} at ${price} wei`, `fee        ${formatCmt(gasUsed * price)} CMT`);
    if (isHex(r.contractAddress)) lines.push(`contract   ${addr(r.contractAddress)}`);
    lines.push(`logs       ${Array.isArray(r.logs) ? r.logs.length : 0}`);
  }
  io.stdout(`${lines.join("\n")}\n`);
  return 0;
}

async function txpoolStatus(rpc: RpcClient, json: boolean, io: CliIo): Promise<number> {
  const s = await rpc.request<{ pending: unknown; queued: unknown }>("txpool_status");
  if (json) io.stdout(`${JSON.stringify(s, null, 2)}\n`);
  else io.stdout(`${quantity(s.pending, "pending")} pending, ${quantity(s.queued, "queued")} queued\n`);
  return 0;
}

type PoolTxs = Record<string, Record<string, unknown>>;

async function txpool(rpc: RpcClient, address: Address, json: boolean, io: CliIo): Promise<number> {
  const c = await rpc.request<{ pending: PoolTxs; queued: PoolTxs }>("txpool_contentFrom", [address]);
  if (json) {
    io.stdout(`${JSON.stringify(c, null, 2)}\n`);
    return 0;
  }
  const nonceOf = (key: string) => {
    if (!/^\d+$/.test(key))
      throw new CliError(`the node answered txpool_contentFrom with a bad nonce ${JSON.stringify(key)}`);
    return BigInt(key);
  };
  const rows = [
    ...Object.entries(c.pending).map(([nonce, t]) => ({ nonce: nonceOf(nonce), t, state: "pending" })),
    ...Object.entries(c.queued).map(([nonce, t]) => ({ nonce: nonceOf(nonce), t, state: "queued " })),
  ].sort((a, b) => (a.nonce < b.nonce ? -1 : 1));
  if (rows.length === 0) {
    io.stdout(`no transactions of ${checksumAddress(address)} in the mempool\n`);
    return 0;
  }
  const next = quantity(await rpc.request("eth_getTransactionCount", [address, "latest"]), "nonce");
  const lines = rows.map(
    ({ nonce, t, state }) =>
      `nonce ${nonce}  ${state}  ${String(t.hash)}  ${formatCmt(quantity(t.value, "value"))} CMT`,
  );
  if (rows.some((r) => r.state !== "pending")) {
    // The first nonce the pool is missing from the account's next one on: a queued one above it waits for it.
    const held = new Set(rows.map((r) => r.nonce));
    let missing = next;
    while (held.has(missing)) missing++;
    lines.push(
      rows.some((r) => r.nonce > missing)
        ? `queued: waiting for nonce ${missing} (the account's next nonce is ${next})`
        : "queued: the balance does not cover them yet",
    );
  }
  io.stdout(`${lines.join("\n")}\n`);
  return 0;
}

async function status(rpc: RpcClient, json: boolean, io: CliIo): Promise<number> {
  const s = await rpc.request<Record<string, unknown>>("cmt_status");
  if (json) {
    io.stdout(`${JSON.stringify(s, null, 2)}\n`);
    return 0;
  }
  const chainId = quantity(s.chainId, "chain id");
  const blockTime = quantity(s.blockTime, "block time"); // ms, as the chain keeps it
  const validators = Array.isArray(s.validators) ? (s.validators as Array<{ address?: unknown; power?: unknown }>) : [];
  const mempool = (s.mempool ?? {}) as { pending?: unknown; queued?: unknown };
  const lines = [
    `chain id    ${chainId} (0x${chainId.toString(16)})`,
    `height      ${quantity(s.height, "height")}`,
    `block hash  ${String(s.blockHash)}`,
    `state root  ${String(s.stateRoot)}`,
    `block time  ${new Date(Number(blockTime)).toISOString()}`,
    `mempool     ${quantity(mempool.pending, "pending count")} pending, ${quantity(mempool.queued, "queued count")} queued`,
    `version     ${String(s.version)}`,
    `validators  ${validators.length}`,
    ...validators.map(
      (v) =>
        `  ${isAddress(v.address) ? checksumAddress(toAddress(v.address)) : String(v.address)}  power ${quantity(v.power, "power")}`,
    ),
  ];
  io.stdout(`${lines.join("\n")}\n`);
  return 0;
}
