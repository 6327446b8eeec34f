import { type ParseArgsConfig, parseArgs } from "node:util";
import { CliError } from "./io.js";

type Options = NonNullable<ParseArgsConfig["options"]>;

/** parseArgs with `--help` built in and parse errors turned into CliErrors (exit code 2). */
export function parseCommandArgs<O extends Options>(argv: string[], options: O, allowPositionals = false) {
  try {
    return parseArgs({
      args: argv,
      options: { ...options, help: { type: "boolean", short: "h" } },
      allowPositionals,
      strict: true,
    });
  } catch (err) {
    throw new CliError(`${(err as Error).message} (see --help)`, 2);
  }
}

/** A non-negative integer option. */
export function intOption(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value))
    throw new CliError(`--${name} must be a non-negative integer, got ${JSON.stringify(value)}`, 2);
  return Number(value);
}
