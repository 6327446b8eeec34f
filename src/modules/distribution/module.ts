import { toAddress } from "../../crypto/index.js";
import type { GenesisDoc, ModuleDescriptor } from "../../state/index.js";
import { SUPPLY_CAP } from "../../types/index.js";
import { ModuleAddress } from "../addresses.js";
import { distributionAbi } from "./abi.js";
import type { DistributionBank, DistributionStaking } from "./deps.js";
import { issuanceOff, noDelegation, nothingToWithdraw } from "./errors.js";
import { FIRST_DECADE_RATE_BPS, provisionOf, rateOf, YEAR_MS } from "./issuance.js";
import { allocate, pending, settle } from "./rewards.js";
import { readCarry, readIssuance, readValidatorRewards, writeIssuance, writeValidatorRewards } from "./state.js";

/** Highest accepted rate after year ten: 100 % a year (the 10 B cap bounds the supply anyway). */
const MAX_RATE_BPS = 10_000;

function validate(doc: GenesisDoc): string[] {
  const section = doc.modules.distribution;
  if (section === undefined) return [];
  const rate = section.params?.rateAfterYearTenBps;
  if (rate !== undefined && !(Number.isSafeInteger(rate) && rate >= 0 && rate <= MAX_RATE_BPS))
    return [`distribution.params.rateAfterYearTenBps: expected 0..${MAX_RATE_BPS}, got ${JSON.stringify(rate)}`];
  return [];
}

/**
 * The distribution module: 8 % yearly issuance for ten years, then a parameter, never past 10 B;
 * issuance and fees paid to the validators that signed, commission to operators, the rest to
 * delegators by F1 accounting. Rules in README.md.
 */
export function distributionModule(bank: DistributionBank, staking: DistributionStaking): ModuleDescriptor {
  return {
    name: "distribution",
    address: ModuleAddress.distribution,
    abi: distributionAbi,
    calls: {
      withdrawRewards(ctx, [validator, restake]) {
        const operator = toAddress(validator as string);
        const shares = staking.shares(ctx.kv, operator, ctx.sender);
        if (shares === 0n) throw noDelegation();
        const amount = settle(ctx.store, ctx.kv, bank, operator, ctx.sender, shares);
        if (amount === 0n) throw nothingToWithdraw();
        if (restake === true) staking.delegate(ctx.kv, ctx.sender, operator, amount);
        ctx.emit("RewardsWithdrawn", { delegator: ctx.sender, validator: operator, amount, restaked: restake });
        return amount;
      },
      withdrawCommission(ctx) {
        const r = readValidatorRewards(ctx.store, ctx.sender);
        if (r.commission === 0n) throw nothingToWithdraw();
        writeValidatorRewards(ctx.store, ctx.sender, { ...r, commission: 0n });
        bank.send(ctx.kv, ModuleAddress.distribution, ctx.sender, r.commission);
        ctx.emit("CommissionWithdrawn", { validator: ctx.sender, amount: r.commission });
        return r.commission;
      },
    },
    queries: {
      pendingRewards(ctx, [validator, delegator]) {
        const operator = toAddress(validator as string);
        const who = toAddress(delegator as string);
        return pending(ctx.store, operator, who, staking.shares(ctx.kv, operator, who));
      },
      pendingCommission: (ctx, [validator]) =>
        readValidatorRewards(ctx.store, toAddress(validator as string)).commission,
      issuanceParams(ctx) {
        const s = readIssuance(ctx.store);
        if (!s) throw issuanceOff();
        return [s.genesisTime, YEAR_MS, Number(FIRST_DECADE_RATE_BPS), s.rateAfterYearTenBps, SUPPLY_CAP];
      },
      annualProvision(ctx) {
        const s = readIssuance(ctx.store);
        if (!s) throw issuanceOff();
        return [s.year, rateOf(s.year, s.rateAfterYearTenBps), s.provision, s.accrued];
      },
      undistributed: (ctx) => readCarry(ctx.store),
    },
    genesis: {
      validate,
      init(ctx, doc) {
        const section = doc.modules.distribution;
        if (section === undefined) return;
        const genesisTime = BigInt(doc.genesisTime);
        writeIssuance(ctx.store, {
          genesisTime,
          year: 0n,
          provision: provisionOf(bank.totalSupply(ctx.kv), FIRST_DECADE_RATE_BPS),
          accrued: 0n,
          lastTime: genesisTime,
          rateAfterYearTenBps: BigInt(section.params?.rateAfterYearTenBps ?? 0),
        });
      },
    },
    beginBlock(ctx) {
      allocate(ctx.store, ctx.kv, bank, staking, ctx.block.time, ctx.block.consensus);
    },
  };
}
