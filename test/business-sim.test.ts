// Issue #4, "Bad input and invariants": a seeded random simulation over market, escrow and
// arbitration as the node wires them (many traders, arbiters, random valid and invalid actions,
// small and large block time steps). A model built from the READMEs says which action must succeed
// and which must revert; after every block the chain is checked against the model (every listing,
// order, escrow, case, arbiter, rating and balance) and against the invariants: CMT conserved,
// holdings = what open escrows and bonds are owed, orders one-to-one with market escrows, every
// passed deadline handled and every pending one queued.
import { afterAll, describe, expect, it } from "vitest";
import { mulberry32 } from "../src/lib/index.js";
import { GENESIS_TIME } from "./harness.js";
import { ActionGen } from "./support/business-sim-actions.js";
import { SimModel } from "./support/business-sim-model.js";
import {
  checkInvariants,
  checkModel,
  EVERYONE,
  openSimChain,
  SIM_PARAMS,
  type SimChain,
} from "./support/business-sim-world.js";

// SIM_SEEDS=1-200 SIM_BLOCKS=150 explores more seeds (the default run is the three below).
const BLOCKS = Number(process.env.SIM_BLOCKS ?? 80);
const SEEDS = seedsFrom(process.env.SIM_SEEDS) ?? [11, 12, 13];

function seedsFrom(spec: string | undefined): number[] | null {
  if (!spec) return null;
  const [lo, hi] = spec.split("-").map(Number) as [number, number | undefined];
  return Array.from({ length: (hi ?? lo) - lo + 1 }, (_, i) => lo + i);
}
const worlds: SimChain[] = [];
afterAll(async () => {
  for (const w of worlds) await w.close();
});

interface RunResult {
  root: string;
  tally: Map<string, { ok: number; reverted: number }>;
  swept: Record<string, number>;
  states: Set<number>;
  caseStates: Set<number>;
}

/** Run one seed; throws at the first block where chain and model (or an invariant) disagree. */
function run(seed: number): RunResult {
  const w = openSimChain();
  worlds.push(w);
  const model = new SimModel(SIM_PARAMS);
  for (const k of EVERYONE) model.balances.set(k.address, w.balance(k.address));
  const rand = mulberry32(seed);
  const gen = new ActionGen(rand, model);
  const tally = new Map<string, { ok: number; reverted: number }>();
  const states = new Set<number>();
  const caseStates = new Set<number>();
  let time = GENESIS_TIME;
  let root = "";
  for (let block = 1; block <= BLOCKS; block++) {
    time += gen.step();
    const actions = Array.from({ length: 4 + Math.floor(rand() * 9) }, () => gen.next(time));
    actions.push(...gen.reactions(time));
    model.sweep(time);
    const txs = actions.map((a) => ({ from: a.who.address, tx: w.tx(a.who, a.module, a.fn, a.args, a.value) }));
    const out = w.block(time, txs);
    root = out.root;
    actions.forEach((a, i) => {
      const r = out.receipts[i] as { status: 0 | 1; reason: string | null };
      const where = `seed ${seed} block ${block} tx ${i} ${a.label}(${a.args.map(String).join(", ")}) by ${a.who.address} value ${a.value}`;
      if (a.expectOk && r.status !== 1) throw new Error(`${where}: model expects success, chain reverted: ${r.reason}`);
      if (!a.expectOk && r.status !== 0) throw new Error(`${where}: model expects a revert, chain accepted it`);
      if (!a.expectOk && !r.reason?.startsWith(`${a.expectModule}:`)) {
        throw new Error(`${where}: revert reason "${r.reason}" is not ${a.expectModule}'s`);
      }
      if (process.env.SIM_REASONS && r.status === 0) console.log(a.label, r.reason);
      const t = tally.get(a.label) ?? { ok: 0, reverted: 0 };
      if (r.status === 1) t.ok++;
      else t.reverted++;
      tally.set(a.label, t);
    });
    try {
      checkInvariants(w, time);
      checkModel(w, model);
    } catch (err) {
      throw new Error(`seed ${seed} block ${block} (time ${time}): ${(err as Error).message}`);
    }
    for (const d of model.deals.values()) states.add(d.state);
    for (const k of model.cases.values()) caseStates.add(k.state);
  }
  return { root, tally, swept: { ...model.swept }, states, caseStates };
}

function summary(seed: number, r: RunResult): string {
  const calls = [...r.tally.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([label, t]) => `${label} ${t.ok}/${t.reverted}`)
    .join(", ");
  const swept = Object.entries(r.swept)
    .map(([k, n]) => `${k} ${n}`)
    .join(", ");
  return `seed ${seed}: ${BLOCKS} blocks; calls ok/reverted: ${calls}; deadlines: ${swept}`;
}

describe("business simulation: market, escrow and arbitration under random valid and invalid actions", () => {
  const results = new Map<number, RunResult>();
  for (const seed of SEEDS) {
    it(`seed ${seed}: every action as the model predicts; invariants hold after every block`, () => {
      const r = run(seed);
      results.set(seed, r);
      console.log(summary(seed, r));
      let ok = 0;
      let reverted = 0;
      for (const t of r.tally.values()) {
        ok += t.ok;
        reverted += t.reverted;
      }
      // The walk did real work both ways, and reached the lifecycle's ends.
      expect(ok).toBeGreaterThan(150);
      expect(reverted).toBeGreaterThan(100);
      for (const [name, s] of Object.entries({ Released: 3, Disputed: 7, Expired: 9, Lapsed: 11, Cancelled: 5 })) {
        expect(r.states.has(s), `an escrow reached ${name}`).toBe(true);
      }
    });
  }

  it("is deterministic: the same seed gives the same final state root", () => {
    const seed = SEEDS[0] as number;
    const first = results.get(seed) ?? run(seed);
    expect(run(seed).root).toBe(first.root);
  });
});
