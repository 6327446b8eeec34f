import { CmtError } from "../lib/index.js";

/** Stable codes of network failures (part of the node's public API: never renumber or rename). */
export const NetworkErrorCode = {
  InvalidOption: "NETWORK_INVALID_OPTION",
  InvalidPeerKey: "NETWORK_INVALID_PEER_KEY",
  InvalidAddress: "NETWORK_INVALID_ADDRESS",
  /** libp2p could not start (e.g. the listen port is taken). */
  StartFailed: "NETWORK_START_FAILED",
  MessageTooLarge: "NETWORK_MESSAGE_TOO_LARGE",
  AlreadyRegistered: "NETWORK_ALREADY_REGISTERED",
  Stopped: "NETWORK_STOPPED",
  PeerBanned: "NETWORK_PEER_BANNED",
  /** Could not open a stream to the peer for the protocol (not connected, unreachable, unsupported). */
  DialFailed: "NETWORK_DIAL_FAILED",
  RequestTimeout: "NETWORK_REQUEST_TIMEOUT",
  /** The remote refused the request: too large, busy, or its handler failed (details.reason). */
  RequestRefused: "NETWORK_REQUEST_REFUSED",
  /** The stream broke or the response was malformed or over the response limit. */
  RequestFailed: "NETWORK_REQUEST_FAILED",
} as const;
export type NetworkErrorCode = (typeof NetworkErrorCode)[keyof typeof NetworkErrorCode];

/** A failure of the network layer. */
export class NetworkError extends CmtError<NetworkErrorCode> {
  constructor(code: NetworkErrorCode, message: string, details: Record<string, unknown> = {}, cause?: unknown) {
    super(code, message, details, cause === undefined ? undefined : { cause });
    this.name = "NetworkError";
  }
}
