import { z } from "zod";
import { invalidArgument, RpcError, RpcErrorCode } from "../errors.js";
import { compileFilter, queryLogs } from "../logs.js";
import { describeIssue, zLogFilter, zLogSubscription } from "../params/index.js";
import type { Subscriber } from "../subscriptions.js";
import { type Method, method } from "./method.js";

const zFilterId = z.string({ error: "cannot unmarshal non-string into Go value of type rpc.ID" });

function requireSocket(subscriber: Subscriber | null): Subscriber {
  // Geth's wording for eth_subscribe over a transport without notifications (HTTP).
  if (subscriber === null) throw new RpcError(RpcErrorCode.MethodNotFound, "notifications not supported");
  return subscriber;
}

function subscription(name: unknown, arg: unknown) {
  if (typeof name !== "string") throw invalidArgument(0, "cannot unmarshal non-string into Go value of type string");
  if (name === "newHeads") return { kind: "newHeads" } as const;
  if (name === "newPendingTransactions") {
    // geth: an optional boolean asks for whole transactions instead of hashes.
    if (arg !== undefined && arg !== null && typeof arg !== "boolean") {
      throw invalidArgument(1, "cannot unmarshal non-bool into Go value of type bool");
    }
    return { kind: "newPendingTransactions", fullTx: arg === true } as const;
  }
  if (name === "logs") {
    const parsed = zLogSubscription.safeParse(arg ?? {});
    if (!parsed.success) throw invalidArgument(1, describeIssue(parsed.error.issues[0]));
    return { kind: "logs", compiled: compileFilter(parsed.data) } as const;
  }
  throw new RpcError(RpcErrorCode.MethodNotFound, `no "${name}" subscription in eth namespace`);
}

/** Logs: one-shot queries, polled filters, and WebSocket subscriptions. */
export const logMethods: Record<string, Method> = {
  eth_getLogs: method([zLogFilter], ([filter], ctx) => queryLogs(ctx.backend, filter, ctx.logsBlockRange)),
  eth_newFilter: method([zLogFilter], ([filter], { filters }) => filters.newLogFilter(filter)),
  eth_newBlockFilter: method([], (_, { filters }) => filters.newBlockFilter()),
  eth_newPendingTransactionFilter: method([], (_, { filters }) => filters.newPendingTransactionFilter()),
  eth_getFilterChanges: method([zFilterId], ([id], { filters }) => filters.changes(id)),
  eth_getFilterLogs: method([zFilterId], ([id], { filters }) => filters.logs(id)),
  eth_uninstallFilter: method([zFilterId], ([id], { filters }) => filters.uninstall(id)),
  // Parsed by hand so that HTTP callers learn first that there are no notifications there.
  eth_subscribe: method([z.unknown(), z.unknown().optional()], ([name, arg], ctx) => {
    const subscriber = requireSocket(ctx.subscriber);
    return ctx.subscriptions.subscribe(subscriber, subscription(name, arg));
  }),
  eth_unsubscribe: method([z.unknown()], ([id], ctx) => {
    const subscriber = requireSocket(ctx.subscriber);
    return typeof id === "string" && ctx.subscriptions.unsubscribe(subscriber, id);
  }),
};
