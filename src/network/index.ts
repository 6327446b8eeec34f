// First: libp2p's dependencies call Promise.withResolvers, missing on Node 20 (see polyfill.ts).
import "./polyfill.js";

export { NetworkError, NetworkErrorCode } from "./errors.js";
export type {
  GossipHandler,
  HandleOptions,
  Network,
  PeerEvent,
  RequestHandler,
  RequestOptions,
  Verdict,
} from "./interface.js";
export { chainNames, protocolName, topicName } from "./names.js";
export { parsePeerAddr, startNetwork } from "./network.js";
export * from "./options.js";
export { Refusal } from "./reqresp.js";
