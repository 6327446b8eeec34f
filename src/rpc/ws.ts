import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { type RawData, type WebSocket, WebSocketServer } from "ws";
import type { Logger } from "../lib/index.js";
import type { JsonRpcDispatcher } from "./jsonrpc.js";
import type { Subscriber, SubscriptionManager } from "./subscriptions.js";

/** A client that lets this much pile up unsent is too slow to follow the chain: it is dropped. */
export const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;
/** Ping period; a client that has not answered the previous ping is terminated. */
export const HEARTBEAT_MS = 30_000;
/** How long a closing client may take to answer the close handshake before it is cut. */
const CLOSE_GRACE_MS = 1_000;

function messageText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString("utf8");
  if (Buffer.isBuffer(data)) return data.toString("utf8");
  return Buffer.from(data).toString("utf8");
}

/**
 * The WebSocket side, upgraded on the HTTP port (`ws` in noServer mode): each text or binary
 * message is one JSON-RPC body; subscriptions live as long as the socket.
 */
export class WsTransport {
  private readonly wss: WebSocketServer;
  private readonly alive = new WeakMap<WebSocket, boolean>();
  private readonly heartbeat: NodeJS.Timeout;

  constructor(
    options: { maxBodyBytes: number },
    private readonly deps: { dispatcher: JsonRpcDispatcher; subscriptions: SubscriptionManager; log: Logger },
  ) {
    // maxPayload: a larger message closes the socket with 1009 (message too big).
    this.wss = new WebSocketServer({ noServer: true, maxPayload: options.maxBodyBytes, perMessageDeflate: false });
    this.wss.on("connection", (ws) => this.accept(ws));
    this.heartbeat = setInterval(() => this.ping(), HEARTBEAT_MS).unref();
  }

  /** Open sockets. */
  get clients(): number {
    return this.wss.clients.size;
  }

  /** Take over an HTTP upgrade request. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on("error", (err) => this.deps.log.debug({ err }, "ws socket error"));
    this.wss.handleUpgrade(req, socket, head, (ws) => this.wss.emit("connection", ws, req));
  }

  /** Close every socket (1001 going away; cut after a grace period) and stop the heartbeat. */
  async close(): Promise<void> {
    clearInterval(this.heartbeat);
    for (const ws of this.wss.clients) ws.close(1001, "server shutting down");
    const closed = new Promise<void>((resolve) => this.wss.close(() => resolve()));
    const cut = setTimeout(() => {
      for (const ws of this.wss.clients) ws.terminate();
    }, CLOSE_GRACE_MS);
    await closed;
    clearTimeout(cut);
  }

  private accept(ws: WebSocket): void {
    const { dispatcher, subscriptions, log } = this.deps;
    const subscriber: Subscriber = {
      send: (text) => {
        if (ws.readyState !== ws.OPEN) return;
        if (ws.bufferedAmount > MAX_BUFFERED_BYTES) {
          log.warn({ buffered: ws.bufferedAmount }, "ws client too slow, dropping it");
          ws.terminate();
          return;
        }
        ws.send(text);
      },
    };
    this.alive.set(ws, true);
    ws.on("pong", () => this.alive.set(ws, true));
    ws.on("message", (data) => {
      dispatcher
        .handle(messageText(data), subscriber)
        .then((out) => {
          if (out !== null) subscriber.send(out);
        })
        .catch((err: unknown) => log.error({ err }, "rpc ws message failed"));
    });
    ws.on("close", () => subscriptions.drop(subscriber));
    ws.on("error", (err) => log.debug({ err }, "ws error"));
  }

  private ping(): void {
    for (const ws of this.wss.clients) {
      if (this.alive.get(ws) === false) {
        ws.terminate();
        continue;
      }
      this.alive.set(ws, false);
      ws.ping();
    }
  }
}
