import { describe, expect, it } from "vitest";
import { type SimOptions, Simulation } from "./network.js";

const base: SimOptions = {
  powers: [1, 1, 1, 1],
  seed: 1,
  minDelayMs: 5,
  maxDelayMs: 80,
  dropRate: 0.1,
  gossipIntervalMs: 100,
  consensus: {
    timeouts: {
      propose: { baseMs: 300, deltaMs: 100 },
      prevote: { baseMs: 100, deltaMs: 50 },
      precommit: { baseMs: 100, deltaMs: 50 },
    },
  },
};

/** Agreement: no two nodes decide differently at a height; validity: every decision was proposed. */
function checkSafety(sim: Simulation): void {
  const byHeight = new Map<number, string>();
  for (const node of sim.honest) {
    for (const [h, v] of node.decisions) {
      expect(sim.proposed.has(v)).toBe(true);
      const other = byHeight.get(h);
      if (other !== undefined) expect(v).toBe(other);
      byHeight.set(h, v);
    }
  }
}

describe("simulated network", () => {
  it.each([1, 2, 3])(
    "4 equal validators agree on 30 heights despite delays, reordering and drops (seed %i)",
    (seed) => {
      const sim = new Simulation({ ...base, seed });
      sim.run(30, 600_000);
      for (const node of sim.honest) expect(node.decisions.size).toBeGreaterThanOrEqual(30);
      checkSafety(sim);
    },
  );

  it("one of 4 crashed: the other three keep deciding", () => {
    const sim = new Simulation({ ...base, crashed: [2] });
    sim.run(20, 600_000);
    expect(sim.honest).toHaveLength(3);
    for (const node of sim.honest) expect(node.decisions.size).toBeGreaterThanOrEqual(20);
    checkSafety(sim);
  });

  it("two of 4 crashed: nothing is decided, nothing conflicts", () => {
    const sim = new Simulation({ ...base, crashed: [0, 3] });
    sim.run(1, 60_000);
    for (const node of sim.honest) expect(node.decisions.size).toBe(0);
    // Without 2f+1 prevotes nobody even schedules the prevote timeout (line 34): they wait.
    expect(sim.honest.every((n) => n.machine.state.step === "prevote")).toBe(true);
    checkSafety(sim);
  });

  it.each([1, 2, 3, 4])("a Byzantine equivocator cannot split the honest nodes, and is caught (seed %i)", (seed) => {
    const sim = new Simulation({ ...base, seed, byzantine: [1] });
    sim.run(20, 600_000);
    for (const node of sim.honest) expect(node.decisions.size).toBeGreaterThanOrEqual(20);
    checkSafety(sim);
    const evidence = sim.honest.flatMap((n) => n.evidence);
    expect(evidence.length).toBeGreaterThan(0);
    for (const e of evidence) {
      expect(e.first.validator).toBe(sim.nodes[1]!.address);
      expect([e.first.type, e.first.height, e.first.round]).toEqual([e.second.type, e.second.height, e.second.round]);
      expect(e.first.value).not.toBe(e.second.value);
    }
  });

  it("harsh network (30 % drops, up to 200 ms delay, short timeouts) with an equivocator: 10 seeds stay safe and live", () => {
    const harsh: SimOptions = {
      ...base,
      dropRate: 0.3,
      maxDelayMs: 200,
      consensus: {
        timeouts: {
          propose: { baseMs: 100, deltaMs: 50 },
          prevote: { baseMs: 50, deltaMs: 25 },
          precommit: { baseMs: 50, deltaMs: 25 },
        },
      },
    };
    for (let seed = 1; seed <= 10; seed++) {
      const sim = new Simulation({ ...harsh, seed, byzantine: [seed % 4] });
      sim.run(10, 120_000);
      for (const node of sim.honest) expect(node.decisions.size).toBeGreaterThanOrEqual(10);
      checkSafety(sim);
    }
  });

  it("unequal powers (5, 1, 1, 1, 2): the heavy validator down stops the chain, a light one does not", () => {
    const powers = [5, 1, 1, 1, 2];
    const live = new Simulation({ ...base, powers, crashed: [3] });
    live.run(15, 600_000);
    for (const node of live.honest) expect(node.decisions.size).toBeGreaterThanOrEqual(15);
    checkSafety(live);
    const halted = new Simulation({ ...base, powers, crashed: [0] });
    halted.run(1, 30_000);
    for (const node of halted.honest) expect(node.decisions.size).toBe(0);
  });

  it("unequal powers (3, 2, 2, 2) with the power-2 validator equivocating: safe, live, caught", () => {
    for (const seed of [1, 2, 3]) {
      const sim = new Simulation({ ...base, seed, powers: [3, 2, 2, 2], byzantine: [2] });
      sim.run(15, 600_000);
      for (const node of sim.honest) expect(node.decisions.size).toBeGreaterThanOrEqual(15);
      checkSafety(sim);
      expect(sim.honest.some((n) => n.evidence.length > 0)).toBe(true);
    }
  });

  it("replays exactly from the seed", () => {
    const a = new Simulation({ ...base, seed: 7 });
    const b = new Simulation({ ...base, seed: 7 });
    a.run(5, 600_000);
    b.run(5, 600_000);
    expect([...a.nodes[0]!.decisions]).toEqual([...b.nodes[0]!.decisions]);
    expect(a.now).toBe(b.now);
  });
});
