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

  it("caps a validator's power at 12 % of the set's whole stake; the others keep power = stake", () => {
    // 10 validators, one with 50 of 95: capped at floor(12 % of 95) = 11.
    const out = votingPowers(cands([50, 5, 5, 5, 5, 5, 5, 5, 5, 5]), 19n, 1200n);
    expect(out.find((v) => v.address === addr(1))?.power).toBe(11n);
    expect(out.filter((v) => v.address !== addr(1)).every((v) => v.power === 5n)).toBe(true);
    // 4 validators of 100, 50, 30, 20 (200): X = 24; the three large ones capped, 20 keeps 20.
    expect(votingPowers(cands([100, 50, 30, 20]), 19n, 1200n).map((v) => v.power)).toEqual([24n, 24n, 24n, 20n]);
  });

  it("tiny validators gain no power beyond their stake (no blocking third for a few CMT)", () => {
    // Four of 10 M and three of 10 k: the three small ones keep 30 k of ~19.2 M power, far from 1/3.
    const out = votingPowers(
      cands([10_000_000, 10_000_000, 10_000_000, 10_000_000, 10_000, 10_000, 10_000]),
      19n,
      1200n,
    );
    const total = out.reduce((s, v) => s + v.power, 0n);
    const small = out.filter((v) => v.power === 10_000n).reduce((s, v) => s + v.power, 0n);
    expect(small).toBe(30_000n);
    expect(small * 3n < total).toBe(true);
    expect(out.filter((v) => v.power === 4_803_600n)).toHaveLength(4);
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
    // 20 000 and 10 000 CMT: both above 12 % of 30 000, so both capped at 3 600.
    expect(doc.consensus.validators).toEqual(
      [
        { address: consensusAddress(fromHex(pubkey(0))), power: "3600", name: "v0" },
        { address: consensusAddress(fromHex(pubkey(1))), power: "3600", name: "v1" },
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
