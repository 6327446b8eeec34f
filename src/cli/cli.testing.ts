import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { onTestFinished } from "vitest";
import type { CliIo } from "./io.js";

/** A CliIo that records what a command prints (for in-process command tests). */
export function captureIo(env: Record<string, string | undefined> = {}): CliIo & { out: string; err: string } {
  const io = {
    out: "",
    err: "",
    stdout: (t: string) => {
      io.out += t;
    },
    stderr: (t: string) => {
      io.err += t;
    },
    env,
    stopSignal: new AbortController().signal,
  };
  return io;
}

/** A method handler of `rpcStub`: returns the result, or throws ({ code?, message }) for an error. */
export type StubHandler = (params: unknown[]) => unknown;

/**
 * A local JSON-RPC stub for command tests: answers from `handlers`, records every call; an
 * unknown method answers -32601 and a throwing handler answers its error. It closes when the
 * calling test finishes.
 */
export async function rpcStub(
  handlers: Record<string, StubHandler>,
): Promise<{ url: string; calls: Array<{ method: string; params: unknown[] }> }> {
  const calls: Array<{ method: string; params: unknown[] }> = [];
  const server = createServer(async (req, res) => {
    let body = "";
    for await (const chunk of req) body += chunk;
    const { id, method, params } = JSON.parse(body);
    calls.push({ method, params });
    const handler = handlers[method];
    let reply: object;
    try {
      if (!handler) {
        throw Object.assign(new Error(`the method ${method} does not exist/is not available`), { code: -32601 });
      }
      reply = { jsonrpc: "2.0", id, result: await handler(params) };
    } catch (e) {
      const code = (e as { code?: number }).code ?? -32000;
      reply = { jsonrpc: "2.0", id, error: { code, message: (e as Error).message } };
    }
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify(reply));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  onTestFinished(() => {
    server.close();
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, calls };
}
