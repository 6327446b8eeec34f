import type { Logger } from "../lib/index.js";
import { methodNotFound, RpcErrorCode, type RpcErrorObject, toRpcError } from "./errors.js";
import type { Method } from "./methods/index.js";
import { METHODS, type MethodContext, SEND_RAW_TRANSACTION } from "./methods/index.js";
import { parseArgs } from "./params/index.js";
import type { Subscriber } from "./subscriptions.js";

/** A JSON-RPC id: echoed verbatim. */
export type JsonRpcId = string | number | null;

/** A well-formed request; `id` undefined marks a notification (no response owed). */
interface Call {
  id: JsonRpcId | undefined;
  method: string;
  params: unknown;
}

type Outcome = { ok: true; result: unknown } | { ok: false; error: RpcErrorObject };

function errorResponse(id: JsonRpcId, error: RpcErrorObject): string {
  return JSON.stringify({ jsonrpc: "2.0", id, error });
}

function failure(code: number, message: string): Outcome {
  return { ok: false, error: { code, message } };
}

function isId(v: unknown): v is JsonRpcId {
  return v === null || typeof v === "string" || (typeof v === "number" && Number.isFinite(v));
}

/** The call in `msg`, or the id to answer "invalid request" with. */
function toCall(msg: unknown): Call | { invalid: JsonRpcId } {
  if (typeof msg !== "object" || msg === null || Array.isArray(msg)) return { invalid: null };
  const m = msg as Record<string, unknown>;
  const id = "id" in m ? m.id : undefined;
  if (id !== undefined && !isId(id)) return { invalid: null };
  if (m.jsonrpc !== "2.0" || typeof m.method !== "string" || m.method === "") return { invalid: id ?? null };
  return { id, method: m.method, params: m.params };
}

/**
 * JSON-RPC 2.0 framing over any transport: parses one body, answers a single call or a batch
 * (ids echoed, notifications unanswered, responses in request order) and maps every failure to
 * an EIP-1474 error. Runs of eth_sendRawTransaction in a batch reach the backend in one call.
 */
export class JsonRpcDispatcher {
  constructor(
    private readonly options: { maxBatch: number },
    private readonly deps: { context: Omit<MethodContext, "subscriber">; log: Logger },
  ) {}

  /** Answer one HTTP body or WebSocket message; null when only notifications were sent. */
  async handle(text: string, subscriber: Subscriber | null): Promise<string | null> {
    let msg: unknown;
    try {
      msg = JSON.parse(text);
    } catch {
      return this.response(null, failure(RpcErrorCode.ParseError, "parse error"));
    }
    const ctx: MethodContext = { ...this.deps.context, subscriber };
    if (!Array.isArray(msg)) {
      const call = toCall(msg);
      if ("invalid" in call)
        return this.response(call.invalid, failure(RpcErrorCode.InvalidRequest, "invalid request"));
      const outcome = await this.run(call, ctx);
      return call.id === undefined ? null : this.response(call.id, outcome);
    }
    if (msg.length === 0) return this.response(null, failure(RpcErrorCode.InvalidRequest, "empty batch"));
    if (msg.length > this.options.maxBatch) {
      // As geth: one error for the whole batch, carrying the id of its first call.
      const first = msg.map(toCall).find((c): c is Call => !("invalid" in c) && c.id !== undefined);
      return `[${this.response(first?.id ?? null, failure(RpcErrorCode.InvalidRequest, "batch too large"))}]`;
    }
    const parts = await this.batch(msg.map(toCall), ctx);
    return parts.length === 0 ? null : `[${parts.join(",")}]`;
  }

  private response(id: JsonRpcId, outcome: Outcome): string {
    if (!outcome.ok) return errorResponse(id, outcome.error);
    try {
      return JSON.stringify({ jsonrpc: "2.0", id, result: outcome.result === undefined ? null : outcome.result });
    } catch (err) {
      return errorResponse(id, this.toError(err, "(serialising a result)"));
    }
  }

  private async batch(calls: Array<Call | { invalid: JsonRpcId }>, ctx: MethodContext): Promise<string[]> {
    const out: Array<string | null> = new Array(calls.length).fill(null);
    let group: Array<{ slot: number; id: JsonRpcId | undefined; raw: Uint8Array }> = [];
    const flush = async () => {
      if (group.length === 0) return;
      const pending = group;
      group = [];
      const outcomes = await this.sendRawBatch(
        pending.map((g) => g.raw),
        ctx,
      );
      pending.forEach((g, i) => {
        if (g.id !== undefined) out[g.slot] = this.response(g.id, outcomes[i] as Outcome);
      });
    };
    for (const [slot, call] of calls.entries()) {
      if ("invalid" in call) {
        out[slot] = this.response(call.invalid, failure(RpcErrorCode.InvalidRequest, "invalid request"));
        continue;
      }
      if (call.method === SEND_RAW_TRANSACTION) {
        const parsed = this.parse(call);
        if (parsed.ok) group.push({ slot, id: call.id, raw: parsed.args[0] as Uint8Array });
        else if (call.id !== undefined) out[slot] = errorResponse(call.id, parsed.error);
        continue;
      }
      await flush();
      const outcome = await this.run(call, ctx);
      if (call.id !== undefined) out[slot] = this.response(call.id, outcome);
    }
    await flush();
    return out.filter((s): s is string => s !== null);
  }

  private parse(call: Call): { ok: true; method: Method; args: unknown[] } | { ok: false; error: RpcErrorObject } {
    const method = METHODS.get(call.method);
    if (method === undefined) return { ok: false, error: methodNotFound(call.method).toJSON() };
    try {
      return { ok: true, method, args: parseArgs(call.params, method.args) };
    } catch (err) {
      return { ok: false, error: this.toError(err, call.method) };
    }
  }

  private async run(call: Call, ctx: MethodContext): Promise<Outcome> {
    const parsed = this.parse(call);
    if (!parsed.ok) return parsed;
    try {
      return { ok: true, result: await parsed.method.run(parsed.args, ctx) };
    } catch (err) {
      return { ok: false, error: this.toError(err, call.method) };
    }
  }

  private async sendRawBatch(raws: Uint8Array[], ctx: MethodContext): Promise<Outcome[]> {
    try {
      const results = await ctx.backend.sendRawTransactions(raws);
      return raws.map((_, i) => {
        const r = results[i];
        if (typeof r === "string") return { ok: true, result: r };
        return { ok: false, error: this.toError(r ?? new Error("missing result"), SEND_RAW_TRANSACTION) };
      });
    } catch (err) {
      const error = this.toError(err, SEND_RAW_TRANSACTION);
      return raws.map(() => ({ ok: false, error }));
    }
  }

  private toError(err: unknown, method: string): RpcErrorObject {
    return toRpcError(err, (bug) => this.deps.log.error({ err: bug, method }, "rpc method failed"));
  }
}
