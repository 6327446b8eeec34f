import { CliError } from "./io.js";

/** Where the CLI looks for a node when neither --rpc nor CYBERMILES_RPC is given. */
export const DEFAULT_RPC_URL = "http://127.0.0.1:8545";

/** The node URL: the --rpc option, else CYBERMILES_RPC, else `DEFAULT_RPC_URL`; must be http(s). */
export function rpcUrl(option: string | undefined, env: Readonly<Record<string, string | undefined>>): string {
  const url = option ?? (env.CYBERMILES_RPC || DEFAULT_RPC_URL);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new CliError(`invalid node URL ${JSON.stringify(url)} (expected e.g. ${DEFAULT_RPC_URL})`, 2);
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    throw new CliError(`invalid node URL ${url}: only http:// and https:// are supported`, 2);
  }
  return url;
}

/** An error object the node answered with; the message is the node's own (geth's wording). */
export class RpcCallError extends CliError {
  constructor(
    message: string,
    readonly code: number,
    readonly data: unknown,
    readonly method: string,
  ) {
    super(message);
    this.name = "RpcCallError";
  }
}

/** Options of `RpcClient`. */
export interface RpcClientOptions {
  /** Per-request timeout (default 30 s). */
  timeoutMs?: number;
  /** Aborts every request in flight (e.g. the CLI's stop signal). */
  signal?: AbortSignal;
}

/**
 * A minimal JSON-RPC 2.0 client over HTTP (`fetch`) whose failures are CLI errors a user can act
 * on: "cannot reach node at URL", the node's own error message, or what was wrong with its answer.
 */
export class RpcClient {
  private nextId = 1;

  constructor(
    readonly url: string,
    private readonly opts: RpcClientOptions = {},
  ) {}

  /** Call `method` with positional `params`; resolves to the result. */
  async request<T = unknown>(method: string, params: unknown[] = []): Promise<T> {
    const id = this.nextId++;
    const timeoutMs = this.opts.timeoutMs ?? 30_000;
    const signals = [AbortSignal.timeout(timeoutMs), ...(this.opts.signal ? [this.opts.signal] : [])];
    let res: Response;
    try {
      res = await fetch(this.url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ jsonrpc: "2.0", id, method, params }),
        signal: AbortSignal.any(signals),
      });
    } catch (err) {
      throw this.transportError(err, method, timeoutMs);
    }
    const text = await res.text().catch(() => "");
    if (!res.ok) {
      const body = text.trim().slice(0, 200);
      throw new CliError(`node at ${this.url} answered ${method} with HTTP ${res.status}${body ? `: ${body}` : ""}`);
    }
    let reply: unknown;
    try {
      reply = JSON.parse(text);
    } catch {
      throw new CliError(`node at ${this.url} sent a reply to ${method} that is not JSON`);
    }
    if (typeof reply !== "object" || reply === null || Array.isArray(reply)) {
      throw new CliError(`node at ${this.url} sent a reply to ${method} that is not a JSON-RPC response`);
    }
    const { error, result } = reply as {
      error?: { code?: unknown; message?: unknown; data?: unknown };
      result?: unknown;
    };
    if (error !== undefined && error !== null) {
      const message = typeof error.message === "string" ? error.message : `error ${JSON.stringify(error)}`;
      throw new RpcCallError(message, typeof error.code === "number" ? error.code : 0, error.data, method);
    }
    if (!("result" in (reply as object))) {
      throw new CliError(`node at ${this.url} sent a reply to ${method} without a result`);
    }
    return result as T;
  }

  private transportError(err: unknown, method: string, timeoutMs: number): CliError {
    const e = err as Error & { cause?: { code?: string; message?: string } };
    if (e.name === "TimeoutError") {
      return new CliError(`node at ${this.url} did not answer ${method} within ${timeoutMs / 1000} s`);
    }
    if (e.name === "AbortError") return new CliError(`${method} to ${this.url} was cancelled`);
    const why = e.cause?.code ?? e.cause?.message ?? e.message;
    return new CliError(`cannot reach node at ${this.url} (${why}); is it running? (set --rpc URL)`);
  }
}

/** A JSON-RPC QUANTITY ("0x1a") as bigint; a malformed one is the node's fault, said so. */
export function quantity(value: unknown, what: string): bigint {
  if (typeof value !== "string" || !/^0x[0-9a-fA-F]+$/.test(value)) {
    throw new CliError(`node sent a malformed ${what}: ${JSON.stringify(value)}`);
  }
  return BigInt(value);
}
