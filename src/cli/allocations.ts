import { readFile } from "node:fs/promises";
import { basename, extname } from "node:path";
import { type Address, isAddress, toAddress } from "../crypto/index.js";
import { formatCmt, OFFERING_SUPPLY, parseCmt } from "../types/index.js";
import { CliError } from "./io.js";

/** One offering allocation: an account and its CMT in wei. */
export interface Allocation {
  address: Address;
  amount: bigint;
}

/** How allocation files are read. */
export interface AllocationOptions {
  /** "csv" or "json"; default: from the file extension, else from the content. */
  format?: "csv" | "json";
  /** Unit of the amounts: "cmt" (decimal, up to 18 places; default) or "wei" (integers). */
  unit?: "cmt" | "wei";
  /** Required total in wei; default the white paper's 700,000,000 CMT offering. null: no check. */
  expectedTotal?: bigint | null;
  /** Name used in error messages (the file name). */
  source?: string;
}

/** Read and check an allocation file (CSV or JSON); throws `CliError` naming the offending line. */
export async function readAllocationFile(path: string, opts: AllocationOptions = {}): Promise<Allocation[]> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (err) {
    throw new CliError(`cannot read allocation file ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  const ext = extname(path).toLowerCase();
  const format = opts.format ?? (ext === ".json" ? "json" : ext === ".csv" ? "csv" : undefined);
  return parseAllocations(text, { ...opts, source: opts.source ?? basename(path), ...(format ? { format } : {}) });
}

/**
 * Parse allocations from CSV (`address,amount` per line, optional header, `#` comments) or JSON
 * (`[{"address","amount"}]` or `{"<address>": "<amount>"}`), then check the total.
 */
export function parseAllocations(text: string, opts: AllocationOptions = {}): Allocation[] {
  const source = opts.source ?? "allocations";
  const format = opts.format ?? (/^\s*[[{]/.test(text) ? "json" : "csv");
  const unit = opts.unit ?? "cmt";
  const entries = format === "json" ? jsonEntries(text, source) : csvEntries(text, source);
  const out: Allocation[] = [];
  const firstSeen = new Map<string, string>();
  for (const e of entries) {
    const fail = (msg: string): never => {
      throw new CliError(`${source} ${e.where}: ${msg}`);
    };
    if (!isAddress(e.address)) fail(`invalid address ${JSON.stringify(e.address)}`);
    const address = toAddress(e.address);
    const first = firstSeen.get(address);
    if (first !== undefined) fail(`duplicate address ${address} (first at ${first})`);
    firstSeen.set(address, e.where);
    out.push({ address, amount: parseAmount(e.amount, unit, fail) });
  }
  if (out.length === 0) throw new CliError(`${source}: no allocations found`);
  const expected = opts.expectedTotal === undefined ? OFFERING_SUPPLY : opts.expectedTotal;
  const total = out.reduce((sum, a) => sum + a.amount, 0n);
  if (expected !== null && total !== expected) {
    throw new CliError(
      `${source}: allocations total ${formatCmt(total)} CMT, expected ${formatCmt(expected)} CMT` +
        ` (${total < expected ? "short by" : "over by"} ${formatCmt(total < expected ? expected - total : total - expected)} CMT)`,
    );
  }
  return out;
}

/** A raw entry and where it came from ("line 7", "entry 3", "key \"0x…\""). */
interface RawEntry {
  where: string;
  address: string;
  amount: string;
}

const AMOUNT_RE = /^-?\d/;

function parseAmount(text: string, unit: "cmt" | "wei", fail: (msg: string) => never): bigint {
  const t = text.trim();
  if (t.startsWith("-")) fail(`negative amount ${t}`);
  let amount: bigint;
  if (unit === "wei") {
    if (!/^\d+$/.test(t)) fail(`invalid amount ${JSON.stringify(t)} (whole wei expected with --unit wei)`);
    amount = BigInt(t);
  } else {
    try {
      amount = parseCmt(t);
    } catch {
      return fail(`invalid amount ${JSON.stringify(t)} (decimal CMT expected, e.g. 1234.5, at most 18 decimals)`);
    }
  }
  if (amount === 0n) fail("amount must be positive");
  return amount;
}

function csvEntries(text: string, source: string): RawEntry[] {
  const entries: RawEntry[] = [];
  let sawData = false;
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.replace(/^\uFEFF/, "").trim();
    if (line === "" || line.startsWith("#")) return;
    const fields = line.split(",").map((f) =>
      f
        .trim()
        .replace(/^"(.*)"$/, "$1")
        .trim(),
    );
    const where = `line ${i + 1}`;
    // The first non-comment line may be a header ("address,amount"): neither an address nor an amount.
    if (!sawData && fields[0] !== undefined && !fields[0].startsWith("0x") && !AMOUNT_RE.test(fields[1] ?? "")) {
      sawData = true;
      return;
    }
    sawData = true;
    if (fields.length !== 2) {
      throw new CliError(`${source} ${where}: expected 2 fields "address,amount", got ${fields.length}`);
    }
    entries.push({ where, address: fields[0] as string, amount: fields[1] as string });
  });
  return entries;
}

function jsonEntries(text: string, source: string): RawEntry[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new CliError(`${source}: invalid JSON (${(err as Error).message})`);
  }
  const amountText = (v: unknown, where: string): string => {
    if (typeof v === "string") return v;
    // JSON numbers are doubles: only exact integers are safe to take as amounts.
    if (typeof v === "number" && Number.isSafeInteger(v)) return String(v);
    throw new CliError(`${source} ${where}: amount must be a decimal string (e.g. "1234.5"), got ${JSON.stringify(v)}`);
  };
  if (Array.isArray(doc)) {
    return doc.map((e: unknown, i) => {
      const where = `entry ${i}`;
      if (typeof e !== "object" || e === null || Array.isArray(e)) {
        throw new CliError(`${source} ${where}: expected {"address": ..., "amount": ...}`);
      }
      const { address, amount } = e as Record<string, unknown>;
      if (typeof address !== "string") throw new CliError(`${source} ${where}: missing "address"`);
      if (amount === undefined) throw new CliError(`${source} ${where}: missing "amount"`);
      return { where, address, amount: amountText(amount, where) };
    });
  }
  if (typeof doc === "object" && doc !== null) {
    return Object.entries(doc).map(([address, amount]) => {
      const where = `key ${JSON.stringify(address)}`;
      return { where, address, amount: amountText(amount, where) };
    });
  }
  throw new CliError(`${source}: expected a JSON array of {"address", "amount"} or an object address → amount`);
}
