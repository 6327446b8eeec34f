import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { type Address, checksumAddress, isAddress, toAddress } from "../../crypto/index.js";
import { ModuleAddress } from "../../modules/addresses.js";
import type { GenesisDoc } from "../../state/genesis.js";
import {
  buildGenesis,
  DEFAULT_BLOCK_GAS_LIMIT,
  DEFAULT_MIN_GAS_PRICE,
  GenesisError,
  genesisSupply,
  validateGenesis,
} from "../../state/genesis-build.js";
import { formatCmt } from "../../types/index.js";
import { readAllocationFile } from "../allocations.js";
import { parseCommandArgs } from "../args.js";
import { CliError, type CliIo, type Command } from "../io.js";

/** Chain id of the original CyberMiles mainnet, kept for production genesis files. */
export const MAINNET_CHAIN_ID = 18n;

const HELP = `Usage: cybermiles genesis <build|validate> [options]

Builds and checks the genesis of a production chain (white paper §7): 1,000,000,000 CMT =
700 M offering (from an allocation file) + 100 M team & partners + 100 M 5miles (both vesting
10 % per quarter over 2.5 years from the genesis time) + 100 M reserve (governance).

Subcommands:
  build      write a genesis.json from an allocation file
  validate   check a genesis.json and print where its supply sits

Run 'cybermiles genesis <subcommand> --help' for its options.
`;

const BUILD_HELP = `Usage: cybermiles genesis build --allocations FILE --team ADDR --5miles ADDR
                              --validator ADDR[:POWER[:NAME]] ... --out FILE [options]

Options:
  --allocations FILE       offering allocations, CSV "address,amount" or JSON; must total exactly
                           700000000 CMT (see src/cli/README.md)
  --unit cmt|wei           unit of the allocation amounts (default cmt: decimals like 1234.5)
  --team ADDR              beneficiary of the 100 M CMT team & partners vesting
  --5miles ADDR            beneficiary of the 100 M CMT 5miles vesting
  --validator ADDR[:POWER[:NAME]]
                           a genesis validator (repeatable; power default 1)
  --chain-id N             chain id (default ${MAINNET_CHAIN_ID}, the original CyberMiles mainnet)
  --genesis-time TIME      ISO 8601 with a time zone (2026-01-01T00:00:00Z) or ms since the epoch
                           (default now); vesting quarters count from it
  --min-gas-price WEI      lowest gas price and base fee (default ${DEFAULT_MIN_GAS_PRICE}, 1 gwei)
  --block-gas-limit N      gas limit of every block (default ${DEFAULT_BLOCK_GAS_LIMIT})
  --out FILE               where to write genesis.json
  --force                  overwrite --out if it exists
  -h, --help               show this help
`;

const VALIDATE_HELP = `Usage: cybermiles genesis validate FILE [--json]

Checks a genesis.json against the genesis rules and prints its supply breakdown; prints every
problem and exits with 1 when it does not add up.

Options:
  --json       print the breakdown (or the problems) as JSON
  -h, --help   show this help
`;

/** `cybermiles genesis`: build and check production genesis files. */
export const run: Command = async (argv, io) => {
  const [sub, ...rest] = argv;
  if (sub === "build") return build(rest, io);
  if (sub === "validate") return validate(rest, io);
  if (sub === undefined || sub === "--help" || sub === "-h" || sub === "help") {
    io.stdout(HELP);
    return 0;
  }
  throw new CliError(`unknown subcommand 'genesis ${sub}' (expected build or validate)`, 2);
};

async function build(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs(argv, {
    allocations: { type: "string" },
    unit: { type: "string" },
    team: { type: "string" },
    "5miles": { type: "string" },
    validator: { type: "string", multiple: true },
    "chain-id": { type: "string" },
    "genesis-time": { type: "string" },
    "min-gas-price": { type: "string" },
    "block-gas-limit": { type: "string" },
    out: { type: "string" },
    force: { type: "boolean" },
  });
  if (values.help) {
    io.stdout(BUILD_HELP);
    return 0;
  }
  const required = (name: string, v: string | undefined): string => {
    if (v === undefined) throw new CliError(`--${name} is required (see --help)`, 2);
    return v;
  };
  const out = required("out", values.out);
  if (existsSync(out) && !values.force) throw new CliError(`${out} exists; pass --force to overwrite it`);
  const unit = values.unit ?? "cmt";
  if (unit !== "cmt" && unit !== "wei") throw new CliError(`--unit must be cmt or wei, got ${JSON.stringify(unit)}`, 2);
  const teamBeneficiary = addressOption("team", required("team", values.team));
  const fiveMilesBeneficiary = addressOption("5miles", required("5miles", values["5miles"]));
  if (!values.validator?.length) throw new CliError("at least one --validator ADDR[:POWER] is required", 2);
  const validators = values.validator.map(parseValidator);
  const offering = await readAllocationFile(required("allocations", values.allocations), { unit });
  let doc: GenesisDoc;
  try {
    doc = buildGenesis({
      chainId: uintOption("chain-id", values["chain-id"]) ?? MAINNET_CHAIN_ID,
      genesisTime: parseGenesisTime(values["genesis-time"]),
      offering,
      teamBeneficiary,
      fiveMilesBeneficiary,
      validators,
      minGasPrice: uintOption("min-gas-price", values["min-gas-price"]) ?? DEFAULT_MIN_GAS_PRICE,
      blockGasLimit: uintOption("block-gas-limit", values["block-gas-limit"]) ?? DEFAULT_BLOCK_GAS_LIMIT,
    });
  } catch (err) {
    if (err instanceof GenesisError) throw new CliError(`genesis refused:\n${bullets(err.problems)}`);
    throw err;
  }
  await writeFile(out, `${JSON.stringify(doc, null, 2)}\n`);
  io.stdout(`wrote ${out}\n${breakdown(doc).join("\n")}\n`);
  return 0;
}

async function validate(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, { json: { type: "boolean" } }, true);
  if (values.help) {
    io.stdout(VALIDATE_HELP);
    return 0;
  }
  if (positionals.length !== 1) throw new CliError("expected one genesis file (see --help)", 2);
  const file = positionals[0] as string;
  let doc: unknown;
  try {
    doc = JSON.parse(await readFile(file, "utf8"));
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    throw new CliError(`cannot read ${file}: ${e.code ?? e.message}`);
  }
  const problems = validateGenesis(doc);
  if (values.json) {
    const result =
      problems.length > 0 ? { valid: false, problems } : { valid: true, supply: supplyJson(doc as GenesisDoc) };
    io.stdout(`${JSON.stringify(result, null, 2)}\n`);
  } else if (problems.length > 0) {
    io.stderr(`${file}: ${problems.length} problem${problems.length === 1 ? "" : "s"}\n${bullets(problems)}\n`);
  } else {
    io.stdout(`${file}: valid\n${breakdown(doc as GenesisDoc).join("\n")}\n`);
  }
  return problems.length > 0 ? 1 : 0;
}

/** Human-readable summary of a valid genesis. */
function breakdown(doc: GenesisDoc): string[] {
  const s = genesisSupply(doc);
  const cmt = (wei: bigint) => `${formatCmt(wei)} CMT`.padStart(24);
  const time = (ms: string) => `${new Date(Number(ms)).toISOString()} (${ms})`;
  const power = doc.consensus.validators.reduce((sum, v) => sum + BigInt(v.power), 0n);
  return [
    `  chain id        ${doc.chainId}`,
    `  genesis time    ${time(doc.genesisTime)}`,
    `  min gas price   ${doc.params.minGasPrice} wei`,
    `  block gas limit ${doc.consensus.blockGasLimit}`,
    `  validators      ${doc.consensus.validators.length} (total power ${power})`,
    ...doc.consensus.validators.map(
      (v) => `    ${checksumAddress(toAddress(v.address))}  power ${v.power}${v.name ? `  ${v.name}` : ""}`,
    ),
    "  supply",
    `    offering  ${cmt(s.offering)}  in ${s.offeringAccounts} accounts`,
    `    vesting   ${cmt(s.vesting)}  held by ${ModuleAddress.vesting}`,
    ...s.schedules.map(
      (v) => `      ${v.label.padEnd(18)} ${formatCmt(v.total)} CMT to ${checksumAddress(toAddress(v.beneficiary))}`,
    ),
    `    reserve   ${cmt(s.reserve)}  held by ${ModuleAddress.reserve}`,
    `    total     ${cmt(s.total)}`,
  ];
}

function supplyJson(doc: GenesisDoc) {
  const s = genesisSupply(doc);
  return {
    offering: s.offering.toString(),
    offeringAccounts: s.offeringAccounts,
    vesting: s.vesting.toString(),
    reserve: s.reserve.toString(),
    total: s.total.toString(),
    schedules: s.schedules.map((v) => ({ ...v, total: v.total.toString() })),
  };
}

const bullets = (lines: string[]) => lines.map((l) => `  - ${l}`).join("\n");

function addressOption(name: string, v: string): Address {
  if (!isAddress(v)) throw new CliError(`--${name}: invalid address ${JSON.stringify(v)}`, 2);
  return toAddress(v);
}

function uintOption(name: string, v: string | undefined): bigint | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v)) throw new CliError(`--${name} must be a non-negative integer, got ${JSON.stringify(v)}`, 2);
  return BigInt(v);
}

/** `ADDR[:POWER[:NAME]]`. */
function parseValidator(spec: string): { address: Address; power: bigint; name?: string } {
  const [address = "", power = "1", ...name] = spec.split(":");
  if (!isAddress(address)) throw new CliError(`--validator ${spec}: invalid address ${JSON.stringify(address)}`, 2);
  if (!/^[1-9]\d*$/.test(power)) throw new CliError(`--validator ${spec}: power must be a positive integer`, 2);
  const v = { address: toAddress(address), power: BigInt(power) };
  return name.length > 0 ? { ...v, name: name.join(":") } : v;
}

/** ms since the epoch, or ISO 8601 with an explicit time zone (a bare date is UTC midnight). */
function parseGenesisTime(v: string | undefined): bigint {
  if (v === undefined) return BigInt(Date.now());
  if (/^\d+$/.test(v)) return BigInt(v);
  const zoned = /^\d{4}-\d{2}-\d{2}$/.test(v) || /T.*(Z|[+-]\d{2}:?\d{2})$/i.test(v);
  const ms = Date.parse(v);
  if (!zoned || Number.isNaN(ms)) {
    throw new CliError(
      `--genesis-time: expected ms or ISO 8601 with a time zone (e.g. 2026-01-01T00:00:00Z), got ${JSON.stringify(v)}`,
      2,
    );
  }
  if (ms < 0) throw new CliError("--genesis-time must not be before 1970", 2);
  return BigInt(ms);
}
