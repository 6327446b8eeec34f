import { utf8 } from "../../lib/index.js";
import type { GenesisDoc, ModuleStore } from "../../state/index.js";
import { expectList, expectUint, rlpDecode, rlpEncode } from "../../types/index.js";

/** Market parameters: set in genesis (`modules.market.params`), kept in state (governance later). */
export interface MarketParams {
  /** Deposit each side posts per unit when a listing leaves it 0: this share of the price (bps). */
  defaultDepositBps: bigint;
  /** Time a seller has to accept (post its deposit) after an order, ms. */
  acceptWindowMs: bigint;
  /** Longest shipping or inspection window a listing may set, ms. */
  maxWindowMs: bigint;
}

const DAY = 86_400_000n;

/** Defaults: 10 % deposit (the example), 2 days to accept, windows of at most 90 days. */
export const DEFAULT_MARKET_PARAMS: MarketParams = {
  defaultDepositBps: 1_000n,
  acceptWindowMs: 2n * DAY,
  maxWindowMs: 90n * DAY,
};

const FIELDS = Object.keys(DEFAULT_MARKET_PARAMS) as Array<keyof MarketParams>;
const KEY = utf8("params");
const V1 = 1;
const DECIMAL = /^\d+$/;

/** The genesis section `modules.market` (every field optional; decimal strings). */
export interface MarketGenesis {
  params?: Partial<Record<keyof MarketParams, string>>;
}

function given(doc: GenesisDoc): Partial<Record<keyof MarketParams, string>> {
  return ((doc.modules.market ?? {}) as MarketGenesis).params ?? {};
}

/** Problems with the genesis parameters (empty when valid). */
export function validateMarketParams(doc: GenesisDoc): string[] {
  const problems: string[] = [];
  for (const [name, value] of Object.entries(given(doc))) {
    if (!FIELDS.includes(name as keyof MarketParams)) problems.push(`market.params: unknown ${name}`);
    else if (typeof value !== "string" || !DECIMAL.test(value))
      problems.push(`market.params.${name}: not a decimal string`);
  }
  if (problems.length > 0) return problems;
  const p = marketParamsFromGenesis(doc);
  if (p.defaultDepositBps > 10_000n) problems.push("market.params.defaultDepositBps exceeds 10000");
  if (p.acceptWindowMs === 0n) problems.push("market.params.acceptWindowMs must be positive");
  if (p.maxWindowMs === 0n) problems.push("market.params.maxWindowMs must be positive");
  return problems;
}

/** Defaults overridden by the genesis section. */
export function marketParamsFromGenesis(doc: GenesisDoc): MarketParams {
  const out = { ...DEFAULT_MARKET_PARAMS };
  for (const [name, v] of Object.entries(given(doc))) out[name as keyof MarketParams] = BigInt(v as string);
  return out;
}

export function writeMarketParams(store: ModuleStore, p: MarketParams): void {
  store.set(KEY, rlpEncode([V1, ...FIELDS.map((f) => p[f])]));
}

/** The parameters in force (the defaults when none were stored). */
export function readMarketParams(store: ModuleStore): MarketParams {
  const v = store.get(KEY);
  if (!v) return { ...DEFAULT_MARKET_PARAMS };
  const f = expectList(rlpDecode(v), FIELDS.length + 1, "market params");
  if (expectUint(f[0], "version") !== BigInt(V1)) throw new Error("market: unknown params encoding");
  const out = { ...DEFAULT_MARKET_PARAMS };
  FIELDS.forEach((name, i) => {
    out[name] = expectUint(f[i + 1], name);
  });
  return out;
}
