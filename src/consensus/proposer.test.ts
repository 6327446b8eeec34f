import { describe, expect, it } from "vitest";
import { ProposerPriority, ProposerSchedule } from "./proposer.js";
import { ValidatorSet } from "./validator-set.js";

const set = (powers: number[]) =>
  new ValidatorSet(powers.map((p, i) => ({ address: `0x0${i + 1}`, power: BigInt(p) })));

describe("proposer priority", () => {
  it("picks proposers in proportion to voting power (1, 2, 3)", () => {
    const schedule = new ProposerSchedule(set([1, 2, 3]));
    const counts = new Map<string, number>();
    for (let h = 1; h <= 6000; h++) {
      const p = schedule.proposer(h, 0);
      counts.set(p, (counts.get(p) ?? 0) + 1);
    }
    expect(counts.get("0x01")).toBe(1000);
    expect(counts.get("0x02")).toBe(2000);
    expect(counts.get("0x03")).toBe(3000);
  });

  it("matches CometBFT's sequence for powers 1, 2, 3", () => {
    const schedule = new ProposerSchedule(set([1, 2, 3]));
    const seq = Array.from({ length: 6 }, (_, i) => schedule.proposer(i + 1, 0));
    // Priorities: (1,2,3)→pick 3 → (1,2,-3); (2,4,0)→2 → (2,-2,0); (3,0,3)→tie, smaller address 1 → ...
    expect(seq).toEqual(["0x03", "0x02", "0x01", "0x03", "0x02", "0x03"]);
  });

  it("breaks ties by the smaller address and rotates equal validators", () => {
    const schedule = new ProposerSchedule(set([1, 1, 1, 1]));
    const seq = Array.from({ length: 8 }, (_, i) => schedule.proposer(1, i));
    expect(seq).toEqual(["0x01", "0x02", "0x03", "0x04", "0x01", "0x02", "0x03", "0x04"]);
  });

  it("round r at height h is the next step of the same sequence", () => {
    const schedule = new ProposerSchedule(set([5, 1, 1]));
    expect(schedule.proposer(2, 3)).toBe(schedule.proposer(5, 0));
  });

  it("keeps priorities centred and within the window", () => {
    const pp = new ProposerPriority(set([100, 1]));
    for (let i = 0; i < 50; i++) pp.increment(3);
    const values = [...pp.snapshot().values()];
    const sum = values.reduce((a, b) => a + b, 0n);
    expect(sum < 202n && sum > -202n).toBe(true);
  });
});
