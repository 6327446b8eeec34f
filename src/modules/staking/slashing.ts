import { BPS } from "../../state/genesis-staking.js";
import type { BlockConsensusInfo, ModuleContext } from "../../state/index.js";
import { u64Key } from "../../store/codec.js";
import { removeShares, type Sk, toReserve } from "./bonding.js";
import type { StakingParams } from "./params.js";
import {
  clearMissed,
  missedKey,
  operatorOf,
  readRedelegation,
  readSigning,
  readUnbonding,
  readValidator,
  redelegationsFrom,
  unbondingsFrom,
  type Validator,
  ValidatorStatus,
  writeRedelegation,
  writeSigning,
  writeUnbonding,
  writeValidator,
} from "./state.js";

/**
 * Slash `bps` of `v`'s bonded stake (every delegation loses the same fraction through the
 * exchange rate). With an `infractionHeight` (double signing) also the unbonding entries and
 * redelegations that left `v` after that height, each by `bps` of its initial balance.
 * Everything slashed goes to the reserve. Returns the total slashed.
 */
export function slash(sk: Sk, v: Validator, bps: bigint, infractionHeight: bigint | null): bigint {
  const bonded = (v.tokens * bps) / BPS;
  v.tokens -= bonded;
  writeValidator(sk.store, v);
  let total = bonded;
  if (infractionHeight !== null) {
    for (const id of unbondingsFrom(sk.store, v.operator)) {
      const u = readUnbonding(sk.store, id);
      if (!u || u.creationHeight <= infractionHeight) continue;
      const want = (u.initialBalance * bps) / BPS;
      const cut = want > u.balance ? u.balance : want;
      writeUnbonding(sk.store, { ...u, balance: u.balance - cut });
      total += cut;
    }
    for (const id of redelegationsFrom(sk.store, v.operator)) {
      const d = readRedelegation(sk.store, id);
      if (!d || d.creationHeight <= infractionHeight) continue;
      const dst = readValidator(sk.store, d.dst);
      if (!dst || dst.tokens === 0n) continue;
      const want = (d.initialBalance * bps) / BPS;
      const shares = (want * dst.shares + dst.tokens - 1n) / dst.tokens;
      const removed = shares > d.sharesDst ? d.sharesDst : shares;
      total += removeShares(sk, dst, d.delegator, removed);
      writeRedelegation(sk.store, { ...d, sharesDst: d.sharesDst - removed });
    }
  }
  toReserve(sk, total);
  return total;
}

/**
 * Begin-block of staking: double-sign evidence tombstones and slashes; then each validator in
 * the last commit counts a signed or missed block in its sliding window, and too many misses jail it.
 */
export function processConsensus(ctx: ModuleContext, sk: Sk, params: StakingParams, info: BlockConsensusInfo): void {
  for (const e of info.evidence) {
    const operator = operatorOf(sk.store, e.validator);
    const v = operator && readValidator(sk.store, operator);
    if (!v || v.status === ValidatorStatus.Tombstoned) continue;
    slash(sk, v, params.slashDoubleSignBps, e.height);
    v.status = ValidatorStatus.Tombstoned;
    writeValidator(sk.store, v);
    ctx.emit("Slashed", { operator: v.operator, reason: "double-sign", height: e.height });
    ctx.emit("ValidatorStatusChanged", { operator: v.operator, status: ValidatorStatus.Tombstoned });
  }
  const window = params.signedBlocksWindow;
  for (const vote of info.lastCommit) {
    const operator = operatorOf(sk.store, vote.validator);
    const v = operator && readValidator(sk.store, operator);
    if (!v || v.status !== ValidatorStatus.Active) continue;
    const s = readSigning(sk.store, v.consensus);
    const key = missedKey(v.consensus, s.counted % window);
    const wasMissed = sk.store.has(key);
    if (vote.signed && wasMissed) {
      sk.store.delete(key);
      s.missed--;
    } else if (!vote.signed && !wasMissed) {
      sk.store.set(key, u64Key(ctx.block.height));
      s.missed++;
    }
    s.counted++;
    if (s.counted >= window && s.missed * BPS > window * params.maxMissedBps) {
      slash(sk, v, params.slashDowntimeBps, null);
      v.status = ValidatorStatus.Jailed;
      v.jailedUntil = ctx.block.time + params.downtimeJailMs;
      writeValidator(sk.store, v);
      clearMissed(sk.store, v.consensus);
      writeSigning(sk.store, v.consensus, { counted: 0n, missed: 0n });
      ctx.emit("Slashed", { operator: v.operator, reason: "downtime", height: ctx.block.height });
      ctx.emit("ValidatorStatusChanged", { operator: v.operator, status: ValidatorStatus.Jailed });
    } else writeSigning(sk.store, v.consensus, s);
  }
}
