import { STAKING_DEFAULTS, type StakingParams } from "../../state/genesis-staking.js";
import type { ModuleStore } from "../../state/index.js";
import { decodeRecord, encodeRecord } from "../record-codec.js";
import { Keys } from "./state.js";

export { STAKING_DEFAULTS, type StakingParams };

/** Field order of the params record (part of the protocol). */
const ORDER: ReadonlyArray<keyof StakingParams> = [
  "unbondingTimeMs",
  "maxValidators",
  "minSelfStake",
  "powerCapBps",
  "slashDoubleSignBps",
  "slashDowntimeBps",
  "signedBlocksWindow",
  "maxMissedBps",
  "downtimeJailMs",
];

/** One day of block time: the commission changes at most once per day. */
export const COMMISSION_CHANGE_INTERVAL_MS = 86_400_000n;
/** Most immature unbonding (and, separately, redelegation) entries one delegator may have (bounds slashing work). */
export const MAX_ENTRIES = 16;

/** The params in effect (defaults until genesis writes them). */
export function readParams(store: ModuleStore): StakingParams {
  const v = store.get(Keys.params);
  if (!v) return { ...STAKING_DEFAULTS };
  const r = decodeRecord(v, ORDER.length, "staking params");
  const out = { ...STAKING_DEFAULTS };
  for (const k of ORDER) out[k] = r.uint();
  return out;
}

export function writeParams(store: ModuleStore, p: StakingParams): void {
  store.set(Keys.params, encodeRecord(ORDER.map((k) => p[k])));
}
