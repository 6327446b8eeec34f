import type { BlockView, RpcBackend } from "./backend.js";
import { serverError } from "./errors.js";
import type { BlockTag } from "./params/index.js";

// Block tags over the backend. Blocks are final at commit (BFT), so "safe" and "finalized" are
// the head; there is no pending block, so "pending" is the head for block queries too.

/** Height a tag names (may be above the head), or null for an unknown hash. */
export function heightOf(backend: RpcBackend, tag: BlockTag): bigint | null {
  switch (tag.kind) {
    case "number":
      return tag.number;
    case "earliest":
      return 0n;
    case "hash":
      return backend.blockByHash(tag.hash)?.block.header.height ?? null;
    default:
      return backend.headHeight();
  }
}

/** The block a tag names, or null when there is none (above the head, unknown hash). */
export function blockOf(backend: RpcBackend, tag: BlockTag): BlockView | null {
  if (tag.kind === "hash") return backend.blockByHash(tag.hash);
  const height = heightOf(backend, tag);
  return height === null ? null : backend.blockByHeight(height);
}

/**
 * The height whose state a query reads: undefined for the latest state (the head, "pending"), or
 * an earlier height within the node's state history. Older heights are refused with "historical
 * state not available" (naming what is kept), one above the head with geth's "header not found"
 * (an unknown hash: "header for hash not found").
 */
export function stateHeight(backend: RpcBackend, tag: BlockTag): bigint | undefined {
  if (tag.kind === "pending") return undefined;
  const height = heightOf(backend, tag);
  if (height === null) throw serverError("header for hash not found");
  const head = backend.headHeight();
  if (height > head) throw serverError("header not found");
  if (height === head) return undefined;
  const oldest = backend.oldestStateHeight();
  if (height < oldest) {
    throw serverError(`historical state not available: this node keeps the state of blocks ${oldest} to ${head}`);
  }
  return height;
}
