// Reading genesis.json: whole (only to commit block 0) or without its module sections (every start).
import { closeSync, openSync, readFileSync, readSync } from "node:fs";
import type { GenesisDoc, GenesisHead } from "../state/index.js";

/** Bytes per read of the genesis scan. */
const READ_CHUNK = 1 << 20;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COLON = 0x3a;
const COMMA = 0x2c;
const NULL_VALUE = Buffer.from("null");

/** The whole genesis document (a 1 M-account genesis is ~90 MB of JSON and ~250 MB parsed). */
export function readGenesisDoc(path: string): GenesisDoc {
  return JSON.parse(readFileSync(path, "utf8")) as GenesisDoc;
}

/**
 * genesis.json without its top-level `modules` member: what a node needs on every start (chain
 * id, time, consensus, params), without parsing the module sections (a million balances). The
 * file is scanned in 1 MiB reads; only the bytes outside `modules` are kept, then parsed.
 * Throws SyntaxError on a file that is not a JSON object.
 */
export function readGenesisHead(path: string): GenesisHead {
  const scan = new ModulesSkipper();
  const fd = openSync(path, "r");
  try {
    const chunk = Buffer.allocUnsafe(READ_CHUNK);
    for (let n = readSync(fd, chunk); n > 0; n = readSync(fd, chunk)) scan.feed(chunk.subarray(0, n));
  } finally {
    closeSync(fd);
  }
  const head = JSON.parse(scan.text()) as unknown;
  if (typeof head !== "object" || head === null || Array.isArray(head)) throw new SyntaxError("not a JSON object");
  delete (head as { modules?: unknown }).modules;
  return head as GenesisHead;
}

/**
 * Copies JSON text, replacing the value of the top-level member "modules" with `null`. It only
 * tracks strings and nesting; whatever is malformed is left for JSON.parse of the kept text
 * (malformed text inside `modules` goes unnoticed here: the whole parse at block 0 catches it).
 */
class ModulesSkipper {
  private readonly kept: Buffer[] = [];
  private depth = 0;
  private inString = false;
  private escaped = false;
  /** At depth 1, the next string is a member name. */
  private expectKey = false;
  /** Bytes of the member name being read (only at depth 1). */
  private key: number[] | null = null;
  private lastKey = "";
  /** Inside the value of "modules". */
  private skipping = false;

  feed(bytes: Buffer): void {
    let keepFrom = this.skipping ? -1 : 0;
    for (let i = 0; i < bytes.length; i++) {
      const c = bytes[i] as number;
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === BACKSLASH) this.escaped = true;
        else if (c === QUOTE) {
          this.inString = false;
          if (this.key !== null) {
            this.lastKey = JSON.parse(`"${Buffer.from(this.key).toString("utf8")}"`) as string;
            this.key = null;
            this.expectKey = false;
          }
          continue;
        }
        this.key?.push(c);
        continue;
      }
      if (c === QUOTE) {
        this.inString = true;
        if (this.depth === 1 && this.expectKey) this.key = [];
      } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
        this.depth++;
        if (this.depth === 1) this.expectKey = c === OPEN_OBJECT;
      } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
        this.depth--;
        if (this.depth === 0 && this.skipping) {
          this.skipping = false;
          keepFrom = i;
        }
      } else if (this.depth === 1 && c === COLON && !this.skipping && this.lastKey === "modules") {
        // Keep the colon, then `null` for the value, and drop bytes until the member ends.
        this.kept.push(Buffer.from(bytes.subarray(keepFrom, i + 1)), NULL_VALUE);
        this.skipping = true;
        keepFrom = -1;
      } else if (this.depth === 1 && c === COMMA) {
        this.expectKey = true;
        this.lastKey = "";
        if (this.skipping) {
          this.skipping = false;
          keepFrom = i;
        }
      }
    }
    if (keepFrom >= 0) this.kept.push(Buffer.from(bytes.subarray(keepFrom)));
  }

  text(): string {
    return Buffer.concat(this.kept).toString("utf8");
  }
}
