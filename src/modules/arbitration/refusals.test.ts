// Every call refuses the wrong caller, wrong state, wrong amounts, expired deadlines and unknown
// ids with a readable revert reason, and leaves the state as it was (only the gas is paid).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestChain } from "../../../test/harness.js";
import { toHex } from "../../lib/index.js";
import { ModuleAbi, ModuleError, moduleContext, StateDB, unmetered } from "../../state/index.js";
import { BankKeeper } from "../bank/index.js";
import type { Arbitrable } from "../dispute-port.js";
import {
  arbiters,
  CMT,
  type Driver,
  type Key,
  openWorld,
  outsider,
  payee,
  payer,
  registerArbiter,
  TEST_PARAMS,
} from "./arbitration.testing.js";
import { ArbitrationKeeper } from "./keeper.js";
import { arbitrationModule } from "./module.js";

const [a0, a1, a2, a3, a4] = arbiters;
const HASH = toHex(new Uint8Array(32).fill(7));
let w: ReturnType<typeof openWorld>;
let d: Driver;
/** A case in Bidding with a0's bid (id 1); a case Assigned to a0. */
let bidding: bigint;
let assignedCase: bigint;

beforeAll(() => {
  w = openWorld();
  d = w.d;
  for (const a of [a0, a1, a2]) registerArbiter(d, a);
  registerArbiter(d, payee); // a party that is also an arbiter
  [, bidding] = d.disputedPay(10n * CMT, 2n * CMT);
  d.ok(a0, "bid", [bidding, 1n * CMT, 20_000n]);
  [, assignedCase] = d.disputedPay(10n * CMT, 2n * CMT);
  const bidId = d.ok(a0, "bid", [assignedCase, 1n * CMT, TEST_PARAMS.maxRulingPeriodMs]).logs[0]?.args.bidId as bigint;
  d.ok(payer, "acceptBid", [assignedCase, bidId]);
  d.ok(payee, "acceptBid", [assignedCase, bidId]);
  d.ok(a1, "requestWithdrawal");
});
afterAll(async () => {
  await w.close();
});

/** `who` calls `fn`: it reverts with `reason` and nothing but the gas changed (1 ms later: no deadline runs). */
function refusedUnchanged(who: Key, fn: string, args: readonly unknown[], reason: string, value = 0n): void {
  const before = d.snapshot();
  const [o] = d.block([d.tx(who, fn, args, value)], 1n);
  expect(o?.status).toBe(0);
  expect(o?.reason).toBe(reason);
  expect(d.snapshot()).toBe(before);
}

const many = (n: number) => Array.from({ length: n }, (_, i) => `t${i}`);

describe("refusals leave the state unchanged", () => {
  it("register", () => {
    const min = TEST_PARAMS.minBond;
    refusedUnchanged(
      a3,
      "register",
      [[], [], ""],
      `arbitration: the bond must be at least ${min} wei, not ${min - 1n}`,
      min - 1n,
    );
    refusedUnchanged(a0, "register", [[], [], ""], `arbitration: ${a0.address} is already registered`, min);
    refusedUnchanged(a3, "register", [many(17), [], ""], "arbitration: at most 16 categories", min);
    refusedUnchanged(a3, "register", [[], [""], ""], "arbitration: each of the languages must be 1 to 64 bytes", min);
    refusedUnchanged(a3, "register", [["x", "x"], [], ""], "arbitration: duplicate categories", min);
    refusedUnchanged(a3, "register", [[], [], "c".repeat(257)], "arbitration: contact is at most 256 bytes", min);
  });

  it("updateArbiter, addBond, requestWithdrawal, cancelWithdrawal, withdrawBond", () => {
    const notArbiter = `arbitration: ${outsider.address} is not a registered arbiter`;
    refusedUnchanged(outsider, "updateArbiter", [[], [], ""], notArbiter);
    refusedUnchanged(a0, "updateArbiter", [[], many(17), ""], "arbitration: at most 16 languages");
    refusedUnchanged(outsider, "addBond", [], notArbiter, 1n);
    refusedUnchanged(a0, "addBond", [], "arbitration: send the CMT to add to the bond");
    refusedUnchanged(outsider, "requestWithdrawal", [], notArbiter);
    refusedUnchanged(a1, "requestWithdrawal", [], "arbitration: a withdrawal is already requested");
    refusedUnchanged(a0, "cancelWithdrawal", [], "arbitration: no withdrawal was requested");
    refusedUnchanged(a0, "withdrawBond", [], "arbitration: request a withdrawal first");
    const at = d.view<{ withdrawableAt: bigint }>("getArbiter", [a1.address]).withdrawableAt;
    refusedUnchanged(a1, "withdrawBond", [], `arbitration: the bond can be withdrawn from ${at}`);
  });

  it("bid", () => {
    refusedUnchanged(a2, "bid", [999n, 0n, 1_000n], "arbitration: no case with id 999");
    refusedUnchanged(
      outsider,
      "bid",
      [bidding, 0n, 1_000n],
      `arbitration: ${outsider.address} is not a registered arbiter`,
    );
    refusedUnchanged(payee, "bid", [bidding, 0n, 1_000n], "arbitration: a party cannot bid on its own case");
    refusedUnchanged(a1, "bid", [bidding, 0n, 1_000n], "arbitration: a withdrawing arbiter cannot bid");
    refusedUnchanged(
      a2,
      "bid",
      [bidding, 2n * CMT + 1n, 1_000n],
      `arbitration: the fee must be at most the deposit, ${2n * CMT} wei`,
    );
    const period = `arbitration: the ruling period must be 1 to ${TEST_PARAMS.maxRulingPeriodMs} ms`;
    refusedUnchanged(a2, "bid", [bidding, 0n, 0n], period);
    refusedUnchanged(a2, "bid", [bidding, 0n, TEST_PARAMS.maxRulingPeriodMs + 1n], period);
    refusedUnchanged(a0, "bid", [bidding, 0n, 1_000n], `arbitration: you already bid on case ${bidding} in this round`);
    refusedUnchanged(a2, "bid", [assignedCase, 0n, 1_000n], "arbitration: cannot bid on a case that is assigned");
    refusedUnchanged(a2, "bid", [bidding, 0n, 1_000n], "arbitration: bid does not accept CMT", 1n);
  });

  it("acceptBid", () => {
    refusedUnchanged(payer, "acceptBid", [999n, 1n], "arbitration: no case with id 999");
    refusedUnchanged(outsider, "acceptBid", [bidding, 1n], "arbitration: only the payer or the payee can accept a bid");
    refusedUnchanged(payer, "acceptBid", [bidding, 99n], `arbitration: case ${bidding} has no bid 99 in this round`);
    refusedUnchanged(
      payer,
      "acceptBid",
      [assignedCase, 1n],
      "arbitration: cannot accept a bid on a case that is assigned",
    );
  });

  it("submitEvidence", () => {
    refusedUnchanged(payer, "submitEvidence", [999n, HASH, "x"], "arbitration: no case with id 999");
    refusedUnchanged(
      outsider,
      "submitEvidence",
      [bidding, HASH, "x"],
      "arbitration: only the payer or the payee can submit evidence",
    );
    refusedUnchanged(
      payer,
      "submitEvidence",
      [bidding, HASH, "u".repeat(513)],
      "arbitration: the evidence URI is at most 512 bytes",
    );
  });

  it("rule", () => {
    refusedUnchanged(a0, "rule", [999n, 0, 0n], "arbitration: no case with id 999");
    refusedUnchanged(a0, "rule", [bidding, 0, 0n], "arbitration: cannot rule on a case that is bidding");
    refusedUnchanged(
      a2,
      "rule",
      [assignedCase, 0, 0n],
      `arbitration: only the assigned arbiter ${a0.address} can rule`,
    );
    refusedUnchanged(a0, "rule", [assignedCase, 3, 0n], "arbitration: unknown ruling 3");
    refusedUnchanged(
      a0,
      "rule",
      [assignedCase, 2, 10_001n],
      "arbitration: the payer's share is at most 10000 bps, not 10001",
    );
    refusedUnchanged(
      a0,
      "rule",
      [assignedCase, 0, 5n],
      "arbitration: a payer's share goes with a split ruling only; pass 0",
    );
  });

  it("views refuse unknown ids and oversized pages", () => {
    expect(() => d.view("getCase", [999n])).toThrow("arbitration: no case with id 999");
    expect(() => d.view("getBids", [999n])).toThrow("arbitration: no case with id 999");
    expect(() => d.view("openCases", [0n, 101n])).toThrow("arbitration: page limit is at most 100");
    expect(() => d.view("arbiters", [a0.address, 101n])).toThrow("arbitration: page limit is at most 100");
    expect(d.view("caseOf", ["testpay", 999n])).toBe(0n);
  });

  it("the payee's acceptance of a withdrawn arbiter's bid is refused and not recorded", () => {
    const [, fresh] = d.disputedPay(10n * CMT, 2n * CMT);
    const bidId = d.ok(a2, "bid", [fresh, 1n * CMT, 1_000n]).logs[0]?.args.bidId as bigint;
    d.ok(a2, "requestWithdrawal");
    d.ok(payer, "acceptBid", [fresh, bidId]);
    refusedUnchanged(
      payee,
      "acceptBid",
      [fresh, bidId],
      `arbitration: arbiter ${a2.address} can no longer take cases; accept another bid`,
    );
  });

  it("a full round refuses one more bid; bids and acceptances after the window closed are refused", () => {
    d.ok(a1, "cancelWithdrawal");
    registerArbiter(d, outsider); // its refusals as a non-arbiter are done
    registerArbiter(d, a3);
    registerArbiter(d, a4);
    const [, full] = d.disputedPay(10n * CMT, 2n * CMT);
    const fees: Array<[Key, bigint]> = [
      [a0, 1n * CMT],
      [a1, CMT / 2n],
      [a3, 0n],
      [a4, 0n],
    ];
    for (const [a, fee] of fees) d.ok(a, "bid", [full, fee, 1_000n]);
    refusedUnchanged(outsider, "bid", [full, 0n, 1_000n], `arbitration: case ${full} already has 4 bids`);

    const windowEnds = d.view<{ windowEnds: bigint }>("getCase", [full]).windowEnds;
    const bidsBefore = d.view<unknown[]>("getBids", [full]);
    const late = d.block(
      [d.tx(a2, "bid", [full, 0n, 1_000n]), d.tx(payee, "acceptBid", [full, 1n])],
      windowEnds - d.now(),
    );
    expect(late.map((o) => o.reason)).toEqual([
      `arbitration: the bidding window of case ${full} has closed`,
      `arbitration: the bidding window of case ${full} has closed`,
    ]);
    expect(d.view<unknown[]>("getBids", [full])).toEqual(bidsBefore);
    // The window's close assigned the lowest fee: a3's and a4's 0-fee bids tie on record, a3 bid first.
    expect(d.view<{ arbiter: string }>("getCase", [full]).arbiter.toLowerCase()).toBe(a3.address);
  });
});

describe("createDispute refuses bad requests", () => {
  function context(c: TestChain) {
    const arbitrables = new Map<string, Arbitrable>([["testpay", { rule() {}, abandon() {} }]]);
    const mod = arbitrationModule(new BankKeeper(), arbitrables);
    const head = c.chain.head();
    const ctx = moduleContext(
      new ModuleAbi(mod),
      new StateDB(c.store),
      unmetered(),
      { chainId: 1818n, height: head.height, time: head.time },
      [],
    );
    return { ctx, keeper: new ArbitrationKeeper(arbitrables) };
  }
  const req = {
    arbitrable: "testpay",
    externalId: 1n,
    payer: payer.address,
    payee: payee.address,
    amount: 1n,
    deposit: 1n,
    category: "",
  };

  it("unknown arbitrable, same parties, zero party, long category, a second case for the same thing", () => {
    const { ctx, keeper } = context(w.c);
    const reason = (r: typeof req) => {
      try {
        keeper.createDispute(ctx, r);
        return "accepted";
      } catch (err) {
        return err instanceof ModuleError ? err.reason : String(err);
      }
    };
    expect(reason({ ...req, arbitrable: "nosuch" })).toBe("arbitration: nosuch is not an arbitrable module");
    expect(reason({ ...req, payee: payer.address })).toBe("arbitration: payer and payee must differ");
    expect(reason({ ...req, payer: "0x0000000000000000000000000000000000000000" })).toBe(
      "arbitration: payer and payee must not be the zero address",
    );
    expect(reason({ ...req, category: "c".repeat(65) })).toBe("arbitration: the category is at most 64 bytes");
    // testpay's payment 1 was disputed in setup: it has a case already.
    expect(reason(req)).toBe("arbitration: testpay 1 already has a case");
    expect(reason({ ...req, externalId: 12345n })).toBe("accepted");
  });
});
