import { readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { silentLogger } from "../lib/index.js";
import { topicName } from "./names.js";
import { startNetwork } from "./network.js";
import { addrOf, startTestNode, str, tempDir, text, waitFor } from "./network.testing.js";

const TOPIC = topicName(7n, "consensus");

describe("peer key", () => {
  it("is created 0600 on first start and gives the same peer id after a restart", async () => {
    const dir = tempDir();
    const first = await startTestNode(dir, "node");
    const id = first.peerId;
    await first.stop();
    const file = join(dir, "node.key");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, "utf8"))).toMatchObject({ type: "Ed25519" });
    const second = await startTestNode(dir, "node");
    expect(second.peerId).toBe(id);
    expect(second.addresses().every((a) => a.endsWith(`/p2p/${id}`))).toBe(true);
    const other = await startTestNode(dir, "other");
    expect(other.peerId).not.toBe(id);
  });

  it("a corrupt key file stops the start with a clear error", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "bad.key"), "{not json");
    await expect(
      startNetwork({ listen: ["/ip4/127.0.0.1/tcp/0"], peers: [], keyFile: join(dir, "bad.key"), log: silentLogger() }),
    ).rejects.toMatchObject({ code: "NETWORK_INVALID_PEER_KEY" });
  });

  it("a listen port in use stops the start with a clear error", async () => {
    const dir = tempDir();
    const a = await startTestNode(dir, "a");
    const port = /\/tcp\/(\d+)\//.exec(addrOf(a))?.[1];
    await expect(startTestNode(dir, "b", { listen: [`/ip4/127.0.0.1/tcp/${port}`] })).rejects.toMatchObject({
      code: "NETWORK_START_FAILED",
    });
  });

  it("a persistent peer without /p2p/<id> is refused", async () => {
    const dir = tempDir();
    await expect(startTestNode(dir, "n", { peers: ["/ip4/127.0.0.1/tcp/1"] })).rejects.toMatchObject({
      code: "NETWORK_INVALID_ADDRESS",
    });
  });
});

describe("persistent peers", () => {
  it("a node that stops and restarts on the same port is redialled and gossips again", async () => {
    const dir = tempDir();
    const b1 = await startTestNode(dir, "b");
    const port = /\/tcp\/(\d+)\//.exec(addrOf(b1))?.[1];
    expect(port).toBeDefined();
    const a = await startTestNode(dir, "a", { peers: [addrOf(b1)], redialMaxMs: 300 });
    const events: string[] = [];
    a.onPeer((peer, event) => events.push(`${event} ${peer === b1.peerId ? "b" : peer}`));
    await waitFor("a to connect to b", () => a.peers().includes(b1.peerId));
    const bId = b1.peerId;

    await b1.stop();
    await waitFor("a to see b leave", () => events.includes("disconnect b"));
    // Some redials fail while b is down: the backoff keeps going.
    await new Promise((r) => setTimeout(r, 400));
    expect(a.peers()).not.toContain(bId);

    // b comes back with no peers configured: only a's redial can bring them together.
    const b2 = await startTestNode(dir, "b", { listen: [`/ip4/127.0.0.1/tcp/${port}`] });
    expect(b2.peerId).toBe(bId);
    await waitFor("a to reconnect to b", () => a.peers().includes(bId), 5_000);
    expect(events.filter((e) => e === "connect b").length).toBeGreaterThanOrEqual(2);

    const atB: string[] = [];
    b2.subscribe(TOPIC, (data) => {
      atB.push(str(data));
      return "accept";
    });
    a.subscribe(TOPIC, () => "accept");
    await waitFor("a to see b subscribed", () => a.topicPeers(TOPIC).includes(bId));
    await a.publish(TOPIC, text("vote"));
    await waitFor("b to get the vote", () => atB.includes("vote"));
  });

  it("two nodes that list each other connect whichever starts first", async () => {
    const dir = tempDir();
    const a1 = await startTestNode(dir, "a");
    const aAddr = addrOf(a1);
    await a1.stop();
    // b starts while a is down and keeps trying.
    const b = await startTestNode(dir, "b", { peers: [aAddr], redialMaxMs: 200 });
    await new Promise((r) => setTimeout(r, 300));
    const port = /\/tcp\/(\d+)\//.exec(aAddr)?.[1];
    const a2 = await startTestNode(dir, "a", { listen: [`/ip4/127.0.0.1/tcp/${port}`], peers: [addrOf(b)] });
    await waitFor("a and b connected", () => a2.peers().includes(b.peerId) && b.peers().includes(a2.peerId));
  });
});

describe("stop", () => {
  it("leaves no sockets, servers or timers behind and is idempotent", async () => {
    const handles = (): string[] =>
      process.getActiveResourcesInfo().filter((r) => r === "TCPSocketWrap" || r === "TCPServerWrap" || r === "Timeout");
    const before = handles().length;
    const dir = tempDir();
    const a = await startTestNode(dir, "a");
    const b = await startTestNode(dir, "b", { peers: [addrOf(a)] });
    a.subscribe(TOPIC, () => "accept");
    b.subscribe(TOPIC, () => "accept");
    a.handle("/cmt/7/echo/1", async (r) => r);
    await waitFor("subscription", () => b.topicPeers(TOPIC).length === 1);
    await b.publish(TOPIC, text("x"));
    await b.request(a.peerId, "/cmt/7/echo/1", text("y"));
    expect(handles().length).toBeGreaterThan(before);
    await Promise.all([a.stop(), b.stop()]);
    await a.stop();
    await waitFor("handles to close", () => handles().length <= before, 3_000);
    await expect(b.publish(TOPIC, text("late"))).rejects.toMatchObject({ code: "NETWORK_STOPPED" });
    await expect(b.request(a.peerId, "/cmt/7/echo/1", text("late"))).rejects.toMatchObject({ code: "NETWORK_STOPPED" });
  });
});
