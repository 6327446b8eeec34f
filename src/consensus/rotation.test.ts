import { describe, expect, it } from "vitest";
import { ProposerSchedule } from "./proposer.js";
import { ProposerRotation } from "./rotation.js";
import { ValidatorSet } from "./validator-set.js";

const addr = (i: number) => `0x${i.toString(16).padStart(40, "0")}`;
const setOf = (powers: Record<number, bigint>) =>
  new ValidatorSet(Object.entries(powers).map(([i, power]) => ({ address: addr(Number(i)), power })));

describe("proposer rotation across heights", () => {
  it("for a fixed set it is CometBFT's sequence (ProposerSchedule): step h - 1 + r", () => {
    const set = setOf({ 1: 1n, 2: 2n, 3: 3n, 4: 7n });
    const schedule = new ProposerSchedule(set);
    let rotation = ProposerRotation.genesis(set);
    for (let h = 1; h <= 60; h++) {
      for (let r = 0; r < 4; r++) expect(rotation.proposer(r)).toBe(schedule.proposer(h, r));
      rotation = rotation.next(set);
    }
  });

  it("a snapshot restores the same rotation (what the WAL keeps across restarts)", () => {
    const set = setOf({ 1: 5n, 2: 3n, 3: 1n });
    let rotation = ProposerRotation.genesis(set);
    for (let h = 1; h < 17; h++) rotation = rotation.next(set);
    const restored = ProposerRotation.restore(17, set, rotation.snapshot());
    let a = rotation;
    let b = restored;
    for (let h = 17; h < 40; h++) {
      expect([b.proposer(0), b.proposer(1)]).toEqual([a.proposer(0), a.proposer(1)]);
      a = a.next(set);
      b = b.next(set);
    }
  });

  it("a joining validator waits its turn, a removed one never proposes, and shares follow the new powers", () => {
    const before = setOf({ 1: 10n, 2: 10n, 3: 10n });
    const after = setOf({ 1: 10n, 2: 10n, 4: 20n }); // 3 leaves, 4 joins with 20
    let rotation = ProposerRotation.genesis(before);
    for (let h = 1; h < 10; h++) rotation = rotation.next(before);
    rotation = rotation.next(after);
    // Newcomers start at -1.125 × total: not the proposer of the first height they are in.
    expect(rotation.proposer(0)).not.toBe(addr(4));
    const counts = new Map<string, number>();
    for (let h = 0; h < 400; h++) {
      const p = rotation.proposer(0);
      counts.set(p, (counts.get(p) ?? 0) + 1);
      rotation = rotation.next(after);
    }
    expect(counts.has(addr(3))).toBe(false);
    expect(counts.get(addr(4))).toBeGreaterThanOrEqual(195);
    expect(counts.get(addr(4))).toBeLessThanOrEqual(205);
    expect(counts.get(addr(1))! + counts.get(addr(2))!).toBe(400 - counts.get(addr(4))!);
  });
});
