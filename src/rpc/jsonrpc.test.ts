import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toHex } from "../lib/index.js";
import { makeTx, startTestChain, type TestChain } from "./testing/harness.js";

let chain: TestChain;
beforeAll(async () => {
  chain = await startTestChain({ maxBatch: 5, maxBodyBytes: 4096 });
});
afterAll(() => chain.close());

describe("JSON-RPC framing over HTTP", () => {
  it("echoes ids of any JSON type and answers batches in order", async () => {
    const { json } = await chain.post(
      JSON.stringify([
        { jsonrpc: "2.0", id: "a", method: "eth_chainId" },
        { jsonrpc: "2.0", id: 7, method: "net_version", params: [] },
        { jsonrpc: "2.0", id: null, method: "eth_blockNumber" },
      ]),
    );
    expect(json).toEqual([
      { jsonrpc: "2.0", id: "a", result: "0x1092" },
      { jsonrpc: "2.0", id: 7, result: "4242" },
      { jsonrpc: "2.0", id: null, result: "0x2" },
    ]);
  });

  it("answers malformed JSON with -32700 and id null", async () => {
    const { status, json } = await chain.post('{"jsonrpc":"2.0","id":1,"method":');
    expect(status).toBe(200);
    expect(json).toEqual({ jsonrpc: "2.0", id: null, error: { code: -32700, message: "parse error" } });
  });

  it("answers invalid request objects with -32600", async () => {
    expect((await chain.post('{"id":1,"method":"eth_chainId"}')).json).toEqual({
      jsonrpc: "2.0",
      id: 1,
      error: { code: -32600, message: "invalid request" },
    });
    expect((await chain.post("42")).json).toMatchObject({ id: null, error: { code: -32600 } });
    const { json } = await chain.post('[1, {"jsonrpc":"2.0","id":2,"method":"eth_chainId"}]');
    expect(json).toEqual([
      { jsonrpc: "2.0", id: null, error: { code: -32600, message: "invalid request" } },
      { jsonrpc: "2.0", id: 2, result: "0x1092" },
    ]);
  });

  it("does not answer notifications", async () => {
    const single = await chain.post('{"jsonrpc":"2.0","method":"eth_chainId"}');
    expect(single).toEqual({ status: 200, json: null });
    const { json } = await chain.post(
      '[{"jsonrpc":"2.0","method":"eth_chainId"},{"jsonrpc":"2.0","id":3,"method":"eth_chainId"}]',
    );
    expect(json).toEqual([{ jsonrpc: "2.0", id: 3, result: "0x1092" }]);
  });

  it("refuses empty and oversized batches", async () => {
    expect((await chain.post("[]")).json).toEqual({
      jsonrpc: "2.0",
      id: null,
      error: { code: -32600, message: "empty batch" },
    });
    const six = Array.from({ length: 6 }, (_, i) => ({ jsonrpc: "2.0", id: i + 10, method: "eth_chainId" }));
    expect((await chain.post(JSON.stringify(six))).json).toEqual([
      { jsonrpc: "2.0", id: 10, error: { code: -32600, message: "batch too large" } },
    ]);
  });

  it("refuses a body over maxBodyBytes with HTTP 413", async () => {
    const big = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "web3_sha3", params: [`0x${"ab".repeat(4096)}`] });
    const { status, json } = await chain.post(big);
    expect(status).toBe(413);
    expect(json).toEqual({ jsonrpc: "2.0", id: null, error: { code: -32600, message: "request body too large" } });
  });

  it("names unknown methods with -32601", async () => {
    expect(await chain.rpc("eth_foo")).toMatchObject({
      error: { code: -32601, message: "the method eth_foo does not exist/is not available" },
    });
  });

  it("reports bad params with -32602 in geth's words", async () => {
    const { alice } = chain;
    expect((await chain.rpc("eth_getBalance", ["0x1234"])).error).toEqual({
      code: -32602,
      message: "invalid argument 0: hex string has length 4, want 40 for common.Address",
    });
    expect((await chain.rpc("eth_getBalance", [alice.address, "latest", 1])).error).toEqual({
      code: -32602,
      message: "too many arguments, want at most 2",
    });
    expect((await chain.rpc("eth_getBalance", [])).error).toEqual({
      code: -32602,
      message: "missing value for required argument 0",
    });
    expect((await chain.rpc("eth_getBlockByNumber", ["0x01", false])).error).toEqual({
      code: -32602,
      message: "invalid argument 0: hex number with leading zero digits",
    });
    expect((await chain.rpc("eth_getBlockByNumber", ["1", false])).error).toEqual({
      code: -32602,
      message: "invalid argument 0: hex string without 0x prefix",
    });
    expect((await chain.rpc("eth_call", [{ to: "0xzz" }])).error).toEqual({
      code: -32602,
      message: "invalid argument 0: hex string has length 2, want 40 for common.Address for field to",
    });
    expect((await chain.rpc("eth_chainId", { a: 1 })).error).toEqual({ code: -32602, message: "non-array args" });
  });

  it("refuses subscriptions over HTTP", async () => {
    expect((await chain.rpc("eth_subscribe", ["newHeads"])).error).toEqual({
      code: -32601,
      message: "notifications not supported",
    });
  });

  it("refuses eth_sendTransaction: the node holds no keys", async () => {
    expect((await chain.rpc("eth_sendTransaction", [{ from: chain.alice.address }])).error).toEqual({
      code: -32000,
      message: "unknown account",
    });
  });

  it("hands a batch of raw transactions to the backend in one call", async () => {
    const { alice, bob, backend } = chain;
    const txs = [2n, 3n, 4n].map((nonce) => makeTx(alice.privateKey, { nonce, to: bob.address, value: 1n }));
    const stale = makeTx(alice.privateKey, { nonce: 0n, to: bob.address, value: 1n });
    const calls = [...txs, stale].map((tx, i) => ({
      jsonrpc: "2.0",
      id: i,
      method: "eth_sendRawTransaction",
      params: [toHex(tx.raw)],
    }));
    const before = backend.batchCalls.length;
    const { json } = await chain.post(JSON.stringify(calls));
    expect(backend.batchCalls.slice(before)).toEqual([4]);
    expect(json).toEqual([
      ...txs.map((tx, i) => ({ jsonrpc: "2.0", id: i, result: tx.hash })),
      { jsonrpc: "2.0", id: 3, error: { code: -32000, message: "nonce too low" } },
    ]);
    backend.mine();
  });

  it("refuses a streamed (chunked) body once it passes maxBodyBytes", async () => {
    const url = new URL(chain.url);
    const status = await new Promise<number>((resolve, reject) => {
      const req = request({
        host: url.hostname,
        port: url.port,
        method: "POST",
        headers: { "Content-Type": "application/json" },
      });
      req.on("response", (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on("error", reject);
      req.write(`{"jsonrpc":"2.0","id":1,"method":"web3_sha3","params":["0x`);
      for (let i = 0; i < 8; i++) req.write("ab".repeat(512));
      req.end('"]}');
    });
    expect(status).toBe(413);
  });

  it("turns unexpected backend failures into -32603 internal error", async () => {
    const original = chain.backend.status.bind(chain.backend);
    chain.backend.status = () => {
      throw new Error("disk on fire");
    };
    try {
      expect((await chain.rpc("cmt_status")).error).toEqual({ code: -32603, message: "internal error" });
    } finally {
      chain.backend.status = original;
    }
    expect((await chain.rpc("cmt_status")).result).toBeTruthy();
  });

  it("answers CORS preflights and GET health checks", async () => {
    const pre = await fetch(chain.url, {
      method: "OPTIONS",
      headers: { Origin: "https://dapp.example", "Access-Control-Request-Headers": "content-type" },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get("access-control-allow-origin")).toBe("*");
    expect(pre.headers.get("access-control-allow-methods")).toContain("POST");
    expect(pre.headers.get("access-control-allow-headers")).toBe("content-type");
    const get = await fetch(chain.url);
    expect(get.status).toBe(200);
    const res = await fetch(chain.url, { method: "PUT" });
    expect(res.status).toBe(405);
  });
});
