import type { Logger } from "../lib/index.js";
import { NetworkError, NetworkErrorCode } from "./errors.js";

/** Configuration of the node's network. Sizes in bytes, durations in milliseconds. */
export interface NetworkOptions {
  /** Multiaddrs to listen on, e.g. `/ip4/127.0.0.1/tcp/26656` (port 0: any free port). */
  listen: string[];
  /** Persistent peers, multiaddrs ending in `/p2p/<peerId>`: dialled at start and redialled forever. */
  peers: string[];
  /** The peer key file in the node home; created (mode 0600) if missing. */
  keyFile: string;
  log: Logger;
  /** Largest gossip message per topic; topics not listed use `defaultMaxMessageBytes`. */
  maxMessageBytes?: Record<string, number>;
  defaultMaxMessageBytes?: number;
  /** Gossipsub heartbeat (mesh upkeep, gossip emission). */
  heartbeatMs?: number;
  /** How long a gossip message id is remembered, i.e. identical bytes are not delivered twice. */
  seenTtlMs?: number;
  /** Gossip messages of one topic waiting for their handler; more are ignored (dropped). */
  topicQueueLength?: number;
  /** Gossip handlers of one topic running at once. */
  topicConcurrency?: number;
  /** Request defaults (per protocol or per request options override them). */
  requestTimeoutMs?: number;
  maxRequestBytes?: number;
  maxResponseBytes?: number;
  maxInflightRequests?: number;
  /** Penalty points at which a peer is disconnected and banned. */
  penaltyThreshold?: number;
  /** One penalty point is forgiven per this many ms. */
  penaltyDecayMs?: number;
  /** How long a ban lasts. */
  banMs?: number;
  /** Backoff of persistent-peer redials: first delay, doubled per failure up to the max. */
  redialMinMs?: number;
  redialMaxMs?: number;
  /** Most open connections. */
  maxConnections?: number;
}

/** Options with every default filled in. */
export interface ResolvedNetworkOptions {
  listen: string[];
  peers: string[];
  keyFile: string;
  log: Logger;
  maxMessageBytes: Readonly<Record<string, number>>;
  defaultMaxMessageBytes: number;
  heartbeatMs: number;
  seenTtlMs: number;
  topicQueueLength: number;
  topicConcurrency: number;
  requestTimeoutMs: number;
  maxRequestBytes: number;
  maxResponseBytes: number;
  maxInflightRequests: number;
  penaltyThreshold: number;
  penaltyDecayMs: number;
  banMs: number;
  redialMinMs: number;
  redialMaxMs: number;
  maxConnections: number;
}

/** 1 MiB: a full block proposal of ~1,000 transactions fits; a transaction is at most 128 KiB. */
export const DEFAULT_MAX_MESSAGE_BYTES = 1024 * 1024;
/** Within gossipsub's 100–200 ms suited to a small validator network on low-latency links (libp2p default: 1 s). */
export const DEFAULT_HEARTBEAT_MS = 200;
/** 30 s: longer than a few one-second heights, so an echo of an old vote is dropped; shorter than gossipsub's 2 min to bound memory under tx load. */
export const DEFAULT_SEEN_TTL_MS = 30_000;
/** Messages waiting per topic: a burst of ~1 s of transactions at 1,000 tx/s plus slack. */
export const DEFAULT_TOPIC_QUEUE_LENGTH = 2048;
/** Handlers in flight per topic: lets async handlers (mempool admission batches) overlap. */
export const DEFAULT_TOPIC_CONCURRENCY = 64;
/** 10 s per request: a batch of blocks over a slow link. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;
/** 64 KiB: requests are small (a height range, a status). */
export const DEFAULT_MAX_REQUEST_BYTES = 64 * 1024;
/** 16 MiB: a batch of full blocks with their commits. */
export const DEFAULT_MAX_RESPONSE_BYTES = 16 * 1024 * 1024;
/** Requests served at once per protocol. */
export const DEFAULT_MAX_INFLIGHT_REQUESTS = 32;
/** 10 points: one bad message is a mistake, ten within the decay window is a peer to drop. */
export const DEFAULT_PENALTY_THRESHOLD = 10;
/** One point forgiven per 10 s. */
export const DEFAULT_PENALTY_DECAY_MS = 10_000;
/** 10 minutes, long enough to stop a misbehaving peer from costing us, short enough to forgive a fixed one. */
export const DEFAULT_BAN_MS = 10 * 60_000;
/** Redial after 100 ms, doubling to 5 s: a restarted validator on a LAN is back within a second. */
export const DEFAULT_REDIAL_MIN_MS = 100;
export const DEFAULT_REDIAL_MAX_MS = 5_000;
/** Validators (up to ~19 + sentries) and some full nodes. */
export const DEFAULT_MAX_CONNECTIONS = 128;

function count(name: string, value: number, min: number): number {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new NetworkError(NetworkErrorCode.InvalidOption, `network option ${name} must be an integer >= ${min}`, {
      [name]: value,
    });
  }
  return value;
}

/** Fill defaults and validate. */
export function resolveNetworkOptions(o: NetworkOptions): ResolvedNetworkOptions {
  const maxMessageBytes: Record<string, number> = {};
  for (const [topic, bytes] of Object.entries(o.maxMessageBytes ?? {})) {
    maxMessageBytes[topic] = count(`maxMessageBytes[${topic}]`, bytes, 1);
  }
  const redialMinMs = count("redialMinMs", o.redialMinMs ?? DEFAULT_REDIAL_MIN_MS, 1);
  return {
    listen: [...o.listen],
    peers: [...o.peers],
    keyFile: o.keyFile,
    log: o.log,
    maxMessageBytes,
    defaultMaxMessageBytes: count("defaultMaxMessageBytes", o.defaultMaxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES, 1),
    heartbeatMs: count("heartbeatMs", o.heartbeatMs ?? DEFAULT_HEARTBEAT_MS, 10),
    seenTtlMs: count("seenTtlMs", o.seenTtlMs ?? DEFAULT_SEEN_TTL_MS, 1),
    topicQueueLength: count("topicQueueLength", o.topicQueueLength ?? DEFAULT_TOPIC_QUEUE_LENGTH, 1),
    topicConcurrency: count("topicConcurrency", o.topicConcurrency ?? DEFAULT_TOPIC_CONCURRENCY, 1),
    requestTimeoutMs: count("requestTimeoutMs", o.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS, 1),
    maxRequestBytes: count("maxRequestBytes", o.maxRequestBytes ?? DEFAULT_MAX_REQUEST_BYTES, 1),
    maxResponseBytes: count("maxResponseBytes", o.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES, 1),
    maxInflightRequests: count("maxInflightRequests", o.maxInflightRequests ?? DEFAULT_MAX_INFLIGHT_REQUESTS, 1),
    penaltyThreshold: count("penaltyThreshold", o.penaltyThreshold ?? DEFAULT_PENALTY_THRESHOLD, 1),
    penaltyDecayMs: count("penaltyDecayMs", o.penaltyDecayMs ?? DEFAULT_PENALTY_DECAY_MS, 1),
    banMs: count("banMs", o.banMs ?? DEFAULT_BAN_MS, 1),
    redialMinMs,
    redialMaxMs: count("redialMaxMs", o.redialMaxMs ?? DEFAULT_REDIAL_MAX_MS, redialMinMs),
    maxConnections: count("maxConnections", o.maxConnections ?? DEFAULT_MAX_CONNECTIONS, 1),
  };
}
