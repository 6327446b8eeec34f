import { resolve } from "node:path";
import { loadHome } from "../../node/home.js";
import { intOption, parseCommandArgs } from "../args.js";
import { CliError, type Command } from "../io.js";
import { runNodeUntilStopped } from "../run-node.js";

const HELP = `Usage: cybermiles start --home DIR [options]

Runs the node whose home is DIR (config.json, genesis.json, priv_validator_key.json, data/),
resuming at its last committed block.

Options:
  --home DIR         node home (required)
  --rpc-port PORT    override the JSON-RPC port of config.json for this run
  -h, --help         show this help
`;

/** `cybermiles start`: run a node from its home. */
export const run: Command = async (argv, io) => {
  const { values } = parseCommandArgs(argv, { home: { type: "string" }, "rpc-port": { type: "string" } });
  if (values.help) {
    io.stdout(HELP);
    return 0;
  }
  if (!values.home) throw new CliError("--home is required (see --help)", 2);
  const home = loadHome(resolve(values.home));
  const rpcPort = values["rpc-port"] === undefined ? undefined : intOption("rpc-port", values["rpc-port"], 0);
  return runNodeUntilStopped(home, io, rpcPort === undefined ? {} : { rpcPort });
};
