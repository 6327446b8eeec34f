// The arbiter registry on the real state machine: bond, profile, statistics, cooling withdrawal.
import { afterEach, describe, expect, it } from "vitest";
import {
  arbiters,
  CMT,
  type Driver,
  openWorld,
  payee,
  payer,
  registerArbiter,
  TEST_PARAMS,
} from "./arbitration.testing.js";

const [alice] = arbiters;
let close: (() => Promise<void>) | null = null;
afterEach(async () => {
  await close?.();
  close = null;
});
function world(): Driver {
  const w = openWorld();
  close = w.close;
  return w.d;
}

interface ArbiterInfo {
  bond: bigint;
  status: number;
  withdrawableAt: bigint;
  openCases: bigint;
  categories: readonly string[];
  languages: readonly string[];
  contact: string;
}

describe("arbiter registry", () => {
  it("registers with a bond of at least the minimum, updates, tops up, and withdraws after the cooling period", () => {
    const d = world();
    const start = d.net(alice.address);
    expect(d.refused(alice, "register", [["toys"], ["en"], "x"], TEST_PARAMS.minBond - 1n)).toBe(
      `arbitration: the bond must be at least ${TEST_PARAMS.minBond} wei, not ${TEST_PARAMS.minBond - 1n}`,
    );
    const reg = d.ok(alice, "register", [["toys", "books"], ["en", "zh"], "alice@example.com"], TEST_PARAMS.minBond);
    expect(reg.logs[0]).toMatchObject({ eventName: "ArbiterRegistered", args: { bond: TEST_PARAMS.minBond } });
    expect(d.net(alice.address)).toBe(start - TEST_PARAMS.minBond);
    expect(d.holdings()).toEqual({ balance: TEST_PARAMS.minBond, bonds: TEST_PARAMS.minBond });
    let info = d.view<ArbiterInfo>("getArbiter", [alice.address]);
    expect(info).toMatchObject({
      bond: TEST_PARAMS.minBond,
      status: 0,
      categories: ["toys", "books"],
      languages: ["en", "zh"],
    });
    const listed = d.view<string[]>("arbiters", ["0x0000000000000000000000000000000000000000", 10n]);
    expect(listed.map((a) => a.toLowerCase())).toEqual([alice.address]);

    expect(d.refused(alice, "register", [["toys"], ["en"], "x"], TEST_PARAMS.minBond)).toBe(
      `arbitration: ${alice.address} is already registered`,
    );
    d.ok(alice, "updateArbiter", [["garden"], ["fr"], "https://alice.example"]);
    d.ok(alice, "addBond", [], 5n * CMT);
    info = d.view<ArbiterInfo>("getArbiter", [alice.address]);
    expect(info).toMatchObject({
      bond: TEST_PARAMS.minBond + 5n * CMT,
      categories: ["garden"],
      contact: "https://alice.example",
    });

    expect(d.refused(alice, "withdrawBond")).toBe("arbitration: request a withdrawal first");
    const req = d.ok(alice, "requestWithdrawal");
    const withdrawableAt = d.now() + TEST_PARAMS.coolingPeriodMs;
    expect(req.logs[0]?.args).toMatchObject({ withdrawableAt });
    expect(d.view<ArbiterInfo>("getArbiter", [alice.address])).toMatchObject({ status: 1, withdrawableAt });
    expect(d.refused(alice, "withdrawBond")).toBe(`arbitration: the bond can be withdrawn from ${withdrawableAt}`);
    d.at(withdrawableAt - 1_000n);
    const out = d.block([d.tx(alice, "withdrawBond")], 1_000n);
    expect(out[0]).toMatchObject({ status: 1, events: ["BondWithdrawn"] });
    expect(d.net(alice.address)).toBe(start);
    expect(d.holdings()).toEqual({ balance: 0n, bonds: 0n });
    expect(() => d.view("getArbiter", [alice.address])).toThrow(`${alice.address} is not a registered arbiter`);
  });

  it("a withdrawal request can be cancelled; the arbiter is active again", () => {
    const d = world();
    registerArbiter(d, alice);
    d.ok(alice, "requestWithdrawal");
    expect(d.refused(alice, "requestWithdrawal")).toBe("arbitration: a withdrawal is already requested");
    d.ok(alice, "cancelWithdrawal");
    expect(d.refused(alice, "cancelWithdrawal")).toBe("arbitration: no withdrawal was requested");
    expect(d.view<ArbiterInfo>("getArbiter", [alice.address])).toMatchObject({ status: 0, withdrawableAt: 0n });
  });

  it("refuses to release the bond while a case is open, then releases it after the ruling", () => {
    const d = world();
    const start = d.net(alice.address);
    registerArbiter(d, alice);
    const [, caseId] = d.disputedPay(10n * CMT, 2n * CMT);
    const bidId = d.ok(alice, "bid", [caseId, 1n * CMT, TEST_PARAMS.maxRulingPeriodMs]).logs[0]?.args.bidId as bigint;
    d.ok(payer, "acceptBid", [caseId, bidId]);
    d.ok(payee, "acceptBid", [caseId, bidId]);
    expect(d.view<ArbiterInfo>("getArbiter", [alice.address]).openCases).toBe(1n);
    d.ok(alice, "requestWithdrawal");
    d.at(d.now() + TEST_PARAMS.coolingPeriodMs);
    expect(d.refused(alice, "withdrawBond")).toBe("arbitration: rule your 1 open case(s) first");
    d.ok(alice, "rule", [caseId, 1, 0n]);
    d.ok(alice, "withdrawBond");
    // Bond back in full, plus the 1 CMT fee from the loser's deposit.
    expect(d.net(alice.address)).toBe(start + 1n * CMT);
    expect(d.view<[bigint, bigint, bigint]>("arbiterStats", [alice.address])).toEqual([1n, 1n, 0n]);
    expect(d.holdings()).toEqual({ balance: 0n, bonds: 0n });
  });
});
