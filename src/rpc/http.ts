import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "../lib/index.js";
import { RpcErrorCode } from "./errors.js";
import type { JsonRpcDispatcher } from "./jsonrpc.js";

/** Body of the HTTP 413 answer: a JSON-RPC error too, so JSON clients can read it. */
export const BODY_TOO_LARGE = JSON.stringify({
  jsonrpc: "2.0",
  id: null,
  error: { code: RpcErrorCode.InvalidRequest, message: "request body too large" },
});

// Browsers (MetaMask, dApps) call from any origin; the node holds no keys, so any page may read.
function setCors(req: IncomingMessage, res: ServerResponse): void {
  res.setHeader("Access-Control-Allow-Origin", "*");
  res.setHeader("Access-Control-Allow-Methods", "POST, GET, OPTIONS");
  res.setHeader("Access-Control-Allow-Headers", req.headers["access-control-request-headers"] ?? "Content-Type");
  res.setHeader("Access-Control-Max-Age", "600");
}

function send(res: ServerResponse, status: number, body: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, {
    "Content-Type": "application/json",
    "Content-Length": String(Buffer.byteLength(body)),
    ...extra,
  });
  res.end(body);
}

/** Read the body as UTF-8; null once it exceeds `limit` bytes (the rest is discarded). */
function readBody(req: IncomingMessage, limit: number): Promise<string | null> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.off("data", onData);
        req.resume();
        resolve(null);
        return;
      }
      chunks.push(chunk);
    };
    req.on("data", onData);
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", () => resolve(null));
  });
}

/**
 * The HTTP side: POST carries JSON-RPC (any path, any content type), GET answers 200 as a health
 * check, OPTIONS answers CORS preflights. A body over `maxBodyBytes` gets HTTP 413 and the
 * connection is closed.
 */
export function httpHandler(
  options: { maxBodyBytes: number },
  deps: { dispatcher: JsonRpcDispatcher; log: Logger },
): (req: IncomingMessage, res: ServerResponse) => void {
  const tooLarge = (res: ServerResponse) => send(res, 413, BODY_TOO_LARGE, { Connection: "close" });
  return (req, res) => {
    setCors(req, res);
    if (req.method === "OPTIONS") {
      res.writeHead(204).end();
      return;
    }
    if (req.method === "GET" || req.method === "HEAD") {
      res.writeHead(200).end();
      return;
    }
    if (req.method !== "POST") {
      res.writeHead(405, { Allow: "POST, GET, OPTIONS", "Content-Type": "text/plain" }).end("method not allowed\n");
      return;
    }
    if (Number(req.headers["content-length"] ?? 0) > options.maxBodyBytes) {
      req.resume();
      tooLarge(res);
      return;
    }
    readBody(req, options.maxBodyBytes)
      .then(async (text) => {
        if (text === null) {
          if (!req.destroyed) tooLarge(res);
          return;
        }
        const out = await deps.dispatcher.handle(text, null);
        send(res, 200, out ?? "");
      })
      .catch((err: unknown) => {
        deps.log.error({ err }, "rpc http request failed");
        if (!res.headersSent) send(res, 500, "");
        else res.destroy();
      });
  };
}
