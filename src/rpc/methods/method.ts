import type { RpcBackend } from "../backend.js";
import type { FilterManager } from "../filters.js";
import type { ArgSchemas, ParsedArgs } from "../params/index.js";
import type { Subscriber, SubscriptionManager } from "../subscriptions.js";

/** What a method handler may use. */
export interface MethodContext {
  backend: RpcBackend;
  filters: FilterManager;
  subscriptions: SubscriptionManager;
  logsBlockRange: number;
  /** The WebSocket client making the call; null over HTTP (no notifications there). */
  subscriber: Subscriber | null;
}

/** One JSON-RPC method: its positional parameter schemas and its handler. */
export interface Method {
  args: ArgSchemas;
  run(args: unknown[], ctx: MethodContext): unknown;
}

/** Define a method; the handler receives the parsed, typed arguments. */
export function method<const S extends ArgSchemas>(
  args: S,
  run: (args: ParsedArgs<S>, ctx: MethodContext) => unknown,
): Method {
  return { args, run: run as Method["run"] };
}
