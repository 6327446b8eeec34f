import secp from "secp256k1";
import { describe, expect, it } from "vitest";
import type { Address } from "../crypto/index.js";
import { fromHex, toHex } from "../lib/index.js";
import { parseCmt, WEI_PER_CMT } from "../types/index.js";
import { buildGenesis, GenesisError, validateGenesis } from "./genesis-build.js";
import { consensusAddress, votingPowers } from "./genesis-staking.js";

const addr = (n: number) => `0x${n.toString(16).padStart(40, "a")}` as Address;
const pubkey = (i: number) => toHex(secp.publicKeyCreate(fromHex(`0x${(i + 1).toString(16).padStart(64, "0")}`), true));
const cands = (stakes: number[]) => stakes.map((s, i) => ({ address: addr(i + 1), tokens: BigInt(s) * WEI_PER_CMT }));

describe("votingPowers", () => {
  it("takes the top maxValidators by stake, ties by address, power in whole CMT", () => {
    const out = votingPowers(cands([5, 9, 9, 1]), 3n, 10_000n);
    expect(out.map((v) => [v.address, v.power])).toEqual([
      [addr(1), 5n],
      [addr(2), 9n],
      [addr(3), 9n],
    ]);
    expect(votingPowers([{ address: addr(1), tokens: WEI_PER_CMT - 1n }], 19n, 1200n)).toEqual([]);
  });

  it("caps one validator's share; with too few validators the cap is 1/n", () => {
    // 10 validators, one with 50 of 95: capped at X with X ≤ 12 % of (45 + X) → X = 6.
    const out = votingPowers(cands([50, 5, 5, 5, 5, 5, 5, 5, 5, 5]), 19n, 1200n);
    const big = out.find((v) => v.address === addr(1))?.power as bigint;
    const total = out.reduce((s, v) => s + v.power, 0n);
    expect(big).toBe(6n);
    expect(big * 10_000n <= 1200n * total).toBe(true);
    // 4 validators: 12 % is impossible, a quarter each at most.
    expect(votingPowers(cands([100, 50, 30, 20]), 19n, 1200n).map((v) => v.power)).toEqual([20n, 20n, 20n, 20n]);
  });

  it("derives consensus addresses from compressed keys only", () => {
    expect(consensusAddress(fromHex(pubkey(0)))).toMatch(/^0x[0-9a-f]{40}$/);
    expect(consensusAddress(new Uint8Array(33))).toBeNull();
    expect(consensusAddress(secp.publicKeyCreate(fromHex(`0x${"01".padStart(64, "0")}`), false))).toBeNull();
  });
});

describe("buildGenesis with staking", () => {
  const base = {
    chainId: 18n,
    genesisTime: 1_700_000_000_000n,
    offering: [
      { address: addr(1), amount: parseCmt("400000000") },
      { address: addr(2), amount: parseCmt("300000000") },
    ],
    teamBeneficiary: addr(0xe1),
    fiveMilesBeneficiary: addr(0xf5),
  };
  const validator = (i: number, operator: Address, stake: string) => ({
    operator,
    pubkey: pubkey(i),
    selfStake: parseCmt(stake),
    description: { name: `v${i}` },
  });

  it("writes the staking and distribution sections and consensus.validators as staking elects them", () => {
    const doc = buildGenesis({
      ...base,
      staking: {
        params: { unbondingTimeMs: "60000" },
        validators: [validator(0, addr(1), "20000"), validator(1, addr(2), "10000")],
      },
    });
    expect(doc.consensus.validators).toEqual(
      [
        { address: consensusAddress(fromHex(pubkey(0))), power: "10000", name: "v0" },
        { address: consensusAddress(fromHex(pubkey(1))), power: "10000", name: "v1" },
      ].sort((a, b) => ((a.address as string) < (b.address as string) ? -1 : 1)),
    );
    expect(doc.modules.distribution).toEqual({});
    expect(validateGenesis(doc)).toEqual([]);
    const bad = structuredClone(doc);
    (bad.modules.staking?.validators[0] as { selfStake: string }).selfStake = parseCmt("9999").toString();
    expect(validateGenesis(bad)).toEqual([
      "staking.validators[0].selfStake: 9999000000000000000000 wei is below the minimum self-stake 10000000000000000000000 wei",
    ]);
  });

  it("refuses a self-stake the operator cannot pay and a reused consensus key", () => {
    const err = (() => {
      try {
        buildGenesis({
          ...base,
          staking: { validators: [validator(0, addr(1), "500000000"), validator(0, addr(2), "10000")] },
        });
      } catch (e) {
        return e as GenesisError;
      }
    })();
    expect(err).toBeInstanceOf(GenesisError);
    expect(err?.problems).toEqual([
      `consensus.validators[1]: duplicate validator ${consensusAddress(fromHex(pubkey(0)))}`,
      "staking.validators[0].selfStake: operator's genesis balance is below the self-stake",
      "staking.validators[1].pubkey: consensus key used by another validator",
    ]);
  });
});
