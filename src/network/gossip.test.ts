import { describe, expect, it } from "vitest";
import type { Verdict } from "./interface.js";
import { topicName } from "./names.js";
import { addrOf, startTestNode, str, tempDir, text, waitFor } from "./network.testing.js";

const TOPIC = topicName(7n, "tx");

describe("gossip", () => {
  it("three nodes in a line: a message published at one end reaches both others", async () => {
    const dir = tempDir();
    const a = await startTestNode(dir, "a");
    const b = await startTestNode(dir, "b", { peers: [addrOf(a)] });
    const c = await startTestNode(dir, "c", { peers: [addrOf(b)] });
    const got: Record<string, string[]> = { a: [], b: [], c: [] };
    for (const [name, net] of [
      ["a", a],
      ["b", b],
      ["c", c],
    ] as const) {
      net.subscribe(TOPIC, (data, from) => {
        got[name]!.push(`${str(data)} from ${from}`);
        return "accept";
      });
    }
    await waitFor("b to see both as subscribers", () => b.topicPeers(TOPIC).length === 2);
    await waitFor("a and c to see b", () => a.topicPeers(TOPIC).length === 1 && c.topicPeers(TOPIC).length === 1);
    // c is not connected to a: it can only get the message through b's mesh.
    expect(c.peers()).not.toContain(a.peerId);

    await a.publish(TOPIC, text("tx-1"));
    await waitFor("b and c to receive", () => got.b!.length === 1 && got.c!.length === 1);
    expect(got.b).toEqual([`tx-1 from ${a.peerId}`]);
    expect(got.c).toEqual([`tx-1 from ${b.peerId}`]);
    expect(got.a).toEqual([]);

    // And back the other way, from the far end.
    await c.publish(TOPIC, text("tx-2"));
    await waitFor("a and b to receive tx-2", () => got.a!.length === 1 && got.b!.length === 2);
    expect(got.a).toEqual([`tx-2 from ${b.peerId}`]);
    expect(got.b![1]).toBe(`tx-2 from ${c.peerId}`);
    expect(got.c).toHaveLength(1);
  });
});

describe("gossip validation", () => {
  it("a rejected message is not forwarded, and its sender is penalised until banned", async () => {
    const dir = tempDir();
    const a = await startTestNode(dir, "a");
    // b bans at the second penalty, so the first reject only counts.
    const b = await startTestNode(dir, "b", { peers: [addrOf(a)], penaltyThreshold: 2 });
    const c = await startTestNode(dir, "c", { peers: [addrOf(b)] });
    const atB: string[] = [];
    const atC: string[] = [];
    a.subscribe(TOPIC, () => "accept");
    b.subscribe(TOPIC, (data) => {
      atB.push(str(data));
      return str(data).startsWith("bad") ? "reject" : "accept";
    });
    c.subscribe(TOPIC, (data) => {
      atC.push(str(data));
      return "accept";
    });
    await waitFor("mesh", () => b.topicPeers(TOPIC).length === 2 && c.topicPeers(TOPIC).length === 1);
    await waitFor("a to see b subscribed", () => a.topicPeers(TOPIC).length === 1);

    await a.publish(TOPIC, text("bad-1"));
    await waitFor("b to judge bad-1", () => atB.includes("bad-1"));
    // b's next own message travels the same stream to c after anything b forwarded before it.
    await b.publish(TOPIC, text("marker-1"));
    await waitFor("c to get the marker", () => atC.includes("marker-1"));
    expect(atC).toEqual(["marker-1"]);
    expect(b.isBanned(a.peerId)).toBe(false);
    expect(b.peers()).toContain(a.peerId);

    // A good message from a still goes through b to c: forwarding itself works.
    await a.publish(TOPIC, text("good-1"));
    await waitFor("c to get good-1", () => atC.includes("good-1"));

    // The second invalid message reaches the threshold: b bans a and hangs up.
    await a.publish(TOPIC, text("bad-2"));
    await waitFor("b to ban a", () => b.isBanned(a.peerId));
    await waitFor("a to be disconnected", () => !b.peers().includes(a.peerId) && !a.peers().includes(b.peerId));
    await b.publish(TOPIC, text("marker-2"));
    await waitFor("c to get marker-2", () => atC.includes("marker-2"));
    expect(atC).toEqual(["marker-1", "good-1", "marker-2"]);
  });

  it("a message over the topic's size limit is rejected at the receiver and refused at the sender", async () => {
    const dir = tempDir();
    const limits = { maxMessageBytes: { [TOPIC]: 100 }, penaltyThreshold: 1 };
    const a = await startTestNode(dir, "a");
    const b = await startTestNode(dir, "b", { peers: [addrOf(a)], ...limits });
    const atB: string[] = [];
    a.subscribe(TOPIC, () => "accept");
    b.subscribe(TOPIC, (data) => {
      atB.push(str(data));
      return "accept";
    });
    await waitFor("subscriptions", () => a.topicPeers(TOPIC).length === 1 && b.topicPeers(TOPIC).length === 1);

    // b's own limit refuses the publish before anything is sent.
    await expect(b.publish(TOPIC, new Uint8Array(101))).rejects.toMatchObject({ code: "NETWORK_MESSAGE_TOO_LARGE" });
    await a.publish(TOPIC, text("x".repeat(100)));
    await waitFor("b to get the 100-byte message", () => atB.length === 1);
    // a has no such limit, so it sends 101 bytes; b rejects without calling its handler, and bans a.
    await a.publish(TOPIC, text("y".repeat(101)));
    await waitFor("b to ban a", () => b.isBanned(a.peerId));
    expect(atB).toEqual(["x".repeat(100)]);
  });

  it("publish resolves with no peers, and one handler per topic", async () => {
    const a = await startTestNode(tempDir(), "a");
    a.subscribe(TOPIC, () => "accept");
    await expect(a.publish(TOPIC, text("alone"))).resolves.toBeUndefined();
    await expect(a.publish(TOPIC, text("alone"))).resolves.toBeUndefined();
    expect(() => a.subscribe(TOPIC, () => "accept")).toThrow(
      expect.objectContaining({ code: "NETWORK_ALREADY_REGISTERED" }),
    );
  });
});

describe("topic isolation", () => {
  it("a stuck transaction handler neither delays consensus messages nor queues without bound", async () => {
    const dir = tempDir();
    const TX = topicName(7n, "tx");
    const VOTES = topicName(7n, "consensus");
    const a = await startTestNode(dir, "a");
    const b = await startTestNode(dir, "b", { peers: [addrOf(a)], topicConcurrency: 1, topicQueueLength: 2 });
    let release: () => void = () => {};
    const stuck = new Promise<void>((r) => {
      release = r;
    });
    const txs: string[] = [];
    const votes: string[] = [];
    b.subscribe(TX, async (data): Promise<Verdict> => {
      txs.push(str(data));
      await stuck;
      return "accept";
    });
    b.subscribe(VOTES, (data) => {
      votes.push(str(data));
      return "accept";
    });
    a.subscribe(TX, () => "accept");
    a.subscribe(VOTES, () => "accept");
    await waitFor("a to see b on both topics", () => a.topicPeers(TX).length === 1 && a.topicPeers(VOTES).length === 1);

    for (let i = 0; i < 10; i++) await a.publish(TX, text(`tx-${i}`));
    await waitFor("b's tx handler to be stuck on the first", () => txs.length === 1);
    await a.publish(VOTES, text("prevote"));
    await waitFor("the vote to arrive past the tx backlog", () => votes.includes("prevote"));
    expect(txs).toEqual(["tx-0"]);

    release();
    // One running + two waiting were kept; the other seven were dropped, not queued.
    await waitFor("the kept txs to be handled", () => txs.length === 3);
    await new Promise((r) => setTimeout(r, 100));
    expect(txs).toEqual(["tx-0", "tx-1", "tx-2"]);
    // Dropping under load is not misbehaviour: a is not penalised.
    expect(b.isBanned(a.peerId)).toBe(false);
  });
});
