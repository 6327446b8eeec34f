import { existsSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { devAccounts } from "../../crypto/index.js";
import { NodeConfigSchema } from "../../node/config.js";
import { initHome, loadHome, newValidatorKey } from "../../node/home.js";
import { buildGenesis } from "../../state/genesis-build.js";
import { OFFERING_SUPPLY } from "../../types/index.js";
import { intOption, parseCommandArgs } from "../args.js";
import { CliError, type Command } from "../io.js";
import { runNodeUntilStopped } from "../run-node.js";

/** Chain id of local devnets (mainnet keeps the original CyberMiles id 18). */
export const DEVNET_CHAIN_ID = 1818n;

const HELP = `Usage: cybermiles devnet [options]

Runs a local development chain with one validator. The first run creates the chain in
DIR/node0 (genesis: the 700 M CMT offering split among the dev accounts of the standard test
mnemonic); later runs resume it from there.

Options:
  --dir DIR            devnet directory (default ./.devnet)
  --rpc-port PORT      JSON-RPC port, HTTP and WebSocket (default 8545)
  --validators N       number of validators (only 1 until BFT consensus lands)
  --accounts N         dev accounts to fund (default 10)
  --block-time MS      target block interval (default 1000)
  --block-gas-limit N  gas limit of every block, for a new devnet (default 30,000,000)
  --reset              delete DIR first and start a new chain
  -h, --help           show this help
`;

/** `cybermiles devnet`: create (first run) or resume a local chain and run it. */
export const run: Command = async (argv, io) => {
  const { values } = parseCommandArgs(argv, {
    dir: { type: "string" },
    "rpc-port": { type: "string" },
    validators: { type: "string" },
    accounts: { type: "string" },
    "block-time": { type: "string" },
    "block-gas-limit": { type: "string" },
    reset: { type: "boolean" },
  });
  if (values.help) {
    io.stdout(HELP);
    return 0;
  }
  const dir = resolve(values.dir ?? ".devnet");
  const validators = intOption("validators", values.validators, 1);
  if (validators !== 1) {
    throw new CliError(
      `--validators ${validators}: this build runs a single validator; multi-validator devnets come with BFT consensus`,
      2,
    );
  }
  const accounts = intOption("accounts", values.accounts, 10);
  if (accounts < 1 || accounts > 1000) throw new CliError("--accounts must be between 1 and 1000", 2);
  const rpcPort = values["rpc-port"] === undefined ? undefined : intOption("rpc-port", values["rpc-port"], 8545);
  const home = join(dir, "node0");
  if (values.reset) rmSync(dir, { recursive: true, force: true });

  if (!existsSync(join(home, "config.json"))) {
    const dev = devAccounts(accounts + 2);
    const funded = dev.slice(0, accounts);
    const each = OFFERING_SUPPLY / BigInt(accounts);
    const key = newValidatorKey();
    const genesis = buildGenesis({
      chainId: DEVNET_CHAIN_ID,
      genesisTime: BigInt(Date.now()),
      // The remainder of an uneven split goes to account 0 so the offering is exactly 700 M.
      offering: funded.map((a, i) => ({
        address: a.address,
        amount: i === 0 ? OFFERING_SUPPLY - each * BigInt(accounts - 1) : each,
      })),
      teamBeneficiary: (dev[accounts] as (typeof dev)[number]).address,
      fiveMilesBeneficiary: (dev[accounts + 1] as (typeof dev)[number]).address,
      validators: [{ address: key.address, power: 1n, name: "node0" }],
      ...(values["block-gas-limit"] === undefined
        ? {}
        : { blockGasLimit: BigInt(intOption("block-gas-limit", values["block-gas-limit"], 0)) }),
    });
    const config = NodeConfigSchema.parse({
      moniker: "node0",
      rpc: { port: rpcPort ?? 8545 },
      consensus: { blockIntervalMs: intOption("block-time", values["block-time"], 1000) },
    });
    initHome(home, config, genesis, key);
    io.stdout(`created devnet in ${dir}\n`);
  } else {
    io.stdout(`resuming devnet in ${dir} (use --reset for a new chain)\n`);
  }
  const loaded = loadHome(home);
  return runNodeUntilStopped(loaded, io, { ...(rpcPort === undefined ? {} : { rpcPort }), showDevAccounts: accounts });
};
