import type { CallContext, CallHandler } from "../../state/index.js";
import { ModuleAddress } from "../addresses.js";
import type { ArbitrationBank } from "./deps.js";
import { ArbitrationErrorCode, refuse, unknownArbiter } from "./errors.js";
import { readParams } from "./params.js";
import { parseProfile } from "./profile.js";
import { type Arbiter, ArbiterStatus, deleteArbiter, readArbiter, writeArbiter } from "./state/arbiters.js";

function registered(ctx: CallContext): Arbiter {
  const a = readArbiter(ctx.store, ctx.sender);
  if (!a) throw unknownArbiter(ctx.sender);
  return a;
}

/** The arbiter registry's calls: register with a bond, update, top up, and the cooling withdrawal. */
export function registryCalls(bank: ArbitrationBank): Record<string, CallHandler> {
  return {
    register(ctx, args) {
      const profile = parseProfile(args);
      if (readArbiter(ctx.store, ctx.sender)) {
        throw refuse(ArbitrationErrorCode.AlreadyRegistered, `${ctx.sender} is already registered`);
      }
      const { minBond } = readParams(ctx.store);
      if (ctx.value < minBond) {
        throw refuse(ArbitrationErrorCode.BondTooLow, `the bond must be at least ${minBond} wei, not ${ctx.value}`);
      }
      writeArbiter(ctx.store, {
        address: ctx.sender,
        bond: ctx.value,
        status: ArbiterStatus.Active,
        withdrawableAt: 0n,
        openCases: 0n,
        ...profile,
        registeredAt: ctx.block.time,
      });
      ctx.emit("ArbiterRegistered", { arbiter: ctx.sender, bond: ctx.value, ...profile });
    },
    updateArbiter(ctx, args) {
      const profile = parseProfile(args);
      writeArbiter(ctx.store, { ...registered(ctx), ...profile });
      ctx.emit("ArbiterUpdated", { arbiter: ctx.sender, ...profile });
    },
    addBond(ctx) {
      const a = registered(ctx);
      if (ctx.value === 0n) throw refuse(ArbitrationErrorCode.WrongValue, "send the CMT to add to the bond");
      writeArbiter(ctx.store, { ...a, bond: a.bond + ctx.value });
      ctx.emit("BondAdded", { arbiter: ctx.sender, amount: ctx.value, bond: a.bond + ctx.value });
    },
    requestWithdrawal(ctx) {
      const a = registered(ctx);
      if (a.status !== ArbiterStatus.Active) {
        throw refuse(ArbitrationErrorCode.ArbiterState, "a withdrawal is already requested");
      }
      const withdrawableAt = ctx.block.time + readParams(ctx.store).coolingPeriodMs;
      writeArbiter(ctx.store, { ...a, status: ArbiterStatus.Withdrawing, withdrawableAt });
      ctx.emit("WithdrawalRequested", { arbiter: ctx.sender, withdrawableAt });
    },
    cancelWithdrawal(ctx) {
      const a = registered(ctx);
      if (a.status !== ArbiterStatus.Withdrawing) {
        throw refuse(ArbitrationErrorCode.ArbiterState, "no withdrawal was requested");
      }
      writeArbiter(ctx.store, { ...a, status: ArbiterStatus.Active, withdrawableAt: 0n });
      ctx.emit("WithdrawalCancelled", { arbiter: ctx.sender });
    },
    withdrawBond(ctx) {
      const a = registered(ctx);
      if (a.status !== ArbiterStatus.Withdrawing) {
        throw refuse(ArbitrationErrorCode.ArbiterState, "request a withdrawal first");
      }
      if (ctx.block.time < a.withdrawableAt) {
        throw refuse(ArbitrationErrorCode.CoolingPeriod, `the bond can be withdrawn from ${a.withdrawableAt}`, {
          withdrawableAt: a.withdrawableAt,
        });
      }
      if (a.openCases > 0n) {
        throw refuse(ArbitrationErrorCode.OpenCases, `rule your ${a.openCases} open case(s) first`);
      }
      deleteArbiter(ctx.store, ctx.sender);
      bank.send(ctx.kv, ModuleAddress.arbitration, ctx.sender, a.bond);
      ctx.emit("BondWithdrawn", { arbiter: ctx.sender, amount: a.bond });
    },
  };
}
