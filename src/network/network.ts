// First: libp2p's dependencies call Promise.withResolvers, missing on Node 20 (see polyfill.ts).
import "./polyfill.js";
import { noise } from "@chainsafe/libp2p-noise";
import { yamux } from "@chainsafe/libp2p-yamux";
import { type GossipSub, gossipsub } from "@libp2p/gossipsub";
import { identify } from "@libp2p/identify";
import type { Libp2p, PeerId } from "@libp2p/interface";
import { peerIdFromString } from "@libp2p/peer-id";
import { tcp } from "@libp2p/tcp";
import { multiaddr } from "@multiformats/multiaddr";
import { createLibp2p } from "libp2p";
import { NetworkError, NetworkErrorCode } from "./errors.js";
import { Gossip } from "./gossip.js";
import type { Network, PeerEvent } from "./interface.js";
import { type NetworkOptions, type ResolvedNetworkOptions, resolveNetworkOptions } from "./options.js";
import { loadOrCreatePeerKey } from "./peer-key.js";
import { PeerPenalties } from "./penalties.js";
import { type PersistentPeer, Redialer } from "./redial.js";
import { ReqResp } from "./reqresp.js";

/** Room for gossipsub's RPC envelope (topic, ids, control messages) around the largest message. */
const RPC_OVERHEAD_BYTES = 64 * 1024;
/** 64 MiB queued towards one slow peer: several seconds of a full transaction flood. */
const OUTBOUND_BUFFER_BYTES = 64 * 1024 * 1024;

/** Start the node's libp2p network: load (or create) the peer key, listen, dial the persistent peers. */
export async function startNetwork(options: NetworkOptions): Promise<Network> {
  const opts = resolveNetworkOptions(options);
  const log = opts.log.child({ service: "network" });
  const persistent = opts.peers.map(parsePeerAddr);
  const privateKey = await loadOrCreatePeerKey(opts.keyFile, log);
  const penalties = new PeerPenalties({
    threshold: opts.penaltyThreshold,
    decayMs: opts.penaltyDecayMs,
    banMs: opts.banMs,
  });
  const bannedId = (peerId: PeerId): boolean => penalties.isBanned(peerId.toString());
  const largest = Math.max(opts.defaultMaxMessageBytes, ...Object.values(opts.maxMessageBytes));

  let libp2p: Libp2p<{ pubsub: GossipSub; identify: unknown }>;
  try {
    libp2p = await createLibp2p({
      privateKey,
      addresses: { listen: opts.listen },
      transports: [tcp()],
      connectionEncrypters: [noise()],
      streamMuxers: [yamux()],
      connectionGater: {
        // A banned peer can neither be dialled nor get a connection through.
        denyDialPeer: bannedId,
        denyInboundEncryptedConnection: bannedId,
        denyOutboundEncryptedConnection: bannedId,
      },
      connectionManager: { maxConnections: opts.maxConnections },
      services: {
        identify: identify(),
        pubsub: gossipsub(gossipOptions(opts, largest)),
      },
    });
  } catch (err) {
    throw new NetworkError(
      NetworkErrorCode.StartFailed,
      `cannot start libp2p: ${String(err)}`,
      { listen: opts.listen },
      err,
    );
  }
  return new Libp2pNetwork(opts, libp2p, penalties, persistent);
}

/** Gossipsub tuned for a small validator network (DESIGN §5). */
function gossipOptions(opts: ResolvedNetworkOptions, largest: number): Parameters<typeof gossipsub>[0] {
  return {
    // Messages carry no libp2p signature: consensus messages are signed by validator keys and
    // transactions by their senders, so a second signature per message would only cost CPU.
    // The message id is then the SHA-256 of the data: identical bytes are delivered once.
    globalSignaturePolicy: "StrictNoSign",
    heartbeatInterval: opts.heartbeatMs,
    seenTTL: opts.seenTtlMs,
    // Our own messages go to every subscribed peer, not only the mesh: in a network of tens of
    // validators that is the fastest path, and it does not depend on the mesh being formed.
    floodPublish: true,
    allowPublishToZeroTopicPeers: true,
    ignoreDuplicatePublishError: true,
    emitSelf: false,
    fallbackToFloodsub: false,
    maxInboundDataLength: largest + RPC_OVERHEAD_BYTES,
    // Bytes queued to one peer that does not read; past it gossipsub aborts that peer's stream.
    maxOutboundBufferSize: Math.max(OUTBOUND_BUFFER_BYTES, 4 * largest),
    // Every devnet validator shares 127.0.0.1: the IP-colocation penalty would score them all down.
    scoreParams: { IPColocationFactorWeight: 0 },
  };
}

/** A persistent peer address must name its peer: `/ip4/…/tcp/…/p2p/<peerId>`. */
export function parsePeerAddr(addr: string): PersistentPeer {
  let peerId: string | undefined;
  try {
    peerId = multiaddr(addr)
      .getComponents()
      .find((c) => c.name === "p2p")?.value;
  } catch (err) {
    throw new NetworkError(NetworkErrorCode.InvalidAddress, `invalid peer address ${addr}`, { addr }, err);
  }
  if (peerId === undefined) {
    throw new NetworkError(NetworkErrorCode.InvalidAddress, `peer address ${addr} lacks /p2p/<peerId>`, { addr });
  }
  try {
    peerIdFromString(peerId);
  } catch (err) {
    throw new NetworkError(NetworkErrorCode.InvalidAddress, `invalid peer id in ${addr}`, { addr }, err);
  }
  return { peerId, addr };
}

class Libp2pNetwork implements Network {
  readonly peerId: string;
  readonly #libp2p: Libp2p<{ pubsub: GossipSub; identify: unknown }>;
  readonly #penalties: PeerPenalties;
  readonly #gossip: Gossip;
  readonly #reqresp: ReqResp;
  readonly #redialer: Redialer;
  readonly #listeners: Array<(peer: string, event: PeerEvent) => void> = [];
  readonly #log;
  #stopping: Promise<void> | null = null;

  constructor(
    opts: ResolvedNetworkOptions,
    libp2p: Libp2p<{ pubsub: GossipSub; identify: unknown }>,
    penalties: PeerPenalties,
    persistent: PersistentPeer[],
  ) {
    this.#libp2p = libp2p;
    this.#penalties = penalties;
    this.peerId = libp2p.peerId.toString();
    this.#log = opts.log.child({ service: "network", peerId: this.peerId });
    const penalize = (peer: string, reason: string): void => this.penalize(peer, reason);
    const isBanned = (peer: string): boolean => penalties.isBanned(peer);
    this.#gossip = new Gossip(opts, { pubsub: libp2p.services.pubsub, penalize, isBanned, log: this.#log });
    this.#reqresp = new ReqResp(opts, { libp2p, penalize, isBanned, log: this.#log });
    this.#redialer = new Redialer(
      persistent,
      { minMs: opts.redialMinMs, maxMs: opts.redialMaxMs },
      {
        dial: async (peer, signal) => {
          await libp2p.dial(multiaddr(peer.addr), { signal });
        },
        isConnected: (peer) => libp2p.getConnections(peerIdFromString(peer)).length > 0,
        bannedUntil: (peer) => penalties.bannedUntil(peer),
        log: this.#log,
      },
    );
    libp2p.addEventListener("peer:connect", (e) => this.#peerEvent(e.detail.toString(), "connect"));
    libp2p.addEventListener("peer:disconnect", (e) => this.#peerEvent(e.detail.toString(), "disconnect"));
    this.#redialer.start();
    this.#log.info({ addresses: this.addresses(), persistentPeers: persistent.length }, "network started");
  }

  addresses(): string[] {
    return this.#libp2p.getMultiaddrs().map((a) => a.toString());
  }

  subscribe(topic: string, handler: Parameters<Network["subscribe"]>[1]): void {
    this.#gossip.subscribe(topic, handler);
  }

  unsubscribe(topic: string): void {
    this.#gossip.unsubscribe(topic);
  }

  async publish(topic: string, data: Uint8Array): Promise<void> {
    if (this.#stopping !== null) throw new NetworkError(NetworkErrorCode.Stopped, "network is stopped", { topic });
    await this.#gossip.publish(topic, data);
  }

  handle(protocol: string, handler: Parameters<Network["handle"]>[1], opts?: Parameters<Network["handle"]>[2]): void {
    // A duplicate throws here; libp2p's own registration finishes asynchronously and its failure
    // (none is expected after the check above) is logged.
    this.#reqresp.handle(protocol, handler, opts).catch((err: unknown) => {
      this.#log.error({ protocol, err }, "cannot register protocol handler");
    });
  }

  request(
    peer: string,
    protocol: string,
    data: Uint8Array,
    opts?: Parameters<Network["request"]>[3],
  ): Promise<Uint8Array> {
    return this.#reqresp.request(peer, protocol, data, opts);
  }

  peers(): string[] {
    return this.#libp2p
      .getPeers()
      .map((p) => p.toString())
      .sort();
  }

  topicPeers(topic: string): string[] {
    return this.#gossip.topicPeers(topic);
  }

  penalize(peer: string, reason: string): void {
    const outcome = this.#penalties.penalize(peer);
    if (!outcome.banned) {
      this.#log.debug({ peer, reason, points: outcome.points }, "peer penalised");
      return;
    }
    this.#log.warn({ peer, reason, until: new Date(outcome.until).toISOString() }, "peer banned");
    let id: PeerId;
    try {
      id = peerIdFromString(peer);
    } catch {
      return; // not a peer id: nothing to hang up (the ban is still recorded)
    }
    this.#libp2p.hangUp(id).catch((err: unknown) => {
      this.#log.debug({ peer, err }, "hang up failed");
    });
  }

  isBanned(peer: string): boolean {
    return this.#penalties.isBanned(peer);
  }

  onPeer(listener: (peer: string, event: PeerEvent) => void): void {
    this.#listeners.push(listener);
  }

  stop(): Promise<void> {
    this.#stopping ??= this.#stop();
    return this.#stopping;
  }

  async #stop(): Promise<void> {
    this.#redialer.stop();
    this.#reqresp.stop();
    await this.#libp2p.stop();
    this.#log.info("network stopped");
  }

  #peerEvent(peer: string, event: PeerEvent): void {
    if (event === "connect") this.#redialer.connected(peer);
    else this.#redialer.disconnected(peer);
    this.#log.debug({ peer, event }, "peer");
    for (const listener of this.#listeners) {
      try {
        listener(peer, event);
      } catch (err) {
        this.#log.error({ peer, event, err }, "peer listener threw");
      }
    }
  }
}
