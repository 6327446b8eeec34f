import { describe, expect, it } from "vitest";
import { protocolName } from "./names.js";
import { addrOf, startTestNode, str, tempDir, text, waitFor } from "./network.testing.js";

const ECHO = protocolName(7n, "echo");
const SLOW = protocolName(7n, "slow");

async function pair(serverOpts: Parameters<typeof startTestNode>[2] = {}) {
  const dir = tempDir();
  const server = await startTestNode(dir, "server", serverOpts);
  const client = await startTestNode(dir, "client", { peers: [addrOf(server)] });
  await waitFor("connection", () => client.peers().includes(server.peerId));
  return { server, client };
}

describe("request-response", () => {
  it("round trip: the handler sees the request and who sent it; the client gets the response", async () => {
    const { server, client } = await pair();
    server.handle(ECHO, async (req, from) => text(`${str(req)} from ${from}`));
    const res = await client.request(server.peerId, ECHO, text("ping"));
    expect(str(res)).toBe(`ping from ${client.peerId}`);
    // Empty request and response are fine too, and several requests can run at once.
    server.handle(SLOW, async (req) => req);
    const many = await Promise.all([0, 1, 2, 3, 4].map((i) => client.request(server.peerId, SLOW, text(`${i}`))));
    expect(many.map(str)).toEqual(["0", "1", "2", "3", "4"]);
    expect(await client.request(server.peerId, SLOW, new Uint8Array(0))).toEqual(new Uint8Array(0));
  });

  it("a handler that takes too long makes the request time out", async () => {
    const { server, client } = await pair();
    server.handle(SLOW, () => new Promise((resolve) => setTimeout(() => resolve(text("late")), 2_000)));
    const started = Date.now();
    await expect(client.request(server.peerId, SLOW, text("x"), { timeoutMs: 200 })).rejects.toMatchObject({
      code: "NETWORK_REQUEST_TIMEOUT",
    });
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it("the server's own timeout refuses a stuck handler", async () => {
    const { server, client } = await pair();
    server.handle(SLOW, () => new Promise<Uint8Array>(() => {}), { timeoutMs: 150 });
    await expect(client.request(server.peerId, SLOW, text("x"), { timeoutMs: 3_000 })).rejects.toMatchObject({
      code: "NETWORK_REQUEST_REFUSED",
      details: expect.objectContaining({ reason: "timeout" }),
    });
  });

  it("a handler's error comes back as a refusal with its message", async () => {
    const { server, client } = await pair();
    server.handle(ECHO, async () => {
      throw new Error("unknown height 12");
    });
    await expect(client.request(server.peerId, ECHO, text("x"))).rejects.toMatchObject({
      code: "NETWORK_REQUEST_REFUSED",
      details: expect.objectContaining({ reason: "unknown height 12" }),
    });
  });

  it("an oversized request is refused and repeated ones get the sender banned", async () => {
    const { server, client } = await pair({ penaltyThreshold: 3 });
    let served = 0;
    server.handle(
      ECHO,
      async (req) => {
        served++;
        return req;
      },
      { maxRequestBytes: 1_000 },
    );
    expect((await client.request(server.peerId, ECHO, new Uint8Array(1_000))).length).toBe(1_000);
    for (let i = 0; i < 2; i++) {
      await expect(client.request(server.peerId, ECHO, new Uint8Array(1_001))).rejects.toMatchObject({
        code: "NETWORK_REQUEST_REFUSED",
        details: expect.objectContaining({ reason: "request too large" }),
      });
    }
    expect(server.isBanned(client.peerId)).toBe(false);
    await expect(client.request(server.peerId, ECHO, new Uint8Array(5_000))).rejects.toMatchObject({
      code: "NETWORK_REQUEST_REFUSED",
    });
    expect(served).toBe(1);
    expect(server.isBanned(client.peerId)).toBe(true);
    await waitFor("server to hang up", () => !client.peers().includes(server.peerId));
    // The client is a persistent peer of nobody here; dialling the server again is refused.
    await expect(client.request(server.peerId, ECHO, text("again"), { timeoutMs: 2_000 })).rejects.toMatchObject({
      code: expect.stringMatching(/NETWORK_DIAL_FAILED|NETWORK_REQUEST_FAILED/),
    });
  });

  it("a response over the client's limit fails the request", async () => {
    const { server, client } = await pair();
    server.handle(ECHO, async () => new Uint8Array(10_000));
    await expect(client.request(server.peerId, ECHO, text("x"), { maxResponseBytes: 9_999 })).rejects.toMatchObject({
      code: "NETWORK_REQUEST_FAILED",
    });
    expect((await client.request(server.peerId, ECHO, text("x"), { maxResponseBytes: 10_000 })).length).toBe(10_000);
  });

  it("one handler per protocol", async () => {
    const a = await startTestNode(tempDir(), "a");
    a.handle(ECHO, async (r) => r);
    expect(() => a.handle(ECHO, async (r) => r)).toThrow(
      expect.objectContaining({ code: "NETWORK_ALREADY_REGISTERED" }),
    );
  });

  it("a protocol the peer does not serve fails to open", async () => {
    const { server, client } = await pair();
    await expect(client.request(server.peerId, protocolName(8n, "echo"), text("x"))).rejects.toMatchObject({
      code: "NETWORK_DIAL_FAILED",
    });
  });
});
