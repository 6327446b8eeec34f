import { NetworkError, NetworkErrorCode } from "./errors.js";

/**
 * Topic and protocol names. Every name carries the chain id, so the nodes of two chains that
 * happen to meet (a devnet next to a testnet on one machine) never take each other's messages:
 * gossipsub only delivers a topic to its subscribers, and multistream-select only opens a stream
 * for a protocol the other side registered.
 */

/** A gossipsub topic of one chain: `/cmt/<chainId>/<name>/<version>`, e.g. `/cmt/15/tx/1`. */
export function topicName(chainId: bigint, name: string, version = 1): string {
  checkVersion(version);
  return `/cmt/${chainId}/${checkSegment(name)}/${version}`;
}

/** A request-response protocol of one chain, e.g. `/cmt/15/sync/blocks/1`. */
export function protocolName(chainId: bigint, name: string, version = 1): string {
  checkVersion(version);
  return `/cmt/${chainId}/${checkSegment(name)}/${version}`;
}

/** The standard topics and protocols of a chain (the node decides which it uses). */
export function chainNames(chainId: bigint): {
  txTopic: string;
  consensusTopic: string;
  evidenceTopic: string;
  syncBlocksProtocol: string;
  syncStatusProtocol: string;
} {
  return {
    txTopic: topicName(chainId, "tx"),
    consensusTopic: topicName(chainId, "consensus"),
    evidenceTopic: topicName(chainId, "evidence"),
    syncBlocksProtocol: protocolName(chainId, "sync/blocks"),
    syncStatusProtocol: protocolName(chainId, "sync/status"),
  };
}

function checkSegment(name: string): string {
  if (!/^[a-z0-9][a-z0-9_-]*(\/[a-z0-9][a-z0-9_-]*)*$/.test(name)) {
    throw new NetworkError(NetworkErrorCode.InvalidOption, `invalid topic or protocol name ${JSON.stringify(name)}`, {
      name,
    });
  }
  return name;
}

function checkVersion(version: number): void {
  if (!Number.isSafeInteger(version) || version < 1) {
    throw new NetworkError(NetworkErrorCode.InvalidOption, `invalid topic or protocol version ${version}`, { version });
  }
}
