import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { CliError } from "./io.js";
import { quantity, RpcCallError, RpcClient, rpcUrl } from "./rpc-client.js";

const servers: Array<{ close(): void; closeAllConnections(): void }> = [];
afterEach(() => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    s.close();
  }
});

/** A throwaway HTTP server answering every request with `handler`. */
async function serve(handler: (body: string, res: ServerResponse) => void): Promise<string> {
  const server = createServer(async (req: IncomingMessage, res) => {
    let body = "";
    for await (const chunk of req) body += chunk;
    handler(body, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A URL nobody listens on. */
async function deadUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
}

const json = (res: ServerResponse, body: unknown) => {
  res.setHeader("content-type", "application/json");
  res.end(JSON.stringify(body));
};

describe("RpcClient", () => {
  it("sends JSON-RPC 2.0 requests and returns the result", async () => {
    const seen: unknown[] = [];
    const url = await serve((body, res) => {
      const req = JSON.parse(body);
      seen.push(req);
      json(res, { jsonrpc: "2.0", id: req.id, result: "0x12" });
    });
    const rpc = new RpcClient(url);
    expect(await rpc.request("eth_chainId")).toBe("0x12");
    expect(await rpc.request("eth_getBalance", ["0xab", "latest"])).toBe("0x12");
    expect(seen).toEqual([
      { jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] },
      { jsonrpc: "2.0", id: 2, method: "eth_getBalance", params: ["0xab", "latest"] },
    ]);
  });

  it("says it cannot reach the node when nothing listens", async () => {
    const url = await deadUrl();
    const err = await new RpcClient(url).request("eth_chainId").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CliError);
    expect((err as Error).message).toMatch(new RegExp(`^cannot reach node at ${url} \\(ECONNREFUSED\\)`));
  });

  it("passes on the node's error message and code", async () => {
    const url = await serve((body, res) => {
      const { id } = JSON.parse(body);
      json(res, { jsonrpc: "2.0", id, error: { code: -32000, message: "nonce too low: next nonce 5, tx nonce 4" } });
    });
    const err = await new RpcClient(url).request("eth_sendRawTransaction", ["0x"]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RpcCallError);
    expect(err).toMatchObject({ message: "nonce too low: next nonce 5, tx nonce 4", code: -32000 });
  });

  it("explains HTTP errors, non-JSON replies, replies without result and timeouts", async () => {
    const http500 = await serve((_, res) => {
      res.statusCode = 500;
      res.end("boom");
    });
    await expect(new RpcClient(http500).request("eth_chainId")).rejects.toThrow(
      `node at ${http500} answered eth_chainId with HTTP 500: boom`,
    );
    const html = await serve((_, res) => res.end("<html>hello</html>"));
    await expect(new RpcClient(html).request("eth_chainId")).rejects.toThrow("that is not JSON");
    const empty = await serve((body, res) => json(res, { jsonrpc: "2.0", id: JSON.parse(body).id }));
    await expect(new RpcClient(empty).request("eth_chainId")).rejects.toThrow("without a result");
    const silent = await serve(() => {});
    await expect(new RpcClient(silent, { timeoutMs: 200 }).request("eth_chainId")).rejects.toThrow(
      `node at ${silent} did not answer eth_chainId within 0.2 s`,
    );
  });
});

describe("rpcUrl and quantity", () => {
  it("takes --rpc, then CYBERMILES_RPC, then the local default; refuses non-http URLs", () => {
    expect(rpcUrl(undefined, {})).toBe("http://127.0.0.1:8545");
    expect(rpcUrl(undefined, { CYBERMILES_RPC: "http://node:8545" })).toBe("http://node:8545");
    expect(rpcUrl("https://x.example", { CYBERMILES_RPC: "http://node:8545" })).toBe("https://x.example");
    expect(() => rpcUrl("ws://127.0.0.1:8546", {})).toThrow("only http:// and https://");
    expect(() => rpcUrl("localhost 8545", {})).toThrow('invalid node URL "localhost 8545"');
  });

  it("parses quantities and blames the node for malformed ones", () => {
    expect(quantity("0x1a", "height")).toBe(26n);
    expect(() => quantity("26", "height")).toThrow('node sent a malformed height: "26"');
    expect(() => quantity(null, "balance")).toThrow("node sent a malformed balance: null");
  });
});
