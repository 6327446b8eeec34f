// The staking rules a genesis check needs (defaults, consensus addresses, voting power). They live
// in the state layer because validateGenesis (used by the CLI without modules) checks them; the
// staking module (src/modules/staking) uses the same functions, so the two cannot disagree.
import secp from "secp256k1";
import { type Address, isAddress, publicKeyToAddress } from "../crypto/index.js";
import { fromHex, isHex } from "../lib/index.js";
import { ModuleAddress, WEI_PER_CMT } from "../types/index.js";
import type { GenesisDoc, StakingParamsGenesis } from "./genesis.js";

/** Staking parameters in effect (all bigint; see src/modules/staking/README.md). */
export interface StakingParams {
  unbondingTimeMs: bigint;
  maxValidators: bigint;
  minSelfStake: bigint;
  powerCapBps: bigint;
  slashDoubleSignBps: bigint;
  slashDowntimeBps: bigint;
  signedBlocksWindow: bigint;
  maxMissedBps: bigint;
  downtimeJailMs: bigint;
}

/** Defaults: issue #3 and the original CyberMiles mainnet (19 validators, 12 % cap), Cosmos for the rest. */
export const STAKING_DEFAULTS: StakingParams = {
  unbondingTimeMs: 7n * 24n * 3_600_000n,
  maxValidators: 19n,
  minSelfStake: 10_000n * WEI_PER_CMT,
  powerCapBps: 1_200n,
  slashDoubleSignBps: 500n,
  /** 0.01 %, Cosmos Hub's downtime slash. */
  slashDowntimeBps: 1n,
  /** About 2.8 hours of 1 s blocks. */
  signedBlocksWindow: 10_000n,
  maxMissedBps: 5_000n,
  /** 10 minutes, Cosmos Hub's downtime jail. */
  downtimeJailMs: 600_000n,
};

/** Voting power is stake in whole CMT (Cosmos's power reduction): 1 power = 10^18 wei. */
export const POWER_REDUCTION = WEI_PER_CMT;
/** Basis points in one. */
export const BPS = 10_000n;

const UINT = /^(0|[1-9]\d*)$/;

/** Parameters of a genesis section with defaults filled in, and the problems found. */
export function stakingParams(p: StakingParamsGenesis | undefined): { params: StakingParams; problems: string[] } {
  const problems: string[] = [];
  const params = { ...STAKING_DEFAULTS };
  const set = (name: keyof StakingParams, v: unknown, check: (n: bigint) => boolean, rule: string) => {
    if (v === undefined) return;
    const n =
      typeof v === "number" && Number.isSafeInteger(v) && v >= 0
        ? BigInt(v)
        : typeof v === "string" && UINT.test(v)
          ? BigInt(v)
          : null;
    if (n === null || !check(n)) problems.push(`staking.params.${name}: ${rule}, got ${JSON.stringify(v)}`);
    else params[name] = n;
  };
  const positive = (n: bigint) => n > 0n;
  const bps = (n: bigint) => n <= BPS;
  set("unbondingTimeMs", p?.unbondingTimeMs, positive, "expected positive ms");
  set("maxValidators", p?.maxValidators, (n) => n > 0n && n <= 1000n, "expected 1..1000");
  set("minSelfStake", p?.minSelfStake, (n) => n >= POWER_REDUCTION, "expected at least 1 CMT in wei");
  set("powerCapBps", p?.powerCapBps, (n) => n > 0n && n <= BPS, "expected 1..10000 basis points");
  set("slashDoubleSignBps", p?.slashDoubleSignBps, bps, "expected 0..10000 basis points");
  set("slashDowntimeBps", p?.slashDowntimeBps, bps, "expected 0..10000 basis points");
  set("signedBlocksWindow", p?.signedBlocksWindow, positive, "expected a positive block count");
  set("maxMissedBps", p?.maxMissedBps, (n) => n < BPS, "expected 0..9999 basis points");
  set("downtimeJailMs", p?.downtimeJailMs, (n) => n >= 0n, "expected ms");
  return { params, problems };
}

/** Consensus address (Ethereum address) of a 33-byte compressed secp256k1 key; null when it is not one. */
export function consensusAddress(pubkey: Uint8Array): Address | null {
  if (pubkey.length !== 33 || (pubkey[0] !== 2 && pubkey[0] !== 3) || !secp.publicKeyVerify(pubkey)) return null;
  return publicKeyToAddress(secp.publicKeyConvert(pubkey, false));
}

/**
 * The active set and its voting powers. Candidates with at least 1 CMT of stake are ranked by
 * stake (ties: lower address first); the top `maxValidators` get power = stake in whole CMT, capped
 * at X = floor(powerCapBps / 10000 × the set's total stake in whole CMT) (at least 1). Capping
 * against the uncapped total never raises a small validator's share above its share of stake, so
 * a few tiny validators cannot gain a blocking third in a small set (which a cap "of the capped
 * total" must allow: with n < 1/c validators it forces every power down to the smallest). Output
 * sorted by address.
 */
export function votingPowers<T extends { address: Address; tokens: bigint }>(
  candidates: readonly T[],
  maxValidators: bigint,
  powerCapBps: bigint,
): Array<T & { power: bigint }> {
  const ranked = candidates
    .map((c) => ({ ...c, power: c.tokens / POWER_REDUCTION }))
    .filter((c) => c.power > 0n)
    .sort((a, b) => (a.tokens !== b.tokens ? (a.tokens > b.tokens ? -1 : 1) : a.address < b.address ? -1 : 1))
    .slice(0, Number(maxValidators));
  if (ranked.length === 0) return [];
  // The cap is a share of the elected set's whole stake (not of the capped total): a large
  // validator loses the power above it, and everyone else keeps power in proportion to stake.
  const total = ranked.reduce((s, v) => s + v.power, 0n);
  let cap = (total * powerCapBps) / BPS;
  if (cap < 1n) cap = 1n;
  return ranked
    .map((v) => ({ ...v, power: v.power > cap ? cap : v.power }))
    .sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
}

/** Description field limits (Cosmos's moniker and website lengths). */
export const DESCRIPTION_LIMITS = { name: 70, website: 140, location: 140, contact: 140 } as const;

/** Problems of a description (name required; every field within its limit). */
export function descriptionProblems(d: Record<string, unknown>): string[] {
  const problems: string[] = [];
  if (typeof d.name !== "string" || d.name.length === 0) problems.push("name is required");
  for (const [field, max] of Object.entries(DESCRIPTION_LIMITS)) {
    const v = d[field];
    if (v !== undefined && typeof v !== "string") problems.push(`${field} must be a string`);
    else if (typeof v === "string" && v.length > max) problems.push(`${field} is longer than ${max} characters`);
  }
  return problems;
}

/** Problems of a commission (rate ≤ max rate ≤ 100 %, max daily change ≤ max rate). */
export function commissionProblems(rate: bigint, maxRate: bigint, maxChange: bigint): string[] {
  const problems: string[] = [];
  if (maxRate > BPS) problems.push("max commission rate is above 10000 basis points");
  if (rate > maxRate) problems.push("commission rate is above the max rate");
  if (maxChange > maxRate) problems.push("max daily commission change is above the max rate");
  return problems;
}

/**
 * Problems of `modules.staking` (empty when valid or absent): parameters, every validator
 * (operator, consensus key, self-stake ≥ minimum and covered by the operator's genesis balance,
 * commission, description), and `consensus.validators` equal to the set the section elects
 * (same consensus addresses, same powers).
 */
export function validateStakingGenesis(doc: GenesisDoc): string[] {
  const section = doc.modules.staking;
  if (section === undefined) return [];
  if (typeof section !== "object" || section === null || !Array.isArray(section.validators))
    return ["modules.staking.validators: missing"];
  const { params, problems } = stakingParams(section.params);
  // Only the operators' balances are looked up: a map of every balance was ~70 MB of heap with 1 M accounts.
  const wanted = new Set<string>();
  for (const v of section.validators)
    if (typeof v === "object" && v !== null && typeof v.operator === "string") wanted.add(v.operator.toLowerCase());
  const balances = new Map<string, bigint>();
  for (const b of doc.modules.bank.balances) {
    if (typeof b.address !== "string" || !wanted.has(b.address.toLowerCase())) continue;
    if (isAddress(b.address) && typeof b.amount === "string" && UINT.test(b.amount))
      balances.set(b.address.toLowerCase(), BigInt(b.amount));
  }
  const operators = new Set<string>();
  const consensus = new Set<string>();
  const elected: Array<{ address: Address; tokens: bigint }> = [];
  const moduleAccounts = new Set<string>(Object.values(ModuleAddress));
  section.validators.forEach((v, i) => {
    const at = `staking.validators[${i}]`;
    if (typeof v !== "object" || v === null) {
      problems.push(`${at}: not an object`);
      return;
    }
    const operator = isAddress(v.operator) ? v.operator.toLowerCase() : null;
    if (operator === null) problems.push(`${at}.operator: invalid address ${JSON.stringify(v.operator)}`);
    else if (moduleAccounts.has(operator)) problems.push(`${at}.operator: ${operator} is a module account`);
    else if (operators.has(operator)) problems.push(`${at}.operator: ${operator} operates another validator`);
    else operators.add(operator);
    const cons = isHex(v.pubkey) ? consensusAddress(fromHex(v.pubkey)) : null;
    if (cons === null) problems.push(`${at}.pubkey: not a 33-byte compressed secp256k1 public key`);
    else if (consensus.has(cons)) problems.push(`${at}.pubkey: consensus key used by another validator`);
    else consensus.add(cons);
    const stake = typeof v.selfStake === "string" && UINT.test(v.selfStake) ? BigInt(v.selfStake) : null;
    if (stake === null) problems.push(`${at}.selfStake: expected decimal wei, got ${JSON.stringify(v.selfStake)}`);
    else if (stake < params.minSelfStake)
      problems.push(`${at}.selfStake: ${stake} wei is below the minimum self-stake ${params.minSelfStake} wei`);
    else if (operator !== null && (balances.get(operator) ?? 0n) < stake)
      problems.push(`${at}.selfStake: operator's genesis balance is below the self-stake`);
    const c = v.commission ?? { rateBps: 0, maxRateBps: 0, maxChangeBps: 0 };
    const ints = [c.rateBps, c.maxRateBps, c.maxChangeBps];
    if (!ints.every((x) => Number.isSafeInteger(x) && x >= 0))
      problems.push(`${at}.commission: basis points must be non-negative integers`);
    else
      for (const p of commissionProblems(BigInt(c.rateBps), BigInt(c.maxRateBps), BigInt(c.maxChangeBps)))
        problems.push(`${at}.commission: ${p}`);
    const d = typeof v.description === "object" && v.description !== null ? v.description : {};
    for (const p of descriptionProblems(d as Record<string, unknown>)) problems.push(`${at}.description: ${p}`);
    if (cons !== null && stake !== null) elected.push({ address: cons, tokens: stake });
  });
  if (problems.length > 0) return problems;
  const set = votingPowers(elected, params.maxValidators, params.powerCapBps);
  const declared = [...doc.consensus.validators]
    .map((v) => `${String(v.address).toLowerCase()}:${v.power}`)
    .sort()
    .join(", ");
  const expected = set.map((v) => `${v.address}:${v.power}`).join(", ");
  if (declared !== expected)
    problems.push(
      `consensus.validators: must be the set staking elects (address:power) [${expected}], got [${declared}]`,
    );
  return problems;
}
