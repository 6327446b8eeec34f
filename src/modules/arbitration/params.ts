import { utf8 } from "../../lib/index.js";
import type { GenesisDoc, ModuleStore } from "../../state/index.js";
import { expectList, expectUint, rlpDecode, rlpEncode, WEI_PER_CMT } from "../../types/index.js";

/** The arbitration module's parameters (changeable by governance later; set at genesis). */
export interface ArbitrationParams {
  /** Least bond (wei) an arbiter must hold to register and to bid. */
  minBond: bigint;
  /** Length of a bidding window (ms of block time). */
  biddingWindowMs: bigint;
  /** Longest ruling period an arbiter may bid (ms from its assignment). */
  maxRulingPeriodMs: bigint;
  /** Share of its bond (basis points) an arbiter loses when it misses a ruling deadline. */
  missedDeadlineSlashBps: bigint;
  /** Time between a withdrawal request and the bond's withdrawal (ms). */
  coolingPeriodMs: bigint;
  /** Most bids one bidding round of a case takes (bounds storage and the window-close pick). */
  maxBidsPerCase: bigint;
}

const HOUR = 3_600_000n;
const DAY = 24n * HOUR;

/** Defaults: a bond large against typical fees, a day to bid, two weeks at most to rule. */
export const DEFAULT_ARBITRATION_PARAMS: ArbitrationParams = {
  // 1,000 CMT: a 10 % slash (100 CMT) must hurt more than ignoring a case can pay.
  minBond: 1_000n * WEI_PER_CMT,
  // One day: arbiters in every time zone can see a new case before its window closes.
  biddingWindowMs: DAY,
  // Two weeks: long enough to talk to both parties off chain, short enough for a buyer to wait.
  maxRulingPeriodMs: 14n * DAY,
  // 10 % of the bond per missed deadline.
  missedDeadlineSlashBps: 1_000n,
  // One week: pending bids and fresh assignments settle before the bond can leave.
  coolingPeriodMs: 7n * DAY,
  // 32 bids per round: plenty of choice, bounded end-block work.
  maxBidsPerCase: 32n,
};

const FIELDS = Object.keys(DEFAULT_ARBITRATION_PARAMS) as Array<keyof ArbitrationParams>;
const KEY = utf8("params");
const V1 = 1;
const DECIMAL = /^\d+$/;

/** The genesis section `modules.arbitration` (every field optional; decimal strings). */
export interface ArbitrationGenesis {
  params?: Partial<Record<keyof ArbitrationParams, string>>;
}

function section(doc: GenesisDoc): ArbitrationGenesis {
  return (doc.modules.arbitration ?? {}) as ArbitrationGenesis;
}

/** Problems with the genesis parameters (empty when valid). */
export function validateParams(doc: GenesisDoc): string[] {
  const given = section(doc).params ?? {};
  const problems: string[] = [];
  for (const [name, value] of Object.entries(given)) {
    if (!FIELDS.includes(name as keyof ArbitrationParams)) problems.push(`arbitration.params: unknown ${name}`);
    else if (typeof value !== "string" || !DECIMAL.test(value)) {
      problems.push(`arbitration.params.${name}: not a decimal string`);
    }
  }
  if (problems.length > 0) return problems;
  const p = paramsFromGenesis(doc);
  if (p.biddingWindowMs === 0n) problems.push("arbitration.params.biddingWindowMs must be positive");
  if (p.maxRulingPeriodMs === 0n) problems.push("arbitration.params.maxRulingPeriodMs must be positive");
  if (p.missedDeadlineSlashBps > 10_000n) problems.push("arbitration.params.missedDeadlineSlashBps exceeds 10000");
  if (p.maxBidsPerCase === 0n) problems.push("arbitration.params.maxBidsPerCase must be positive");
  return problems;
}

/** Defaults overridden by the genesis section. */
export function paramsFromGenesis(doc: GenesisDoc): ArbitrationParams {
  const given = section(doc).params ?? {};
  const out = { ...DEFAULT_ARBITRATION_PARAMS };
  for (const name of FIELDS) {
    const v = given[name];
    if (v !== undefined) out[name] = BigInt(v);
  }
  return out;
}

/** Store the parameters. */
export function writeParams(store: ModuleStore, p: ArbitrationParams): void {
  store.set(KEY, rlpEncode([V1, ...FIELDS.map((f) => p[f])]));
}

/** The parameters in force (the defaults when none were stored). */
export function readParams(store: ModuleStore): ArbitrationParams {
  const v = store.get(KEY);
  if (!v) return { ...DEFAULT_ARBITRATION_PARAMS };
  const f = expectList(rlpDecode(v), FIELDS.length + 1, "arbitration params");
  if (expectUint(f[0], "version") !== BigInt(V1)) throw new Error("arbitration: unknown params encoding");
  const out = { ...DEFAULT_ARBITRATION_PARAMS };
  FIELDS.forEach((name, i) => {
    out[name] = expectUint(f[i + 1], name);
  });
  return out;
}
