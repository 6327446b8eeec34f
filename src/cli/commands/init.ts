import { copyFileSync } from "node:fs";
import { resolve } from "node:path";
import { NodeConfigSchema } from "../../node/config.js";
import { homePaths, initHome, newValidatorKey } from "../../node/home.js";
import { intOption, parseCommandArgs } from "../args.js";
import { CliError, type Command } from "../io.js";

const HELP = `Usage: cybermiles init --home DIR [options]

Creates a node home: config.json, a new validator key (priv_validator_key.json, mode 0600) and
data/. Put the chain's genesis.json in DIR (--genesis FILE copies one in); for a new chain, build
it with 'cybermiles genesis build --validator <the address printed here> ...'.

Options:
  --home DIR         node home to create (refused if it already holds a node)
  --genesis FILE     copy this genesis.json into the home
  --rpc-port PORT    JSON-RPC port (default 8545)
  --p2p-port PORT    libp2p port (default 26656)
  --p2p-host ADDR    IPv4 address to listen on (default 127.0.0.1; 0.0.0.0 for a public node)
  --peers LIST       comma-separated persistent peers, multiaddrs ending in /p2p/<peer id>
                     (printed by a running node as "p2p:"); a full node follows the chain through them
  --moniker NAME     node name (default "node")
  -h, --help         show this help
`;

/** `cybermiles init`: create a node home. */
export const run: Command = async (argv, io) => {
  const { values } = parseCommandArgs(argv, {
    home: { type: "string" },
    genesis: { type: "string" },
    "rpc-port": { type: "string" },
    "p2p-port": { type: "string" },
    "p2p-host": { type: "string" },
    peers: { type: "string" },
    moniker: { type: "string" },
  });
  if (values.help) {
    io.stdout(HELP);
    return 0;
  }
  if (!values.home) throw new CliError("--home is required (see --help)", 2);
  const home = resolve(values.home);
  const config = NodeConfigSchema.parse({
    moniker: values.moniker ?? "node",
    rpc: { port: intOption("rpc-port", values["rpc-port"], 8545) },
    p2p: {
      listen: [`/ip4/${values["p2p-host"] ?? "127.0.0.1"}/tcp/${intOption("p2p-port", values["p2p-port"], 26656)}`],
      persistentPeers: values.peers
        ? values.peers
            .split(",")
            .map((p) => p.trim())
            .filter((p) => p.length > 0)
        : [],
    },
  });
  const key = newValidatorKey();
  initHome(home, config, null, key);
  if (values.genesis) copyFileSync(resolve(values.genesis), homePaths(home).genesis);
  io.stdout(`initialised node home ${home}\nvalidator address: ${key.address}\n`);
  return 0;
};
