import type { Abi } from "viem";
import { afterAll, describe, expect, it } from "vitest";
import { GENESIS_TIME, removeDir, testGenesis, testKey } from "../../../test/harness.js";
import { WEI_PER_CMT } from "../../types/index.js";
import { ModuleAddress } from "../addresses.js";
import { BankKeeper } from "../bank/index.js";
import { BPS, RulingKind, rulingPayout } from "../dispute-port.js";
import { escrowAbi } from "./abi.js";
import { openChainWith, recordingArbitrator, toyArbitration } from "./chain.testing.js";
import { chainDriver, type Key } from "./driver.testing.js";
import { escrowModule } from "./module.js";
import { EscrowState, ZERO_HASH } from "./state.js";

const payer = testKey(20);
const payee = testKey(21);
const carrier = testKey(22);
const stranger = testKey(23);
const judge = testKey(24);
const AMOUNT = 1_000n * WEI_PER_CMT;
const DEPOSIT = 100n * WEI_PER_CMT;
const WINDOW = 3n * 86_400_000n;
const SHIP = 2n * 86_400_000n;
const WEEK = 7n * 86_400_000n;
const TRACKING = `0x${"ab".repeat(32)}` as const;

const genesis = testGenesis({
  funded: [payer.address, payee.address, carrier.address, stranger.address, judge.address],
  team: testKey(1).address,
  fiveMiles: testKey(2).address,
});
const bank = new BankKeeper();
const arbitrator = recordingArbitrator();
const toy = toyArbitration(bank);
const c = openChainWith(genesis, [escrowModule(bank, arbitrator), toy]);
afterAll(async () => {
  await c.close();
  removeDir(c.dir);
});
const d = chainDriver(c, [escrowAbi as Abi]);
let time = GENESIS_TIME;

type Call = Extract<
  (typeof escrowAbi)[number],
  { type: "function"; stateMutability: "payable" | "nonpayable" }
>["name"];

/** Send one escrow call in its own block, `dt` ms after the previous one. */
function send(who: Key, fn: Call, args: readonly unknown[], value = 0n, dt = 1_000n) {
  time += dt;
  const [out] = d.block(time, [d.tx(who, ModuleAddress.escrow, escrowAbi as Abi, fn, args, value)]);
  return out as NonNullable<typeof out>;
}

/** The toy arbitration module rules on escrow `id`, `judge` acting as arbiter. */
function rule(id: bigint, kind: number, fee: bigint, payerShareBps = 0n) {
  time += 1_000n;
  const t = d.tx(judge, toy.address, toy.abi as Abi, "rule", [id, kind, payerShareBps, fee]);
  return d.block(time, [t])[0];
}

function tick(to: bigint): void {
  time = to;
  d.block(time, []);
}

interface EscrowView {
  payer: string;
  payee: string;
  amount: bigint;
  deposit: bigint;
  inspectionWindowMs: bigint;
  fundBy: bigint;
  shipWindowMs: bigint;
  shipBy: bigint;
  carriers: readonly string[];
  state: number;
  openedAt: bigint;
  inspectionEnds: bigint;
  trackingHash: string;
  controller: string;
  caseId: bigint;
  category: string;
}
/** getEscrow with addresses lower-cased (viem returns checksummed ones). */
function escrow(id: bigint): EscrowView {
  const e = d.view<EscrowView>(ModuleAddress.escrow, escrowAbi as Abi, "getEscrow", [id]);
  return {
    ...e,
    payer: e.payer.toLowerCase(),
    payee: e.payee.toLowerCase(),
    carriers: e.carriers.map((a) => a.toLowerCase()),
  };
}
const stateOf = (id: bigint) => escrow(id).state;
const held = () => d.balance(ModuleAddress.escrow);
const nextId = () => d.view<bigint>(ModuleAddress.escrow, escrowAbi as Abi, "nextId");

function open(opts: { amount?: bigint; fundBy?: bigint; ship?: bigint; carriers?: string[] } = {}): bigint {
  const amount = opts.amount ?? AMOUNT;
  const id = nextId();
  const r = send(
    payer,
    "open",
    [
      payee.address,
      amount,
      DEPOSIT,
      WINDOW,
      opts.fundBy ?? time + WEEK,
      opts.ship ?? SHIP,
      opts.carriers ?? [carrier.address],
    ],
    amount + DEPOSIT,
  );
  expect(r).toEqual({ status: 1, reason: null, events: ["Opened"] });
  return id;
}

function funded(opts: Parameters<typeof open>[0] = {}): bigint {
  const id = open(opts);
  expect(send(payee, "fund", [id], DEPOSIT)).toMatchObject({ status: 1, events: ["Funded"] });
  return id;
}

/** Net balance changes (fees excluded) of payer, payee and judge across `f`; the escrow ends holding what it held. */
function changes(f: () => void): [bigint, bigint, bigint] {
  const before = [d.net(payer.address), d.net(payee.address), d.net(judge.address)];
  const heldBefore = held();
  f();
  expect(held(), "escrow holds nothing more once settled").toBe(heldBefore);
  return [
    d.net(payer.address) - (before[0] as bigint),
    d.net(payee.address) - (before[1] as bigint),
    d.net(judge.address) - (before[2] as bigint),
  ];
}

describe("escrow: payment and equal deposits held until delivery and inspection (white paper)", () => {
  it("payee ships, carrier confirms delivery; the inspection window ends without rejection and releases", () => {
    let id = 0n;
    const delta = changes(() => {
      id = open();
      const opened = time;
      expect(escrow(id)).toEqual({
        payer: payer.address,
        payee: payee.address,
        amount: AMOUNT,
        deposit: DEPOSIT,
        inspectionWindowMs: WINDOW,
        fundBy: opened - 1_000n + WEEK,
        shipWindowMs: SHIP,
        shipBy: 0n,
        carriers: [carrier.address],
        state: EscrowState.Open,
        openedAt: opened,
        inspectionEnds: 0n,
        trackingHash: ZERO_HASH,
        controller: "",
        caseId: 0n,
        category: "",
      });
      expect(send(payee, "acceptEscrow", [id], DEPOSIT)).toMatchObject({ status: 1, events: ["Funded"] });
      expect(escrow(id).shipBy).toBe(time + SHIP);
      expect(held()).toBeGreaterThanOrEqual(AMOUNT + 2n * DEPOSIT);
      expect(send(payee, "ship", [id, TRACKING])).toEqual({ status: 1, reason: null, events: ["Shipped"] });
      expect(escrow(id)).toMatchObject({ state: EscrowState.Shipped, trackingHash: TRACKING });
      expect(send(carrier, "confirmDelivery", [id])).toMatchObject({ status: 1, events: ["DeliveryConfirmed"] });
      const ends = time + WINDOW;
      expect(escrow(id).inspectionEnds).toBe(ends);
      tick(ends - 1n);
      expect(stateOf(id)).toBe(EscrowState.Delivered);
      tick(ends);
      expect(stateOf(id)).toBe(EscrowState.Released);
    });
    expect(delta).toEqual([-AMOUNT, AMOUNT, 0n]);
  });

  it("the payer accepts: payment to the payee, deposits back; the stale deadlines do nothing", () => {
    let id = 0n;
    const delta = changes(() => {
      id = funded();
      expect(send(payer, "confirmDelivery", [id])).toMatchObject({ status: 1 });
      expect(send(payer, "accept", [id])).toEqual({ status: 1, reason: null, events: ["Released"] });
      tick(time + WINDOW + SHIP + 1n);
    });
    expect(delta).toEqual([-AMOUNT, AMOUNT, 0n]);
    expect(stateOf(id)).toBe(EscrowState.Released);
  });

  it("the payer cancels before the payee's deposit: full refund", () => {
    let id = 0n;
    expect(
      changes(() => {
        id = open();
        expect(send(payer, "cancel", [id])).toEqual({ status: 1, reason: null, events: ["Cancelled"] });
      }),
    ).toEqual([0n, 0n, 0n]);
    expect(stateOf(id)).toBe(EscrowState.Cancelled);
    expect(send(payee, "fund", [id], DEPOSIT)).toMatchObject({
      status: 0,
      reason: "escrow: cannot fund an escrow that is cancelled",
    });
  });

  it("the payee declines before depositing: the payer is fully refunded", () => {
    let id = 0n;
    expect(
      changes(() => {
        id = open();
        expect(send(payee, "decline", [id])).toEqual({ status: 1, reason: null, events: ["Declined"] });
      }),
    ).toEqual([0n, 0n, 0n]);
    expect(stateOf(id)).toBe(EscrowState.Declined);
  });

  it("the payee refunds after shipping: payment and both deposits back to their owners", () => {
    let id = 0n;
    expect(
      changes(() => {
        id = funded();
        send(payee, "ship", [id, TRACKING]);
        expect(send(payee, "refund", [id])).toEqual({ status: 1, reason: null, events: ["Refunded"] });
        tick(time + WINDOW);
      }),
    ).toEqual([0n, 0n, 0n]);
    expect(stateOf(id)).toBe(EscrowState.Refunded);
  });

  it("the payee never funds: the funding deadline refunds the payer; funding in that block is refused", () => {
    const fundBy = time + WEEK;
    let id = 0n;
    expect(
      changes(() => {
        id = open({ fundBy });
        tick(fundBy - 1n);
        expect(stateOf(id)).toBe(EscrowState.Open);
        time = fundBy - 1_000n;
        expect(send(payee, "fund", [id], DEPOSIT)).toMatchObject({
          status: 0,
          reason: "escrow: the funding deadline has passed",
        });
      }),
    ).toEqual([0n, 0n, 0n]);
    expect(stateOf(id)).toBe(EscrowState.Expired);
  });

  it("the payee funds but never ships: at the shipping deadline the payer gets everything, the payee's deposit too", () => {
    let id = 0n;
    const delta = changes(() => {
      id = funded();
      const shipBy = escrow(id).shipBy;
      tick(shipBy - 1n);
      expect(stateOf(id)).toBe(EscrowState.Funded);
      time = shipBy - 1_000n;
      expect(send(payee, "ship", [id, TRACKING])).toMatchObject({
        status: 0,
        reason: "escrow: the shipping deadline has passed",
      });
      expect(stateOf(id)).toBe(EscrowState.Lapsed);
    });
    expect(delta).toEqual([DEPOSIT, -DEPOSIT, 0n]);
  });

  it("without a shipping window there is no shipping deadline: delivery may be confirmed any time", () => {
    const delta = changes(() => {
      const id = funded({ ship: 0n });
      expect(escrow(id).shipBy).toBe(0n);
      tick(time + 30n * 86_400_000n);
      expect(stateOf(id)).toBe(EscrowState.Funded);
      expect(send(payer, "confirmDelivery", [id])).toMatchObject({ status: 1 });
      tick(time + WINDOW);
      expect(stateOf(id)).toBe(EscrowState.Released);
    });
    expect(delta).toEqual([-AMOUNT, AMOUNT, 0n]);
  });
});

describe("escrow: disputes go to the arbitrator, which pays out through escrowArbitrable.rule", () => {
  it("payer rejects during inspection: the arbitrator gets the case; payer wins with fee = deposit (white paper)", () => {
    let id = 0n;
    const cases = arbitrator.requests.length;
    const delta = changes(() => {
      id = funded();
      send(carrier, "confirmDelivery", [id]);
      expect(send(payer, "reject", [id])).toEqual({ status: 1, reason: null, events: ["Disputed"] });
      expect(arbitrator.requests.slice(cases)).toEqual([
        {
          arbitrable: "escrow",
          externalId: id,
          payer: payer.address,
          payee: payee.address,
          amount: AMOUNT,
          deposit: DEPOSIT,
          category: "",
          caseId: BigInt(cases + 1),
        },
      ]);
      expect(escrow(id)).toMatchObject({ state: EscrowState.Disputed, caseId: BigInt(cases + 1) });
      tick(time + WINDOW + 1n);
      expect(stateOf(id)).toBe(EscrowState.Disputed);
      expect(rule(id, RulingKind.PayerWins, DEPOSIT)).toEqual({ status: 1, reason: null, events: [] });
    });
    // The payee's deposit pays the arbiter; the payer's returns with the payment.
    expect(delta).toEqual([0n, -DEPOSIT, DEPOSIT]);
    expect(stateOf(id)).toBe(EscrowState.Resolved);
  });

  it("payee disputes before delivery; payee wins with a fee below the deposit: the rest compensates the payee", () => {
    const fee = 30n * WEI_PER_CMT;
    const delta = changes(() => {
      const id = funded();
      expect(send(payee, "dispute", [id])).toMatchObject({ status: 1, events: ["Disputed"] });
      expect(rule(id, RulingKind.PayeeWins, fee)).toMatchObject({ status: 1 });
    });
    expect(delta).toEqual([-AMOUNT - DEPOSIT, AMOUNT + DEPOSIT - fee, fee]);
  });

  it("split: the payer's share of the payment per the ruling, the fee half from each deposit", () => {
    const odd = AMOUNT + 1n;
    const fee = 11n;
    const ruling = { kind: RulingKind.Split, payerShareBps: 2_500n };
    const p = rulingPayout(odd, DEPOSIT, ruling, fee);
    const delta = changes(() => {
      const id = funded({ amount: odd });
      expect(send(payer, "dispute", [id])).toMatchObject({ status: 1, events: ["Disputed"] });
      expect(rule(id, RulingKind.Split, fee, 2_500n)).toMatchObject({ status: 1 });
    });
    expect(delta).toEqual([p.toPayer - odd - DEPOSIT, p.toPayee - DEPOSIT, fee]);
    // 25 % of the payment rounded down to the payer, which also pays the odd wei of the fee (6 of 11).
    expect(p.toPayer - odd - DEPOSIT).toBe((odd * 2_500n) / BPS - odd - 6n);
  });

  it("abandon (no arbiter found): payment and deposits return as paid", () => {
    let id = 0n;
    const delta = changes(() => {
      id = funded();
      send(payer, "dispute", [id]);
      time += 1_000n;
      const t = d.tx(judge, toy.address, toy.abi as Abi, "abandon", [id]);
      expect(d.block(time, [t])[0]).toMatchObject({ status: 1 });
    });
    expect(delta).toEqual([0n, 0n, 0n]);
    expect(stateOf(id)).toBe(EscrowState.Abandoned);
  });

  it("rule refuses an escrow that is not disputed, an unknown id, a bad ruling or a fee above the deposit", () => {
    const id = funded();
    expect(rule(id, RulingKind.PayeeWins, 0n)).toMatchObject({
      status: 0,
      reason: "escrow: cannot rule on an escrow that is funded",
    });
    expect(rule(9_999n, RulingKind.PayeeWins, 0n)).toMatchObject({
      status: 0,
      reason: "escrow: no escrow with id 9999",
    });
    send(payer, "dispute", [id]);
    const before = held();
    expect(rule(id, 3, 0n)).toMatchObject({ status: 0, reason: "escrow: unknown ruling 3" });
    expect(rule(id, RulingKind.Split, 0n, BPS + 1n)).toMatchObject({ status: 0, reason: "escrow: unknown ruling 2" });
    expect(rule(id, RulingKind.PayerWins, DEPOSIT + 1n)).toMatchObject({
      status: 0,
      reason: `escrow: arbiter fee ${DEPOSIT + 1n} exceeds the deposit ${DEPOSIT}`,
    });
    expect(held()).toBe(before);
    expect(stateOf(id)).toBe(EscrowState.Disputed);
    expect(rule(id, RulingKind.Split, 0n, 5_000n)).toMatchObject({ status: 1 });
    expect(rule(id, RulingKind.Split, 0n, 5_000n)).toMatchObject({
      status: 0,
      reason: "escrow: cannot rule on an escrow that is resolved",
    });
  });

  it("a chain without an arbitrator refuses disputes", async () => {
    const plain = openChainWith(genesis, [escrowModule(bank)]);
    try {
      const pd = chainDriver(plain, [escrowAbi as Abi]);
      const t0 = GENESIS_TIME + 1_000n;
      const args = [payee.address, AMOUNT, DEPOSIT, WINDOW, t0 + WEEK, 0n, []];
      pd.block(t0, [pd.tx(payer, ModuleAddress.escrow, escrowAbi as Abi, "open", args, AMOUNT + DEPOSIT)]);
      pd.block(t0 + 1n, [pd.tx(payee, ModuleAddress.escrow, escrowAbi as Abi, "fund", [1n], DEPOSIT)]);
      const [r] = pd.block(t0 + 2n, [pd.tx(payer, ModuleAddress.escrow, escrowAbi as Abi, "dispute", [1n])]);
      expect(r).toMatchObject({ status: 0, reason: "escrow: no arbitration module is available for disputes" });
    } finally {
      await plain.close();
      removeDir(plain.dir);
    }
  });
});

describe("escrow: refusals leave the escrow and the holdings unchanged", () => {
  function refused(who: Key, fn: Call, args: readonly unknown[], reason: string, value = 0n, id?: bigint) {
    const before = id === undefined ? null : escrow(id);
    const heldBefore = held();
    const nextBefore = nextId();
    const cases = arbitrator.requests.length;
    expect(send(who, fn, args, value), `${fn} by ${who.address}`).toMatchObject({ status: 0, reason, events: [] });
    expect(held()).toBe(heldBefore);
    expect(nextId()).toBe(nextBefore);
    expect(arbitrator.requests.length).toBe(cases);
    if (id !== undefined) expect(escrow(id)).toEqual(before);
  }
  const terms = (
    o: Partial<{ payee: string; amount: bigint; window: bigint; fundBy: bigint; ship: bigint; carriers: string[] }>,
  ) => [
    o.payee ?? payee.address,
    o.amount ?? AMOUNT,
    DEPOSIT,
    o.window ?? WINDOW,
    o.fundBy ?? time + WEEK,
    o.ship ?? SHIP,
    o.carriers ?? [],
  ];

  it("refuses bad terms and a value other than amount + deposit", () => {
    const v = AMOUNT + DEPOSIT;
    const YEAR = 365n * 86_400_000n;
    refused(payer, "open", terms({}), `escrow: send exactly ${v} wei, not ${v - 1n}`, v - 1n);
    refused(payer, "open", terms({}), `escrow: send exactly ${v} wei, not ${v + 1n}`, v + 1n);
    refused(payer, "open", terms({ payee: payer.address }), "escrow: payer and payee must differ", v);
    refused(payer, "open", terms({ payee: `0x${"00".repeat(20)}` }), "escrow: payee is the zero address", v);
    refused(payer, "open", terms({ amount: 0n }), "escrow: amount must be positive", DEPOSIT);
    const badWindow = "escrow: inspection window must be between 1 ms and 365 days";
    refused(payer, "open", terms({ window: 0n }), badWindow, v);
    refused(payer, "open", terms({ window: YEAR + 1n }), badWindow, v);
    refused(payer, "open", terms({ ship: YEAR + 1n }), "escrow: shipping window must be at most 365 days", v);
    refused(payer, "open", terms({ fundBy: time + 1_000n }), "escrow: funding deadline must be in the future", v);
    refused(
      payer,
      "open",
      terms({ fundBy: time + YEAR + 2_000n }),
      "escrow: funding deadline must be within 365 days",
      v,
    );
    const many = Array.from({ length: 9 }, (_, i) => testKey(40 + i).address);
    refused(payer, "open", terms({ carriers: many }), "escrow: at most 8 carriers", v);
    const dup = [carrier.address, carrier.address];
    refused(payer, "open", terms({ carriers: dup }), "escrow: duplicate carrier", v);
    refused(payer, "open", terms({ carriers: [payee.address] }), "escrow: a carrier cannot be the payee or zero", v);
  });

  it("refuses an unknown id", () => {
    for (const fn of ["cancel", "decline", "confirmDelivery", "accept", "refund", "reject", "dispute"] as const) {
      refused(payer, fn, [777n], "escrow: no escrow with id 777");
    }
    refused(payee, "ship", [777n, TRACKING], "escrow: no escrow with id 777");
    refused(payee, "fund", [777n], "escrow: no escrow with id 777", DEPOSIT);
    expect(() => escrow(777n)).toThrow("escrow: no escrow with id 777");
  });

  it("refuses the wrong caller, state and amount while open", () => {
    const id = open();
    refused(stranger, "fund", [id], "escrow: only the payee can fund", DEPOSIT, id);
    refused(payee, "fund", [id], `escrow: send exactly ${DEPOSIT} wei, not ${DEPOSIT - 1n}`, DEPOSIT - 1n, id);
    refused(payee, "cancel", [id], "escrow: only the payer can cancel", 0n, id);
    refused(payer, "decline", [id], "escrow: only the payee can decline", 0n, id);
    refused(payer, "cancel", [id], "escrow: cancel does not accept CMT", 1n, id);
    refused(payee, "ship", [id, TRACKING], "escrow: cannot ship an escrow that is open", 0n, id);
    refused(payer, "confirmDelivery", [id], "escrow: cannot confirm delivery of an escrow that is open", 0n, id);
    refused(payer, "accept", [id], "escrow: cannot accept an escrow that is open", 0n, id);
    refused(payee, "refund", [id], "escrow: cannot refund an escrow that is open", 0n, id);
    refused(payer, "dispute", [id], "escrow: cannot dispute an escrow that is open", 0n, id);
    refused(payer, "reject", [id], "escrow: cannot reject an escrow that is open", 0n, id);
  });

  it("refuses the wrong caller and state once funded, shipped and delivered", () => {
    const id = funded();
    refused(payee, "fund", [id], "escrow: cannot fund an escrow that is funded", DEPOSIT, id);
    refused(payer, "cancel", [id], "escrow: cannot cancel an escrow that is funded", 0n, id);
    refused(payee, "decline", [id], "escrow: cannot decline an escrow that is funded", 0n, id);
    refused(payer, "reject", [id], "escrow: cannot reject an escrow that is funded", 0n, id);
    refused(payer, "ship", [id, TRACKING], "escrow: only the payee can ship", 0n, id);
    const who = "escrow: only the payer or an accepted carrier can confirm delivery";
    refused(payee, "confirmDelivery", [id], who, 0n, id);
    refused(stranger, "confirmDelivery", [id], who, 0n, id);
    refused(stranger, "dispute", [id], "escrow: only the payer or the payee can dispute", 0n, id);
    send(payee, "ship", [id, TRACKING]);
    refused(payee, "ship", [id, TRACKING], "escrow: cannot ship an escrow that is shipped", 0n, id);
    send(carrier, "confirmDelivery", [id]);
    refused(carrier, "confirmDelivery", [id], "escrow: cannot confirm delivery of an escrow that is delivered", 0n, id);
    refused(payee, "accept", [id], "escrow: only the payer can accept", 0n, id);
    refused(payer, "refund", [id], "escrow: only the payee can refund", 0n, id);
    refused(carrier, "reject", [id], "escrow: only the payer can reject", 0n, id);
    send(payer, "accept", [id]);
    refused(payer, "dispute", [id], "escrow: cannot dispute an escrow that is released", 0n, id);
    refused(payee, "refund", [id], "escrow: cannot refund an escrow that is released", 0n, id);
  });

  it("refuses a rejection or dispute in the block that ends the inspection window (silence is acceptance)", () => {
    const id = funded();
    send(carrier, "confirmDelivery", [id]);
    const ends = escrow(id).inspectionEnds;
    time = ends - 1_000n;
    const cases = arbitrator.requests.length;
    expect(send(payer, "reject", [id])).toMatchObject({
      status: 0,
      reason: "escrow: the inspection window has passed",
    });
    expect(send(payee, "dispute", [id], 0n, 0n)).toMatchObject({
      status: 0,
      reason: "escrow: cannot dispute an escrow that is released",
    });
    expect(arbitrator.requests.length).toBe(cases);
    expect(stateOf(id)).toBe(EscrowState.Released);
  });
});

describe("escrow: genesis", () => {
  it("refuses a genesis that puts CMT at the escrow address (it would belong to no escrow)", () => {
    const m = escrowModule(new BankKeeper());
    expect(m.genesis?.validate(genesis)).toEqual([]);
    const bad = structuredClone(genesis);
    bad.modules.bank.balances.push({ address: ModuleAddress.escrow, amount: "5" });
    expect(m.genesis?.validate(bad)).toEqual(["escrow: module account must start empty, holds 5 wei"]);
  });
});

describe("escrow: queries", () => {
  it("lists a party's escrows in id order, paginated; nextId counts up from 1", () => {
    const q = (args: unknown[]) => d.view<readonly bigint[]>(ModuleAddress.escrow, escrowAbi as Abi, "escrowsOf", args);
    const all = q([payee.address, 0n, 100n]);
    expect(all.length).toBeGreaterThan(5);
    expect(all[0]).toBe(1n);
    expect(all.at(-1)).toBe(nextId() - 1n);
    expect(q([payee.address, 3n, 2n])).toEqual([3n, 4n]);
    expect(q([stranger.address, 0n, 100n])).toEqual([]);
    expect(() => q([payee.address, 0n, 101n])).toThrow("escrow: page limit is at most 100");
  });
});
