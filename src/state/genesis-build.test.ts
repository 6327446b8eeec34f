import { describe, expect, it } from "vitest";
import type { Address } from "../crypto/index.js";
import { ModuleAddress } from "../modules/addresses.js";
import { GENESIS_SUPPLY, OFFERING_SUPPLY, parseCmt } from "../types/index.js";
import type { GenesisDoc } from "./genesis.js";
import {
  buildGenesis,
  GenesisError,
  type GenesisInput,
  genesisSupply,
  validateGenesis,
  validateGenesisSupply,
} from "./genesis-build.js";

const addr = (n: number) => `0x${n.toString(16).padStart(40, "a")}` as Address;
const TEAM = addr(0xe1);
const FIVEMILES = addr(0xf5);

function input(overrides: Partial<GenesisInput> = {}): GenesisInput {
  return {
    chainId: 18n,
    genesisTime: 1_700_000_000_000n,
    offering: [
      { address: addr(1), amount: parseCmt("400000000") },
      { address: addr(2), amount: parseCmt("299999999.5") },
      { address: addr(3), amount: parseCmt("0.5") },
    ],
    teamBeneficiary: TEAM,
    fiveMilesBeneficiary: FIVEMILES,
    validators: [{ address: addr(0x7a), power: 10n, name: "v0" }],
    ...overrides,
  };
}

const clone = (doc: GenesisDoc): GenesisDoc => structuredClone(doc);

describe("buildGenesis", () => {
  it("lays out the white paper's 1 B CMT: 700 M offering, 2 × 100 M vesting, 100 M reserve", () => {
    const doc = buildGenesis(input());
    expect(doc.chainId).toBe("18");
    expect(doc.genesisTime).toBe("1700000000000");
    expect(doc.params.minGasPrice).toBe("1000000000");
    expect(doc.consensus.blockGasLimit).toBe("30000000");
    expect(doc.consensus.validators).toEqual([{ address: addr(0x7a), power: "10", name: "v0" }]);
    const balance = (a: string) => doc.modules.bank.balances.find((b) => b.address === a)?.amount;
    expect(balance(ModuleAddress.vesting)).toBe(parseCmt("200000000").toString());
    expect(balance(ModuleAddress.reserve)).toBe(parseCmt("100000000").toString());
    expect(balance(addr(3))).toBe("500000000000000000");
    expect(doc.modules.vesting.schedules).toEqual([
      {
        beneficiary: TEAM,
        label: "team-and-partners",
        total: parseCmt("100000000").toString(),
        start: "1700000000000",
      },
      { beneficiary: FIVEMILES, label: "5miles", total: parseCmt("100000000").toString(), start: "1700000000000" },
    ]);
    const supply = genesisSupply(doc);
    expect(supply).toMatchObject({ offering: OFFERING_SUPPLY, offeringAccounts: 3, total: GENESIS_SUPPLY });
    expect(validateGenesis(doc)).toEqual([]);
    expect(JSON.parse(JSON.stringify(doc))).toEqual(doc); // plain JSON, no bigint
  });

  it("takes gas settings, lowercases addresses and sorts balances canonically", () => {
    const upper = `0x${"AB".repeat(20)}` as Address;
    const doc = buildGenesis(
      input({
        minGasPrice: 5n,
        blockGasLimit: 10_000_000n,
        offering: [
          { address: upper, amount: parseCmt("699999999") },
          { address: addr(1), amount: parseCmt("1") },
        ],
      }),
    );
    expect(doc.params.minGasPrice).toBe("5");
    expect(doc.consensus.blockGasLimit).toBe("10000000");
    const addresses = doc.modules.bank.balances.map((b) => b.address);
    expect(addresses).toContain(upper.toLowerCase());
    expect(addresses).toEqual([...addresses].sort());
  });

  it("refuses an offering that is not exactly 700 M CMT", () => {
    const offering = [{ address: addr(1), amount: parseCmt("699999999.999999999999999999") }];
    expect(() => buildGenesis(input({ offering }))).toThrow(
      "offering: balances total 699999999.999999999999999999 CMT, expected 700000000 CMT",
    );
  });

  it("refuses duplicates, bad addresses, non-positive amounts and module accounts, naming each entry", () => {
    const err = (() => {
      try {
        buildGenesis(
          input({
            offering: [
              { address: addr(1), amount: parseCmt("1") },
              { address: addr(1).toUpperCase().replace("0X", "0x") as Address, amount: parseCmt("1") },
              { address: "0x1234" as Address, amount: 1n },
              { address: addr(4), amount: 0n },
              { address: ModuleAddress.reserve, amount: 1n },
            ],
            fiveMilesBeneficiary: TEAM,
          }),
        );
      } catch (e) {
        return e;
      }
    })() as GenesisError;
    expect(err).toBeInstanceOf(GenesisError);
    expect(err.problems).toEqual([
      `offering[1]: duplicate address ${addr(1)} (also offering[0])`,
      'offering[2]: invalid address "0x1234"',
      "offering[3]: amount must be positive, got 0",
      `offering[4]: ${ModuleAddress.reserve} is the reserve module account`,
      "team and 5miles beneficiaries must be different accounts (one vesting schedule per beneficiary)",
    ]);
  });

  it("refuses a genesis without validators", () => {
    expect(() => buildGenesis(input({ validators: [] }))).toThrow("at least one validator");
  });
});

describe("validateGenesisSupply", () => {
  const good = buildGenesis(input());

  it("flags a total that is not exactly 1 B CMT and an unbalanced vesting account", () => {
    const doc = clone(good);
    const vesting = doc.modules.bank.balances.find((b) => b.address === ModuleAddress.vesting);
    if (vesting) vesting.amount = (BigInt(vesting.amount) + 1n).toString();
    expect(validateGenesisSupply(doc)).toEqual([
      "vesting: module account holds 200000000.000000000000000001 CMT but its schedules total 200000000 CMT",
      "supply: all balances total 1000000000.000000000000000001 CMT, expected exactly 1000000000 CMT",
    ]);
  });

  it("flags a wrong reserve, a missing schedule and a wrong schedule total", () => {
    const doc = clone(good);
    doc.modules.bank.balances = doc.modules.bank.balances.filter((b) => b.address !== ModuleAddress.reserve);
    const [team] = good.modules.vesting.schedules;
    if (!team) throw new Error("no team schedule");
    doc.modules.vesting.schedules = [{ ...team, total: "1" }];
    const problems = validateGenesisSupply(doc);
    expect(problems).toContain('vesting: no "5miles" schedule (white paper §7: 100000000 CMT vesting over 2.5 years)');
    expect(problems).toContain('vesting: "team-and-partners" totals 0.000000000000000001 CMT, expected 100000000 CMT');
    expect(problems).toContain("reserve: holds 0 CMT, expected 100000000 CMT");
    expect(problems).toContain("supply: all balances total 900000000 CMT, expected exactly 1000000000 CMT");
  });

  it("flags malformed amounts and addresses, duplicates and funded module accounts", () => {
    const doc = clone(good);
    doc.modules.bank.balances.push(
      { address: addr(1).toUpperCase().replace("0X", "0x") as Address, amount: "1" },
      { address: "0xnothex" as Address, amount: "-5" },
      { address: addr(9), amount: "1e18" },
      { address: addr(10), amount: "007" },
      { address: ModuleAddress.feeCollector, amount: "1" },
    );
    const n = good.modules.bank.balances.length;
    const first = good.modules.bank.balances.findIndex((b) => b.address === addr(1));
    const problems = validateGenesisSupply(doc);
    expect(problems).toContain(`bank.balances[${n}]: duplicate address ${addr(1)} (also bank.balances[${first}])`);
    expect(problems).toContain(`bank.balances[${n + 1}]: invalid address "0xnothex"`);
    expect(problems).toContain(`bank.balances[${n + 1}]: invalid amount "-5" (decimal wei expected)`);
    expect(problems).toContain(`bank.balances[${n + 2}]: invalid amount "1e18" (decimal wei expected)`);
    expect(problems).toContain(`bank.balances[${n + 3}]: invalid amount "007" (decimal wei expected)`);
    expect(problems).toContain(
      `bank.balances[${n + 4}]: module account feeCollector (${ModuleAddress.feeCollector}) cannot hold a genesis balance`,
    );
  });
});

describe("validateGenesis", () => {
  it("reports a document of the wrong shape instead of throwing", () => {
    expect(validateGenesis(null)).toEqual(["genesis: not a JSON object"]);
    expect(validateGenesis({ consensus: { validators: [] }, params: {}, modules: {} })).toEqual([
      "modules.bank.balances: missing",
      "modules.vesting.schedules: missing",
    ]);
  });

  it("checks chain id, gas settings and validators", () => {
    const doc = clone(buildGenesis(input()));
    doc.chainId = "0";
    doc.params.minGasPrice = "cheap";
    doc.consensus.validators.push({ address: addr(0x7a), power: "0" });
    expect(validateGenesis(doc)).toEqual([
      'chainId: expected a positive decimal integer, got "0"',
      'params.minGasPrice: expected decimal wei, got "cheap"',
      `consensus.validators[1]: duplicate validator ${addr(0x7a)}`,
      'consensus.validators[1].power: expected a positive decimal integer, got "0"',
    ]);
  });
});
