import { CliError, type CliIo, type Command } from "./io.js";
import { MODULE_COMMANDS } from "./modules/registry.js";

const COMMANDS: Record<string, { summary: string; load: () => Promise<Command> }> = {
  init: {
    summary: "create a node home (config, keys, genesis)",
    load: async () => (await import("./commands/init.js")).run,
  },
  start: { summary: "run a node from its home", load: async () => (await import("./commands/start.js")).run },
  devnet: { summary: "run a local development chain", load: async () => (await import("./commands/devnet.js")).run },
  testnet: {
    summary: "lay out the node homes of an N-validator network",
    load: async () => (await import("./commands/testnet.js")).run,
  },
  genesis: {
    summary: "build and check a production genesis",
    load: async () => (await import("./commands/genesis.js")).run,
  },
  keys: { summary: "manage keys in an encrypted keystore", load: async () => (await import("./commands/keys.js")).run },
  tx: { summary: "sign and send transactions", load: async () => (await import("./commands/tx.js")).run },
  query: {
    summary: "read balances, blocks and transactions",
    load: async () => (await import("./commands/query.js")).run,
  },
  // System module commands (`cybermiles escrow open ...`), one per entry of MODULE_COMMANDS.
  ...Object.fromEntries(
    Object.entries(MODULE_COMMANDS).map(([name, entry]) => [
      name,
      {
        summary: `${entry.summary} (module)`,
        load: async () => (await import("./module-command.js")).moduleCommand(entry),
      },
    ]),
  ),
};

function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(12)} ${c.summary}`);
  return `Usage: cybermiles <command> [options]\n\nCommands:\n${lines.join("\n")}\n\nRun 'cybermiles <command> --help' for a command's options.\n`;
}

/** Process-level I/O for the real command line. */
function processIo(): CliIo {
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  return {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    env: process.env,
    stopSignal: controller.signal,
  };
}

/** Run the CLI; returns the exit code. */
export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    io.stdout(usage());
    return 0;
  }
  const cmd = COMMANDS[name];
  if (!cmd) {
    io.stderr(`error: unknown command '${name}'\n\n${usage()}`);
    return 2;
  }
  try {
    return await (await cmd.load())(rest, io);
  } catch (err) {
    if (err instanceof CliError) {
      io.stderr(`error: ${err.message}\n`);
      return err.exitCode;
    }
    throw err;
  }
}
