/**
 * What a gossip handler says about a message, gossipsub's validation result:
 * - `accept`: valid; delivered, and forwarded to the mesh;
 * - `ignore`: not forwarded, no penalty (a duplicate the application already has, a stale vote,
 *   a transaction the mempool cannot take now);
 * - `reject`: invalid; not forwarded, and the peer that sent it is penalised.
 */
export type Verdict = "accept" | "ignore" | "reject";

/** Receives one gossip message of a topic; `from` is the peer id that relayed it to us. */
export type GossipHandler = (data: Uint8Array, from: string) => Verdict | Promise<Verdict>;

/** Answers one request of a protocol; a thrown error is sent back as a refusal. */
export type RequestHandler = (request: Uint8Array, from: string) => Promise<Uint8Array>;

/** Limits of one request-response protocol on the serving side. */
export interface HandleOptions {
  /** Largest request accepted; a larger one is refused and its sender penalised. */
  maxRequestBytes?: number;
  /** Largest response this handler may return (a larger one is a local bug: refused, logged). */
  maxResponseBytes?: number;
  /** Requests of this protocol served at once; more are refused as busy. */
  maxInflight?: number;
  /** Time for the request to arrive and the handler to answer. */
  timeoutMs?: number;
}

/** Options of one outgoing request. */
export interface RequestOptions {
  /** Time for dial, request and response together. */
  timeoutMs?: number;
  /** Largest response accepted; a larger one fails the request and penalises the peer. */
  maxResponseBytes?: number;
  /** Aborts the request early (e.g. the node is shutting down). */
  signal?: AbortSignal;
}

/** A peer joined or left. */
export type PeerEvent = "connect" | "disconnect";

/** The node's libp2p network: gossip topics, request-response protocols, peers. Bytes only. */
export interface Network {
  /** This node's libp2p peer id (base58, `12D3Koo…`), stable across restarts (key file). */
  readonly peerId: string;
  /** The multiaddrs this node listens on, each ending in `/p2p/<peerId>` (dialable as a peer). */
  addresses(): string[];
  /**
   * Subscribe to a topic. Each message that arrives is passed to `handler` once (duplicates are
   * dropped by content); its verdict decides forwarding and penalties. One handler per topic.
   */
  subscribe(topic: string, handler: GossipHandler): void;
  /** Leave a topic. */
  unsubscribe(topic: string): void;
  /** Publish to a topic. Resolves even when no peer listens; throws only for an oversized message. */
  publish(topic: string, data: Uint8Array): Promise<void>;
  /** Serve a request-response protocol: one length-prefixed request and response per stream. */
  handle(protocol: string, handler: RequestHandler, opts?: HandleOptions): void;
  /** Send one request to a connected (or dialable) peer and wait for its response. */
  request(peer: string, protocol: string, data: Uint8Array, opts?: RequestOptions): Promise<Uint8Array>;
  /** Connected peers (peer ids), sorted. */
  peers(): string[];
  /** Peers known to be subscribed to a topic, sorted. */
  topicPeers(topic: string): string[];
  /** Count a misbehaviour against a peer; enough of them disconnect and ban it for a while. */
  penalize(peer: string, reason: string): void;
  /** Whether a peer is banned now. */
  isBanned(peer: string): boolean;
  /** Be told when a peer connects or disconnects (called after start; listeners never throw into libp2p). */
  onPeer(listener: (peer: string, event: PeerEvent) => void): void;
  /** Close every connection, timer and listener. Idempotent. */
  stop(): Promise<void>;
}
