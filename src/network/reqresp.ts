import type { Libp2p, Stream } from "@libp2p/interface";
import { peerIdFromString } from "@libp2p/peer-id";
import { type LengthPrefixedStream, lpStream } from "@libp2p/utils";
import type { Logger } from "../lib/index.js";
import { NetworkError, NetworkErrorCode } from "./errors.js";
import type { HandleOptions, RequestHandler, RequestOptions } from "./interface.js";
import type { ResolvedNetworkOptions } from "./options.js";

/**
 * Request-response over libp2p streams. One request per stream:
 *
 *   client → server: varint length, request bytes; then the client closes its write side
 *   server → client: varint length, status byte, body; then the server closes
 *
 * status 0: body is the response; status 1: body is a UTF-8 refusal reason (≤ 200 bytes).
 * Lengths are bounded on both sides before any body is buffered (lpStream's maxDataLength).
 */
const STATUS_OK = 0;
const STATUS_REFUSED = 1;
const MAX_REASON_BYTES = 200;

/** Refusal reasons the server sends (stable text: the client surfaces them as `details.reason`). */
export const Refusal = {
  TooLarge: "request too large",
  Busy: "busy",
  Timeout: "timeout",
  ResponseTooLarge: "response too large",
} as const;

interface Served {
  handler: RequestHandler;
  maxRequestBytes: number;
  maxResponseBytes: number;
  maxInflight: number;
  timeoutMs: number;
  inflight: number;
}

/** What request-response needs from the host network. */
export interface ReqRespDeps {
  libp2p: Libp2p;
  penalize(peer: string, reason: string): void;
  isBanned(peer: string): boolean;
  log: Logger;
}

/** Serves and sends requests of the registered protocols. */
export class ReqResp {
  readonly #opts: ResolvedNetworkOptions;
  readonly #deps: ReqRespDeps;
  readonly #served = new Map<string, Served>();
  readonly #abort = new AbortController();

  constructor(opts: ResolvedNetworkOptions, deps: ReqRespDeps) {
    this.#opts = opts;
    this.#deps = deps;
  }

  /**
   * Register a protocol handler. A second handler for a protocol throws at once; the returned
   * promise is libp2p's registration.
   */
  handle(protocol: string, handler: RequestHandler, o: HandleOptions = {}): Promise<void> {
    if (this.#served.has(protocol)) {
      throw new NetworkError(NetworkErrorCode.AlreadyRegistered, `protocol ${protocol} already has a handler`, {
        protocol,
      });
    }
    const served: Served = {
      handler,
      maxRequestBytes: o.maxRequestBytes ?? this.#opts.maxRequestBytes,
      maxResponseBytes: o.maxResponseBytes ?? this.#opts.maxResponseBytes,
      maxInflight: o.maxInflight ?? this.#opts.maxInflightRequests,
      timeoutMs: o.timeoutMs ?? this.#opts.requestTimeoutMs,
      inflight: 0,
    };
    this.#served.set(protocol, served);
    return this.#deps.libp2p.handle(
      protocol,
      (stream, connection) => this.#serve(served, stream, connection.remotePeer.toString()),
      {
        // Streams one peer may hold open on this protocol: beyond it libp2p resets new ones.
        maxInboundStreams: served.maxInflight,
      },
    );
  }

  /** Abort every request in flight (the node is stopping). */
  stop(): void {
    this.#abort.abort();
  }

  async #serve(served: Served, stream: Stream, from: string): Promise<void> {
    if (this.#deps.isBanned(from)) {
      stream.abort(new Error("peer is banned"));
      return;
    }
    const signal = AbortSignal.any([this.#abort.signal, AbortSignal.timeout(served.timeoutMs)]);
    const lp = lpStream(stream, { maxDataLength: served.maxRequestBytes });
    if (served.inflight >= served.maxInflight) {
      await this.#reply(lp, stream, STATUS_REFUSED, Refusal.Busy, signal);
      return;
    }
    served.inflight++;
    try {
      let request: Uint8Array;
      try {
        request = plain(await lp.read({ signal }));
      } catch (err) {
        if (isTooLong(err)) {
          // Answer first: a penalty that bans hangs up, and the client should learn why.
          await this.#reply(lp, stream, STATUS_REFUSED, Refusal.TooLarge, signal);
          this.#deps.penalize(from, `request over ${served.maxRequestBytes} bytes on ${stream.protocol}`);
        } else {
          stream.abort(asError(err));
        }
        return;
      }
      let response: Uint8Array;
      try {
        response = await raceSignal(
          Promise.resolve().then(() => served.handler(request, from)),
          signal,
        );
      } catch (err) {
        const reason = signal.aborted ? Refusal.Timeout : errorText(err);
        this.#deps.log.debug({ protocol: stream.protocol, peer: from, reason }, "request handler refused");
        await this.#reply(lp, stream, STATUS_REFUSED, reason, signal);
        return;
      }
      if (response.length > served.maxResponseBytes) {
        this.#deps.log.error(
          { protocol: stream.protocol, bytes: response.length, max: served.maxResponseBytes },
          "request handler returned a response over its limit",
        );
        await this.#reply(lp, stream, STATUS_REFUSED, Refusal.ResponseTooLarge, signal);
        return;
      }
      await this.#reply(lp, stream, STATUS_OK, response, signal);
    } finally {
      served.inflight--;
    }
  }

  async #reply(
    lp: LengthPrefixedStream<Stream>,
    stream: Stream,
    status: number,
    body: Uint8Array | string,
    signal: AbortSignal,
  ): Promise<void> {
    const bytes = typeof body === "string" ? new TextEncoder().encode(body).subarray(0, MAX_REASON_BYTES) : body;
    const frame = new Uint8Array(1 + bytes.length);
    frame[0] = status;
    frame.set(bytes, 1);
    try {
      await lp.write(frame, { signal });
      await stream.close({ signal });
    } catch (err) {
      stream.abort(asError(err));
    }
  }

  /** Send one request and wait for the response (see `Network.request`). */
  async request(peer: string, protocol: string, data: Uint8Array, o: RequestOptions = {}): Promise<Uint8Array> {
    const details = { peer, protocol };
    if (this.#abort.signal.aborted) throw new NetworkError(NetworkErrorCode.Stopped, "network is stopped", details);
    if (this.#deps.isBanned(peer))
      throw new NetworkError(NetworkErrorCode.PeerBanned, `peer ${peer} is banned`, details);
    const timeoutMs = o.timeoutMs ?? this.#opts.requestTimeoutMs;
    const maxResponseBytes = o.maxResponseBytes ?? this.#opts.maxResponseBytes;
    const timeout = AbortSignal.timeout(timeoutMs);
    const signals = [this.#abort.signal, timeout];
    if (o.signal !== undefined) signals.push(o.signal);
    const signal = AbortSignal.any(signals);
    const failure = (code: NetworkErrorCode, what: string, err: unknown): NetworkError =>
      timeout.aborted
        ? new NetworkError(
            NetworkErrorCode.RequestTimeout,
            `request to ${peer} timed out after ${timeoutMs} ms`,
            details,
            err,
          )
        : new NetworkError(code, `${what}: ${errorText(err)}`, details, err);

    let stream: Stream;
    try {
      stream = await this.#deps.libp2p.dialProtocol(peerIdFromString(peer), protocol, { signal });
    } catch (err) {
      throw failure(NetworkErrorCode.DialFailed, `cannot open ${protocol} to ${peer}`, err);
    }
    // +1: the status byte.
    const lp = lpStream(stream, { maxDataLength: maxResponseBytes + 1 });
    let frame: Uint8Array;
    try {
      await lp.write(data, { signal });
      await stream.close({ signal });
      frame = plain(await lp.read({ signal }));
    } catch (err) {
      stream.abort(asError(err));
      if (isTooLong(err)) {
        this.#deps.penalize(peer, `response over ${maxResponseBytes} bytes on ${protocol}`);
        throw new NetworkError(
          NetworkErrorCode.RequestFailed,
          `response from ${peer} over ${maxResponseBytes} bytes`,
          details,
          err,
        );
      }
      throw failure(NetworkErrorCode.RequestFailed, `request to ${peer} failed`, err);
    }
    if (frame[0] === STATUS_OK) return frame.subarray(1);
    if (frame[0] === STATUS_REFUSED) {
      const reason = new TextDecoder().decode(frame.subarray(1));
      throw new NetworkError(NetworkErrorCode.RequestRefused, `${peer} refused the request: ${reason}`, {
        ...details,
        reason,
      });
    }
    this.#deps.penalize(peer, `malformed response on ${protocol}`);
    throw new NetworkError(NetworkErrorCode.RequestFailed, `malformed response from ${peer}`, details);
  }
}

/** The bytes as a plain Uint8Array (not a Buffer), without copying when they are contiguous. */
export function plain(data: { subarray(): Uint8Array }): Uint8Array {
  const b = data.subarray();
  return Object.getPrototypeOf(b) === Uint8Array.prototype ? b : new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}

function isTooLong(err: unknown): boolean {
  return err instanceof Error && err.name === "InvalidDataLengthError";
}

function asError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** `promise`, or a rejection as soon as `signal` aborts (the handler itself cannot be cancelled). */
function raceSignal<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener("abort", onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(e);
      },
    );
  });
}
