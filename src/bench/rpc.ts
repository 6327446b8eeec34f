// Minimal JSON-RPC over HTTP for the load generator (Node's fetch keeps connections alive).

/** One JSON-RPC response item. */
export interface RpcReply<T = unknown> {
  id?: number | string | null;
  result?: T;
  error?: { code: number; message: string };
}

/**
 * POST one JSON-RPC body (a call or a batch) and parse the answer. A connection reset (a kept-alive
 * socket the server closed) is retried twice; callers treat "already known" as success.
 */
export async function rpcPost<T>(url: string, body: unknown): Promise<T> {
  const json = JSON.stringify(body);
  let res: Response | undefined;
  for (let attempt = 0; !res; attempt++) {
    try {
      res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: json });
    } catch (err) {
      if (attempt >= 2) throw err;
      await sleep(100);
    }
  }
  const text = await res.text();
  if (!res.ok) throw new Error(`HTTP ${res.status} from ${url}: ${text.slice(0, 200)}`);
  return JSON.parse(text) as T;
}

/** Call one method; throws on a JSON-RPC error. */
export async function rpcCall<T>(url: string, method: string, params: unknown[] = []): Promise<T> {
  const r = await rpcPost<RpcReply<T>>(url, { jsonrpc: "2.0", id: 1, method, params });
  if (r.error) throw new Error(`${method}: ${r.error.message}`);
  return r.result as T;
}

/** Call one method per params entry in one batch; results in order (errors throw). */
export async function rpcBatch<T>(url: string, method: string, params: unknown[][]): Promise<T[]> {
  if (params.length === 0) return [];
  const body = params.map((p, id) => ({ jsonrpc: "2.0", id, method, params: p }));
  const replies = await rpcPost<Array<RpcReply<T>>>(url, body);
  const byId = new Map(replies.map((r) => [Number(r.id), r]));
  return params.map((_, i) => {
    const r = byId.get(i);
    if (!r || r.error) throw new Error(`${method}: ${r?.error?.message ?? "no reply"}`);
    return r.result as T;
  });
}

/** Resolve after `ms` milliseconds. */
export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Poll until `ok()` resolves true, or throw after `timeoutMs`. */
export async function waitUntil(
  what: string,
  ok: () => Promise<boolean>,
  timeoutMs: number,
  everyMs = 100,
): Promise<void> {
  const end = performance.now() + timeoutMs;
  for (;;) {
    try {
      if (await ok()) return;
    } catch {
      // not up yet
    }
    if (performance.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}
