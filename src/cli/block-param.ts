import { toQuantity } from "../lib/index.js";
import { CliError } from "./io.js";

/** Block tags the node takes where a block number goes. */
export const BLOCK_TAGS: readonly string[] = ["latest", "earliest", "pending", "safe", "finalized"];

/**
 * A `--block` option as a JSON-RPC block parameter: a decimal number, a tag, or a block hash (as
 * EIP-1898's object); absent: "latest". The node answers state at its last 128 blocks.
 */
export function blockParam(which: string | undefined): string | { blockHash: string } {
  if (which === undefined) return "latest";
  if (/^0x[0-9a-fA-F]{64}$/.test(which)) return { blockHash: which };
  if (/^\d+$/.test(which)) return toQuantity(BigInt(which));
  if (BLOCK_TAGS.includes(which)) return which;
  throw new CliError(`--block: expected a block number, 'latest' or a block hash, got ${JSON.stringify(which)}`, 2);
}
