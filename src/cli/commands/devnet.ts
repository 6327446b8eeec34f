import { existsSync, readdirSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { loadHome } from "../../node/home.js";
import { intOption, parseCommandArgs } from "../args.js";
import { CliError, type Command } from "../io.js";
import { superviseNodes } from "../launcher.js";
import { printDevAccounts, runNodeUntilStopped } from "../run-node.js";
import { writeTestnet } from "../testnet-layout.js";

/** Chain id of local devnets (mainnet keeps the original CyberMiles id 18). */
export const DEVNET_CHAIN_ID = 1818n;

const HELP = `Usage: cybermiles devnet [options]

Runs a local development chain. The first run creates it in DIR (genesis: the 700 M CMT offering
split among the dev accounts of the standard test mnemonic; the first N accounts operate the N
validators, each bonding 10,000,000 CMT of self-stake); later runs resume it from there.

With one validator the node runs in this process. With --validators N > 1 each validator is a
separate OS process (homes DIR/node0..DIR/node<N-1>, real libp2p on loopback), node i serving
JSON-RPC on PORT+i and p2p on P2P+i. Killing one node does not stop the others; restart it alone
with 'cybermiles start --home DIR/node<i>'.

Options:
  --dir DIR            devnet directory (default ./.devnet)
  --validators N       number of validators, each its own process when N > 1 (default 1)
  --rpc-port PORT      JSON-RPC port of node 0, HTTP and WebSocket (default 8545)
  --p2p-port PORT      libp2p port of node 0 (default 26656; a lone validator picks any free port)
  --accounts N         dev accounts to fund (default 10)
  --block-time MS      target block interval (default 1000)
  --block-gas-limit N  gas limit of every block, for a new devnet (default 30,000,000)
  --unbonding MS       staking unbonding period, for a new devnet (default 60000: one minute)
  --downtime-window N  blocks of staking's downtime window, for a new devnet (default 10000);
                       a validator missing more than half of them is jailed
  --downtime-jail MS   time in jail before 'unjail' is accepted, for a new devnet (default 600000)
  --reset              delete DIR first and start a new chain
  -h, --help           show this help
`;

/** A whole number ≥ 1 given to `--name`. */
function positive(name: string, raw: string): number {
  const n = intOption(name, raw, 1);
  if (n < 1) throw new CliError(`--${name} must be at least 1`, 2);
  return n;
}

/** `cybermiles devnet`: create (first run) or resume a local chain and run it. */
export const run: Command = async (argv, io) => {
  const { values } = parseCommandArgs(argv, {
    dir: { type: "string" },
    "rpc-port": { type: "string" },
    "p2p-port": { type: "string" },
    validators: { type: "string" },
    accounts: { type: "string" },
    "block-time": { type: "string" },
    "block-gas-limit": { type: "string" },
    unbonding: { type: "string" },
    "downtime-window": { type: "string" },
    "downtime-jail": { type: "string" },
    reset: { type: "boolean" },
  });
  if (values.help) {
    io.stdout(HELP);
    return 0;
  }
  const dir = resolve(values.dir ?? ".devnet");
  const validators = intOption("validators", values.validators, 1);
  if (validators < 1 || validators > 19) throw new CliError("--validators must be between 1 and 19", 2);
  const accounts = intOption("accounts", values.accounts, 10);
  if (accounts < validators || accounts > 1000) {
    throw new CliError(`--accounts must be between ${validators} (one per validator) and 1000`, 2);
  }
  const rpcPort = values["rpc-port"] === undefined ? undefined : intOption("rpc-port", values["rpc-port"], 8545);
  const p2pPort = values["p2p-port"] === undefined ? undefined : intOption("p2p-port", values["p2p-port"], 26656);
  if (values.reset) rmSync(dir, { recursive: true, force: true });

  if (!existsSync(join(dir, "node0", "config.json"))) {
    await writeTestnet({
      dir,
      validators,
      chainId: DEVNET_CHAIN_ID,
      accounts,
      hosts: ["127.0.0.1"],
      listenHost: "127.0.0.1",
      rpcBasePort: rpcPort ?? 8545,
      // A lone validator has no peers to tell its port: any free one avoids clashes.
      p2pBasePort: p2pPort ?? (validators === 1 ? 0 : 26656),
      portStep: 1,
      blockIntervalMs: intOption("block-time", values["block-time"], 1000),
      genesisTime: BigInt(Date.now()),
      staking: {
        unbondingTimeMs: String(intOption("unbonding", values.unbonding, 60_000)),
        ...(values["downtime-window"] === undefined
          ? {}
          : { signedBlocksWindow: positive("downtime-window", values["downtime-window"]) }),
        ...(values["downtime-jail"] === undefined
          ? {}
          : { downtimeJailMs: String(positive("downtime-jail", values["downtime-jail"])) }),
      },
      ...(values["block-gas-limit"] === undefined
        ? {}
        : { blockGasLimit: BigInt(intOption("block-gas-limit", values["block-gas-limit"], 0)) }),
    });
    io.stdout(`created devnet in ${dir} (${validators} validator${validators === 1 ? "" : "s"})\n`);
  } else {
    io.stdout(`resuming devnet in ${dir} (use --reset for a new chain)\n`);
  }
  const homes = readdirSync(dir)
    .filter((d) => /^node\d+$/.test(d) && existsSync(join(dir, d, "config.json")))
    .sort((a, b) => Number(a.slice(4)) - Number(b.slice(4)));
  if (homes.length === 1) {
    const loaded = loadHome(join(dir, "node0"));
    return runNodeUntilStopped(loaded, io, {
      ...(rpcPort === undefined ? {} : { rpcPort }),
      showDevAccounts: accounts,
    });
  }
  io.stdout(
    `${homes.map((h) => `  ${h}: RPC http://127.0.0.1:${loadHome(join(dir, h)).config.rpc.port}`).join("\n")}\n`,
  );
  printDevAccounts(io, accounts);
  return superviseNodes(
    homes.map((name) => ({ name, home: join(dir, name) })),
    io,
  );
};
