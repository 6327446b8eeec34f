import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "../lib/index.js";
import type { BlockView, PoolTx, RpcBackend } from "./backend.js";
import { FilterManager } from "./filters.js";
import { httpHandler } from "./http.js";
import { JsonRpcDispatcher } from "./jsonrpc.js";
import { FILTER_TTL_MS, type ResolvedRpcOptions, type RpcServerOptions, resolveOptions } from "./options.js";
import { SubscriptionManager } from "./subscriptions.js";
import { WsTransport } from "./ws.js";

/** How often idle filters are swept. */
const FILTER_SWEEP_MS = 60_000;

/** Where a started server listens. */
export interface RpcEndpoints {
  url: string;
  wsUrl: string;
}

/**
 * The Ethereum JSON-RPC server: HTTP POST and WebSocket on one port, talking only to an
 * `RpcBackend`. Bound to 127.0.0.1 unless told otherwise (DESIGN §9).
 *
 * @example
 * const rpc = new RpcServer({ port: 8545 }, { backend, log });
 * const { url, wsUrl } = await rpc.start();
 * // ... later
 * await rpc.close();
 */
export class RpcServer {
  private readonly options: ResolvedRpcOptions;
  private readonly log: Logger;
  private readonly filters: FilterManager;
  private readonly subscriptions = new SubscriptionManager();
  private readonly dispatcher: JsonRpcDispatcher;
  private http: Server | null = null;
  private ws: WsTransport | null = null;
  private stopBlocks: (() => void) | null = null;
  private stopPending: (() => void) | null = null;
  private sweeper: NodeJS.Timeout | null = null;

  constructor(
    options: RpcServerOptions,
    private readonly deps: { backend: RpcBackend; log: Logger },
  ) {
    this.options = resolveOptions(options);
    this.log = deps.log;
    this.filters = new FilterManager(
      { ttlMs: FILTER_TTL_MS, logsBlockRange: this.options.logsBlockRange },
      { backend: deps.backend, now: Date.now },
    );
    this.dispatcher = new JsonRpcDispatcher(
      { maxBatch: this.options.maxBatch },
      {
        context: {
          backend: deps.backend,
          filters: this.filters,
          subscriptions: this.subscriptions,
          logsBlockRange: this.options.logsBlockRange,
        },
        log: this.log,
      },
    );
  }

  /** Listen; resolves with the HTTP and WebSocket URLs (the real port when `port` was 0). */
  async start(): Promise<RpcEndpoints> {
    if (this.http !== null) throw new Error("rpc server already started");
    const { host, port, maxBodyBytes, maxConnections } = this.options;
    const ws = new WsTransport(
      { maxBodyBytes },
      { dispatcher: this.dispatcher, subscriptions: this.subscriptions, log: this.log },
    );
    const http = createServer(httpHandler({ maxBodyBytes }, { dispatcher: this.dispatcher, log: this.log }));
    if (maxConnections !== null) http.maxConnections = maxConnections;
    http.on("upgrade", (req, socket, head) => ws.handleUpgrade(req, socket, head));
    http.on("clientError", (err, socket) => {
      this.log.debug({ err }, "rpc client error");
      socket.destroy();
    });
    this.http = http;
    this.ws = ws;
    try {
      await new Promise<void>((resolve, reject) => {
        http.once("error", reject);
        http.listen(port, host, () => {
          http.off("error", reject);
          resolve();
        });
      });
    } catch (err) {
      // e.g. EADDRINUSE: leave the server startable again.
      this.http = null;
      this.ws = null;
      await ws.close();
      throw err;
    }
    this.stopBlocks = this.deps.backend.onBlock((view) => this.publish(view));
    this.stopPending = this.deps.backend.onPendingTxs((txs) => this.publishPending(txs));
    this.sweeper = setInterval(() => this.filters.sweep(), FILTER_SWEEP_MS).unref();
    const bound = http.address() as AddressInfo;
    const hostPart = host.includes(":") ? `[${host}]` : host;
    const endpoints = { url: `http://${hostPart}:${bound.port}`, wsUrl: `ws://${hostPart}:${bound.port}` };
    this.log.info(endpoints, "rpc listening");
    return endpoints;
  }

  /** Open WebSocket clients, live subscriptions and installed filters (metrics, tests). */
  stats(): { wsClients: number; subscriptions: number; filters: number } {
    return { wsClients: this.ws?.clients ?? 0, subscriptions: this.subscriptions.size, filters: this.filters.size };
  }

  /** Stop listening, close every connection and subscription, drop all filters. */
  async close(): Promise<void> {
    this.stopBlocks?.();
    this.stopBlocks = null;
    this.stopPending?.();
    this.stopPending = null;
    if (this.sweeper !== null) clearInterval(this.sweeper);
    this.sweeper = null;
    const { http, ws } = this;
    this.http = null;
    this.ws = null;
    await ws?.close();
    if (http !== null) {
      const closed = new Promise<void>((resolve) => http.close(() => resolve()));
      http.closeAllConnections();
      await closed;
    }
    this.filters.clear();
  }

  /** Transactions entered the mempool: pending filters buffer their hashes, subscribers get them. */
  private publishPending(txs: readonly PoolTx[]): void {
    try {
      if (this.filters.size > 0) this.filters.pendingTxs(txs.map((t) => t.tx.hash));
      this.subscriptions.publishPending(txs);
    } catch (err) {
      this.log.error({ err }, "rpc pending-transaction push failed");
    }
  }

  private publish(view: BlockView): void {
    try {
      this.subscriptions.publish(view);
    } catch (err) {
      this.log.error({ err, height: view.block.header.height }, "rpc subscription push failed");
    }
  }
}
