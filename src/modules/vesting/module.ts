import { isAddress, toAddress } from "../../crypto/index.js";
import type { CallContext, GenesisDoc, ModuleDescriptor } from "../../state/index.js";
import { ModuleAddress } from "../addresses.js";
import { vestingAbi } from "./abi.js";
import type { VestingBank } from "./deps.js";
import { noSchedule, nothingReleasable } from "./errors.js";
import { nextReleaseTime, quartersVested, vestedAmount } from "./schedule.js";
import { readSchedule, type Schedule, writeSchedule } from "./state.js";

const DECIMAL = /^\d+$/;

function scheduleArg(ctx: CallContext, arg: unknown): Schedule | null {
  return readSchedule(ctx.store, toAddress(arg as string));
}

function vested(s: Schedule | null, time: bigint): bigint {
  return s ? vestedAmount(s.total, s.start, time) : 0n;
}

function validate(doc: GenesisDoc): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  let sum = 0n;
  doc.modules.vesting.schedules.forEach((s, i) => {
    const at = `vesting.schedules[${i}]`;
    if (!isAddress(s.beneficiary)) problems.push(`${at}: invalid beneficiary ${s.beneficiary}`);
    else if (seen.has(s.beneficiary.toLowerCase())) problems.push(`${at}: duplicate beneficiary ${s.beneficiary}`);
    else seen.add(s.beneficiary.toLowerCase());
    if (!DECIMAL.test(s.total) || BigInt(s.total) === 0n) problems.push(`${at}: invalid total ${s.total}`);
    else sum += BigInt(s.total);
    if (!DECIMAL.test(s.start)) problems.push(`${at}: invalid start ${s.start}`);
  });
  const held = doc.modules.bank.balances.find((b) => b.address.toLowerCase() === ModuleAddress.vesting);
  const holding = held && DECIMAL.test(held.amount) ? BigInt(held.amount) : 0n;
  if (holding !== sum) problems.push(`vesting: module account holds ${holding} wei but schedules total ${sum} wei`);
  return problems;
}

/**
 * The vesting module: holds the genesis allocations of team & partners and 5miles and releases
 * them 10 % per quarter (white paper §7). Rules in README.md.
 */
export function vestingModule(bank: VestingBank): ModuleDescriptor {
  return {
    name: "vesting",
    address: ModuleAddress.vesting,
    abi: vestingAbi,
    queries: {
      vested: (ctx, [who]) => vested(scheduleArg(ctx, who), ctx.block.time),
      releasable: (ctx, [who]) => {
        const s = scheduleArg(ctx, who);
        return s ? vested(s, ctx.block.time) - s.released : 0n;
      },
      released: (ctx, [who]) => scheduleArg(ctx, who)?.released ?? 0n,
      scheduleOf: (ctx, [who]) => {
        const s = scheduleArg(ctx, who);
        if (!s) throw noSchedule();
        return [s.label, s.total, s.start, s.released, nextReleaseTime(s.start, ctx.block.time) ?? 0n];
      },
    },
    calls: {
      release: (ctx) => {
        const s = readSchedule(ctx.store, ctx.sender);
        if (!s) throw noSchedule();
        const amount = vested(s, ctx.block.time) - s.released;
        if (amount === 0n) throw nothingReleasable();
        writeSchedule(ctx.store, { ...s, released: s.released + amount });
        bank.send(ctx.kv, ModuleAddress.vesting, ctx.sender, amount);
        ctx.emit("Released", {
          beneficiary: ctx.sender,
          amount,
          quartersVested: quartersVested(s.start, ctx.block.time),
        });
        return amount;
      },
    },
    genesis: {
      validate,
      init(ctx, doc) {
        for (const s of doc.modules.vesting.schedules) {
          const beneficiary = toAddress(s.beneficiary);
          writeSchedule(ctx.store, {
            beneficiary,
            label: s.label,
            total: BigInt(s.total),
            start: BigInt(s.start),
            released: 0n,
          });
        }
      },
    },
  };
}
