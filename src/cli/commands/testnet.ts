import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { intOption, parseCommandArgs } from "../args.js";
import { CliError, type CliIo, type Command } from "../io.js";
import { writeTestnet } from "../testnet-layout.js";

const HELP = `Usage: cybermiles testnet init --validators N --out DIR [options]

Writes everything an N-machine network needs: DIR/node0..DIR/node<N-1>, each a node home with its
config (RPC and p2p ports, the other validators as persistent peers), a new consensus key
(priv_validator_key.json), a new peer key (node_key.json), and one shared genesis.json in which
every validator is bonded by the staking module with 10,000,000 CMT of self-stake from the
offering (the first N dev accounts of the test mnemonic operate them). Copy DIR/node<i> to
machine i and run 'cybermiles start --home DIR/node<i>' there.

Options:
  --validators N       number of validators (1..19)
  --out DIR            output directory (refused if DIR/node0 exists)
  --hosts H0,H1,...    each machine's address as the others dial it (default: all 127.0.0.1)
  --chain-id ID        chain id (default 1819)
  --rpc-port PORT      JSON-RPC port (default 8545)
  --p2p-port PORT      libp2p port (default 26656)
  --accounts N         dev accounts that share the offering (default 10, at least N)
  --block-time MS      target block interval (default 1000)
  --unbonding MS       staking unbonding period (default 604800000: 7 days)
  -h, --help           show this help

With all hosts 127.0.0.1 (one machine), node i uses ports PORT+i and P2P+i and listens on
loopback; with distinct hosts every node uses the same ports and listens on 0.0.0.0.
`;

/** `cybermiles testnet init`: lay out the homes of an N-validator network. */
export const run: Command = async (argv, io) => {
  const [sub, ...rest] = argv;
  if (sub === "init") return init(rest, io);
  if (sub === undefined || sub === "--help" || sub === "-h" || sub === "help") {
    io.stdout(HELP);
    return 0;
  }
  throw new CliError(`unknown subcommand 'testnet ${sub}' (expected init)`, 2);
};

async function init(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs(argv, {
    validators: { type: "string" },
    out: { type: "string" },
    hosts: { type: "string" },
    "chain-id": { type: "string" },
    "rpc-port": { type: "string" },
    "p2p-port": { type: "string" },
    accounts: { type: "string" },
    "block-time": { type: "string" },
    unbonding: { type: "string" },
  });
  if (values.help) {
    io.stdout(HELP);
    return 0;
  }
  if (values.validators === undefined) throw new CliError("--validators is required (see --help)", 2);
  if (values.out === undefined) throw new CliError("--out is required (see --help)", 2);
  const validators = intOption("validators", values.validators, 0);
  if (validators < 1 || validators > 19) throw new CliError("--validators must be between 1 and 19", 2);
  const dir = resolve(values.out);
  if (existsSync(resolve(dir, "node0"))) throw new CliError(`${dir}/node0 already exists`, 1);
  const hosts = values.hosts ? values.hosts.split(",").map((h) => h.trim()) : ["127.0.0.1"];
  for (const h of hosts) {
    if (!/^\d{1,3}(\.\d{1,3}){3}$/.test(h))
      throw new CliError(`--hosts: ${JSON.stringify(h)} is not an IPv4 address`, 2);
  }
  if (hosts.length !== 1 && hosts.length !== validators) {
    throw new CliError(`--hosts: give one address or ${validators} (one per validator), got ${hosts.length}`, 2);
  }
  const oneMachine = hosts.every((h) => h === "127.0.0.1");
  const accounts = intOption("accounts", values.accounts, 10);
  if (accounts < validators || accounts > 1000) throw new CliError("--accounts must be between N and 1000", 2);
  const homes = await writeTestnet({
    dir,
    validators,
    chainId: BigInt(intOption("chain-id", values["chain-id"], 1819)),
    accounts,
    hosts,
    listenHost: oneMachine ? "127.0.0.1" : "0.0.0.0",
    rpcBasePort: intOption("rpc-port", values["rpc-port"], 8545),
    p2pBasePort: intOption("p2p-port", values["p2p-port"], 26656),
    portStep: oneMachine ? 1 : 0,
    blockIntervalMs: intOption("block-time", values["block-time"], 1000),
    genesisTime: BigInt(Date.now()),
    staking: { unbondingTimeMs: String(intOption("unbonding", values.unbonding, 7 * 24 * 3_600_000)) },
  });
  io.stdout(
    `wrote ${homes.length} node homes:\n${homes.map((h) => `  ${h}`).join("\n")}\n` +
      `start each with: cybermiles start --home <home>\n`,
  );
  return 0;
}
