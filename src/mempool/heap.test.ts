import { describe, expect, it } from "vitest";
import { Heap } from "./heap.js";

/** A seeded linear congruential generator: deterministic test input. */
function lcg(seed: number): () => number {
  let x = seed;
  return () => {
    x = (Math.imul(x, 1_103_515_245) + 12_345) >>> 0;
    return x % 1000;
  };
}

describe("Heap", () => {
  it("pops in order, from pushes and from a heapified array", () => {
    const next = lcg(42);
    const values = Array.from({ length: 500 }, next);
    const pushed = new Heap<number>((a, b) => a < b);
    for (const v of values) pushed.push(v);
    const heapified = new Heap<number>((a, b) => a < b, [...values]);
    const sorted = [...values].sort((a, b) => a - b);
    for (const h of [pushed, heapified]) {
      const out: number[] = [];
      while (h.size > 0) out.push(h.pop() as number);
      expect(out).toEqual(sorted);
    }
  });

  it("replaceTop keeps the order", () => {
    const h = new Heap<number>((a, b) => a > b, [3, 9, 5]);
    expect(h.peek()).toBe(9);
    h.replaceTop(1);
    expect([h.pop(), h.pop(), h.pop(), h.pop()]).toEqual([5, 3, 1, undefined]);
  });
});
