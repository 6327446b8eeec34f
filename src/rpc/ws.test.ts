import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { toHex } from "../lib/index.js";
import { TOKEN } from "./testing/fake-backend.js";
import { makeTx, startTestChain, type TestChain, transferData } from "./testing/harness.js";

let chain: TestChain;
beforeAll(async () => {
  chain = await startTestChain({ maxBodyBytes: 2048 });
});
afterAll(() => chain.close());

/** A raw WebSocket client that queues every message it receives. */
async function connect(): Promise<{
  ws: WebSocket;
  next(): Promise<unknown>;
  call(method: string, params?: unknown[]): Promise<Record<string, unknown>>;
}> {
  const ws = new WebSocket(chain.wsUrl);
  const queue: unknown[] = [];
  const waiters: Array<(v: unknown) => void> = [];
  ws.on("message", (data) => {
    const msg = JSON.parse(String(data)) as unknown;
    const w = waiters.shift();
    if (w) w(msg);
    else queue.push(msg);
  });
  await new Promise((resolve, reject) => ws.once("open", resolve).once("error", reject));
  const next = () => (queue.length > 0 ? Promise.resolve(queue.shift()) : new Promise<unknown>((r) => waiters.push(r)));
  let id = 0;
  const call = async (method: string, params: unknown[] = []) => {
    ws.send(JSON.stringify({ jsonrpc: "2.0", id: ++id, method, params }));
    return (await next()) as Record<string, unknown>;
  };
  return { ws, next, call };
}

describe("WebSocket transport", () => {
  it("pushes newHeads with the header JSON and stops after eth_unsubscribe", async () => {
    const c = await connect();
    const { result: id } = await c.call("eth_subscribe", ["newHeads"]);
    expect(id).toMatch(/^0x[0-9a-f]{32}$/);
    const view = chain.backend.mine([]);
    const note = (await c.next()) as {
      method: string;
      params: { subscription: string; result: Record<string, unknown> };
    };
    expect(note.method).toBe("eth_subscription");
    expect(note.params.subscription).toBe(id);
    expect(note.params.result).toMatchObject({ number: `0x${view.block.header.height.toString(16)}`, hash: view.hash });
    expect(note.params.result).not.toHaveProperty("transactions");
    expect((await c.call("eth_unsubscribe", [id])).result).toBe(true);
    expect((await c.call("eth_unsubscribe", [id])).result).toBe(false);
    chain.backend.mine([]);
    expect((await c.call("eth_chainId")).result).toBe("0x1092"); // no notification came first
    c.ws.close();
  });

  it("pushes each matching log to a logs subscription", async () => {
    const { backend, alice, bob } = chain;
    const c = await connect();
    const { result: id } = await c.call("eth_subscribe", ["logs", { address: TOKEN }]);
    const tx = makeTx(alice.privateKey, {
      nonce: backend.nonce(alice.address),
      to: TOKEN,
      data: transferData(bob.address, 3n),
    });
    backend.mine([{ tx, sender: alice.address }]);
    const note = (await c.next()) as { params: { subscription: string; result: Record<string, unknown> } };
    expect(note.params.subscription).toBe(id);
    expect(note.params.result).toMatchObject({
      address: TOKEN,
      transactionHash: tx.hash,
      logIndex: "0x0",
      removed: false,
    });
    c.ws.close();
  });

  it("pushes each transaction entering the mempool to a newPendingTransactions subscription: hashes, or whole with true", async () => {
    const { backend, alice, bob } = chain;
    const c = await connect();
    const { result: hashesId } = await c.call("eth_subscribe", ["newPendingTransactions"]);
    const { result: fullId } = await c.call("eth_subscribe", ["newPendingTransactions", true]);
    expect((await c.call("eth_subscribe", ["newPendingTransactions", "yes"])).error).toEqual({
      code: -32602,
      message: "invalid argument 1: cannot unmarshal non-bool into Go value of type bool",
    });
    const tx = makeTx(alice.privateKey, { nonce: backend.pendingNonce(alice.address), to: bob.address, value: 9n });
    // The notifications and the call's answer, in whatever order they come.
    c.ws.send(JSON.stringify({ jsonrpc: "2.0", id: 99, method: "eth_sendRawTransaction", params: [toHex(tx.raw)] }));
    const messages = [await c.next(), await c.next(), await c.next()] as Array<{
      id?: number;
      result?: unknown;
      params?: { subscription: string; result: unknown };
    }>;
    expect(messages.find((m) => m.id === 99)?.result).toBe(tx.hash);
    const notes = messages.filter((m) => m.params !== undefined);
    const byId = new Map(notes.map((n) => [n.params?.subscription, n.params?.result]));
    expect(byId.get(hashesId as string)).toBe(tx.hash);
    expect(byId.get(fullId as string)).toMatchObject({
      hash: tx.hash,
      from: alice.address,
      to: bob.address,
      value: "0x9",
      blockNumber: null,
    });
    backend.mine();
    c.ws.close();
  });

  it("drops a socket's subscriptions when it closes", async () => {
    const c = await connect();
    await c.call("eth_subscribe", ["newHeads"]);
    const before = chain.server.stats().subscriptions;
    const closed = new Promise((resolve) => c.ws.once("close", resolve));
    c.ws.close();
    await closed;
    await expect.poll(() => chain.server.stats().subscriptions).toBe(before - 1);
  });

  it("answers batches and errors, and refuses unknown subscriptions", async () => {
    const c = await connect();
    c.ws.send(
      JSON.stringify([
        { jsonrpc: "2.0", id: 1, method: "eth_blockNumber" },
        { jsonrpc: "2.0", id: 2, method: "x" },
      ]),
    );
    const batch = (await c.next()) as Array<Record<string, unknown>>;
    expect(batch[1]).toEqual({
      jsonrpc: "2.0",
      id: 2,
      error: { code: -32601, message: "the method x does not exist/is not available" },
    });
    expect((await c.call("eth_subscribe", ["syncing"])).error).toEqual({
      code: -32601,
      message: 'no "syncing" subscription in eth namespace',
    });
    c.ws.send("{oops");
    expect(await c.next()).toEqual({ jsonrpc: "2.0", id: null, error: { code: -32700, message: "parse error" } });
    const raw = toHex(makeTx(chain.alice.privateKey, { nonce: 0n, to: chain.bob.address }).raw);
    expect((await c.call("eth_sendRawTransaction", [raw])).error).toEqual({ code: -32000, message: "nonce too low" });
    c.ws.close();
  });

  it("closes a socket that sends a message over maxBodyBytes with 1009", async () => {
    const c = await connect();
    const closed = new Promise<number>((resolve) => c.ws.once("close", (code) => resolve(code)));
    c.ws.send(JSON.stringify({ jsonrpc: "2.0", id: 1, method: "web3_sha3", params: [`0x${"ab".repeat(2048)}`] }));
    expect(await closed).toBe(1009);
  });
});

describe("maxConnections", () => {
  it("drops connections beyond the limit", async () => {
    const limited = await startTestChain({ maxConnections: 1 });
    const first = new WebSocket(limited.wsUrl);
    await new Promise((resolve, reject) => first.once("open", resolve).once("error", reject));
    const second = new WebSocket(limited.wsUrl);
    const outcome = await new Promise<string>((resolve) => {
      second.once("open", () => resolve("open"));
      second.once("error", () => resolve("refused"));
    });
    expect(outcome).toBe("refused");
    first.close();
    await limited.close();
  });
});
