import { toAddress, ZERO_ADDRESS } from "../../crypto/index.js";
import type { CallHandler } from "../../state/index.js";
import { sharesValue } from "./bonding.js";
import { unknownValidator } from "./errors.js";
import { readParams } from "./params.js";
import {
  allValidators,
  delegationsOf,
  operatorOf,
  type Redelegation,
  readRedelegation,
  readShares,
  readSigning,
  readUnbonding,
  readValidator,
  redelegationsOf,
  type Unbonding,
  unbondingsOf,
} from "./state.js";
import { latestSet, type SetMember, setAt } from "./valset.js";

const setOut = (set: SetMember[] | null) => [
  (set ?? []).map((m) => m.address),
  (set ?? []).map((m) => m.pubkey),
  (set ?? []).map((m) => m.power),
];

/** The staking module's views. */
export const stakingQueries: Record<string, CallHandler> = {
  params(ctx) {
    const p = readParams(ctx.store);
    return [
      p.unbondingTimeMs,
      p.maxValidators,
      p.minSelfStake,
      p.powerCapBps,
      p.slashDoubleSignBps,
      p.slashDowntimeBps,
      p.signedBlocksWindow,
      p.maxMissedBps,
      p.downtimeJailMs,
    ];
  },
  validators: (ctx) => [...allValidators(ctx.store)].map((v) => v.operator),
  getValidator(ctx, [operator]) {
    const v = readValidator(ctx.store, toAddress(operator as string));
    if (!v) throw unknownValidator(operator as string);
    return [
      v.consensus,
      `0x${Buffer.from(v.pubkey).toString("hex")}`,
      v.status,
      v.tokens,
      v.shares,
      sharesValue(v, readShares(ctx.store, v.operator, v.operator)),
      Number(v.commissionBps),
      Number(v.maxCommissionBps),
      Number(v.maxChangeBps),
      v.commissionUpdatedAt,
      v.jailedUntil,
      v.name,
      v.website,
      v.location,
      v.contact,
    ];
  },
  validatorByConsensus: (ctx, [cons]) => operatorOf(ctx.store, toAddress(cons as string)) ?? ZERO_ADDRESS,
  delegation(ctx, [validator, delegator]) {
    const v = readValidator(ctx.store, toAddress(validator as string));
    if (!v) throw unknownValidator(validator as string);
    const shares = readShares(ctx.store, v.operator, toAddress(delegator as string));
    return [shares, sharesValue(v, shares)];
  },
  delegationsOf(ctx, [delegator]) {
    const who = toAddress(delegator as string);
    const vs = delegationsOf(ctx.store, who);
    return [
      vs,
      vs.map((op) => {
        const v = readValidator(ctx.store, op);
        return v ? sharesValue(v, readShares(ctx.store, op, who)) : 0n;
      }),
    ];
  },
  unbondingsOf(ctx, [delegator]) {
    const us = unbondingsOf(ctx.store, toAddress(delegator as string))
      .map((id) => readUnbonding(ctx.store, id))
      .filter((u): u is Unbonding => u !== null);
    return [
      us.map((u) => u.id),
      us.map((u) => u.validator),
      us.map((u) => u.creationHeight),
      us.map((u) => u.completionTime),
      us.map((u) => u.initialBalance),
      us.map((u) => u.balance),
    ];
  },
  redelegationsOf(ctx, [delegator]) {
    const rs = redelegationsOf(ctx.store, toAddress(delegator as string))
      .map((id) => readRedelegation(ctx.store, id))
      .filter((r): r is Redelegation => r !== null);
    return [
      rs.map((r) => r.id),
      rs.map((r) => r.src),
      rs.map((r) => r.dst),
      rs.map((r) => r.completionTime),
      rs.map((r) => r.initialBalance),
    ];
  },
  activeSet: (ctx) => setOut(latestSet(ctx.store)),
  validatorSetAt: (ctx, [height]) => setOut(setAt(ctx.store, height as bigint)),
  signingInfo(ctx, [cons]) {
    const s = readSigning(ctx.store, toAddress(cons as string));
    return [s.counted, s.missed];
  },
};
