import { describe, expect, it } from "vitest";
import { PeerPenalties } from "./penalties.js";
import { WorkQueue } from "./work-queue.js";

describe("PeerPenalties", () => {
  it("bans at the threshold, forgives one point per decay period, and lifts the ban after banMs", () => {
    let now = 1_000_000;
    const p = new PeerPenalties({ threshold: 3, decayMs: 1_000, banMs: 60_000 }, () => now);
    expect(p.penalize("x")).toEqual({ banned: false, points: 1 });
    expect(p.penalize("x")).toEqual({ banned: false, points: 2 });
    now += 2_500; // two points forgiven
    expect(p.points("x")).toBe(0);
    expect(p.penalize("x")).toEqual({ banned: false, points: 1 });
    p.penalize("x");
    expect(p.penalize("x")).toEqual({ banned: true, until: now + 60_000 });
    expect(p.isBanned("x")).toBe(true);
    expect(p.isBanned("y")).toBe(false);
    expect(p.bannedUntil("x")).toBe(now + 60_000);
    now += 59_999;
    expect(p.isBanned("x")).toBe(true);
    now += 1;
    expect(p.isBanned("x")).toBe(false);
    // After the ban the peer starts from zero.
    expect(p.penalize("x")).toEqual({ banned: false, points: 1 });
  });

  it("a heavy penalty bans at once; tracking is bounded", () => {
    const p = new PeerPenalties({ threshold: 10, decayMs: 1_000, banMs: 1_000, maxTracked: 3 }, () => 0);
    expect(p.penalize("a", 10).banned).toBe(true);
    for (const peer of ["b", "c", "d", "e"]) p.penalize(peer);
    p.penalize("e");
    const tracked = ["b", "c", "d", "e"].filter((peer) => p.points(peer) > 0);
    expect(tracked.length).toBe(3);
    expect(p.points("e")).toBe(2);
  });
});

describe("WorkQueue", () => {
  it("runs at most `concurrency` jobs, keeps `maxWaiting` more in order, refuses the rest", async () => {
    const q = new WorkQueue(2, 1);
    const order: string[] = [];
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const first = q.run(async () => {
      order.push("1");
      await gate;
      return 1;
    });
    const second = q.run(() => {
      order.push("2");
      return 2;
    });
    const third = q.run(() => {
      order.push("3");
      return 3;
    });
    expect(q.run(() => 4)).toBeNull();
    expect(q.size).toBe(3);
    expect(order).toEqual(["1"]);
    release();
    expect(await Promise.all([first, second, third])).toEqual([1, 2, 3]);
    expect(order).toEqual(["1", "2", "3"]);
    expect(q.size).toBe(0);
  });

  it("a failing job frees its slot", async () => {
    const q = new WorkQueue(1, 1);
    const bad = q.run(() => Promise.reject(new Error("boom")));
    const good = q.run(() => "ok");
    await expect(bad).rejects.toThrow("boom");
    await expect(good).resolves.toBe("ok");
    expect(q.size).toBe(0);
  });
});
