import { type GossipSub, TopicValidatorResult } from "@libp2p/gossipsub";
import type { Logger } from "../lib/index.js";
import { NetworkError, NetworkErrorCode } from "./errors.js";
import type { GossipHandler, Verdict } from "./interface.js";
import type { ResolvedNetworkOptions } from "./options.js";
import { plain } from "./reqresp.js";
import { WorkQueue } from "./work-queue.js";

const RESULT: Record<Verdict, TopicValidatorResult> = {
  accept: TopicValidatorResult.Accept,
  ignore: TopicValidatorResult.Ignore,
  reject: TopicValidatorResult.Reject,
};

/** What gossip needs from the host network. */
export interface GossipDeps {
  pubsub: GossipSub;
  penalize(peer: string, reason: string): void;
  isBanned(peer: string): boolean;
  log: Logger;
}

/**
 * Topics over gossipsub. The handler of a topic *is* its gossipsub validator: gossipsub calls it
 * once per new message (duplicates are dropped by content id first) and forwards the message to
 * its mesh only on `accept`. Each topic has its own bounded `WorkQueue`, so a transaction flood
 * fills the transaction topic's queue (and is then dropped as `ignore`) while consensus messages
 * keep their own slots.
 */
export class Gossip {
  readonly #opts: ResolvedNetworkOptions;
  readonly #deps: GossipDeps;
  readonly #topics = new Map<string, WorkQueue>();

  constructor(opts: ResolvedNetworkOptions, deps: GossipDeps) {
    this.#opts = opts;
    this.#deps = deps;
  }

  /** Largest message accepted on a topic. */
  limit(topic: string): number {
    return this.#opts.maxMessageBytes[topic] ?? this.#opts.defaultMaxMessageBytes;
  }

  subscribe(topic: string, handler: GossipHandler): void {
    if (this.#topics.has(topic)) {
      throw new NetworkError(NetworkErrorCode.AlreadyRegistered, `topic ${topic} already has a handler`, { topic });
    }
    const queue = new WorkQueue(this.#opts.topicQueueLength, this.#opts.topicConcurrency);
    const limit = this.limit(topic);
    const { pubsub, penalize, isBanned, log } = this.#deps;
    this.#topics.set(topic, queue);
    pubsub.topicValidators.set(topic, async (peerId, msg) => {
      const from = peerId.toString();
      if (isBanned(from)) return TopicValidatorResult.Ignore;
      if (msg.data.length > limit) {
        penalize(from, `gossip message of ${msg.data.length} bytes over ${limit} on ${topic}`);
        return TopicValidatorResult.Reject;
      }
      const data = plain(msg.data);
      const run = queue.run(() => handler(data, from));
      if (run === null) {
        log.debug({ topic, peer: from }, "gossip queue full, message dropped");
        return TopicValidatorResult.Ignore;
      }
      let verdict: Verdict;
      try {
        verdict = await run;
      } catch (err) {
        // A handler that throws is a bug on our side, not the peer's: drop without penalty.
        log.error({ topic, peer: from, err }, "gossip handler threw");
        return TopicValidatorResult.Ignore;
      }
      if (verdict === "reject") penalize(from, `invalid gossip message on ${topic}`);
      return RESULT[verdict] ?? TopicValidatorResult.Ignore;
    });
    pubsub.subscribe(topic);
  }

  unsubscribe(topic: string): void {
    if (!this.#topics.delete(topic)) return;
    this.#deps.pubsub.unsubscribe(topic);
    this.#deps.pubsub.topicValidators.delete(topic);
  }

  async publish(topic: string, data: Uint8Array): Promise<void> {
    const limit = this.limit(topic);
    if (data.length > limit) {
      throw new NetworkError(
        NetworkErrorCode.MessageTooLarge,
        `message of ${data.length} bytes over ${limit} on ${topic}`,
        {
          topic,
          bytes: data.length,
          limit,
        },
      );
    }
    // allowPublishToZeroTopicPeers and ignoreDuplicatePublishError are set: no peers and
    // re-publishing the same bytes are not errors.
    await this.#deps.pubsub.publish(topic, data);
  }

  topicPeers(topic: string): string[] {
    return this.#deps.pubsub
      .getSubscribers(topic)
      .map((p) => p.toString())
      .sort();
  }
}
