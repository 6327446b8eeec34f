import { isAddress, toAddress } from "../../crypto/index.js";
import { formatCmt, parseCmt } from "../../types/index.js";
import { parseCommandArgs } from "../args.js";
import { CliError, type CliIo, type Command } from "../io.js";
import {
  prepareSigner,
  receiptLines,
  SIGNING_HELP,
  SIGNING_OPTIONS,
  show,
  signAndSend,
  txDetails,
  waitForReceipt,
} from "../send-tx.js";

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
${SIGNING_HELP}
  -h, --help             show this help

Example:
  CYBERMILES_PASSWORD=... cybermiles tx send --from alice --to 0x70997970C51812dc3A010C7d01b50e0d17dc79C8 --amount 1.5 --wait
`;

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
    ...SIGNING_OPTIONS,
    to: { type: "string" },
    amount: { type: "string" },
  });
  if (values.help) {
    io.stdout(SEND_HELP);
    return 0;
  }
  const need = (name: string, v: string | undefined) => {
    if (v === undefined) throw new CliError(`--${name} is required (see --help)`, 2);
    return v;
  };
  need("from", values.from);
  const toText = need("to", values.to);
  if (!isAddress(toText)) throw new CliError(`--to: invalid address ${JSON.stringify(toText)}`, 2);
  const to = toAddress(toText);
  const value = parseAmount(need("amount", values.amount));
  const signer = await prepareSigner(values, io);
  const sent = await signAndSend(
    signer,
    { to, value, data: new Uint8Array(0) },
    io,
    (tx) => `sending ${formatCmt(value)} CMT from ${show(tx.from)} to ${show(to)} ${txDetails(tx, signer.legacy)}`,
  );
  if (!signer.wait) return 0;
  const { ok, text } = receiptLines(await waitForReceipt(signer.rpc, sent.hash, signer.timeoutMs, io.stopSignal));
  io.stdout(text);
  return ok ? 0 : 1;
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
