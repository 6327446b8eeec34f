import { afterAll, describe, expect, it } from "vitest";
import { GENESIS_TIME, openTestChain, removeDir, testGenesis, testKey } from "../../../test/harness.js";
import { WEI_PER_CMT } from "../../types/index.js";
import { ModuleAddress } from "../addresses.js";
import { BankKeeper } from "../bank/index.js";
import { type EscrowCall, escrowDriver, type Key, ruleTx, toyArbitration } from "./escrow.testing.js";
import { escrowModule } from "./module.js";
import { Ruling as R } from "./settle.js";
import { EscrowState } from "./state.js";

const payer = testKey(20);
const payee = testKey(21);
const carrier = testKey(22);
const stranger = testKey(23);
const judge = testKey(24);
const AMOUNT = 1_000n * WEI_PER_CMT;
const DEPOSIT = 100n * WEI_PER_CMT;
const WINDOW = 3n * 86_400_000n;
const WEEK = 7n * 86_400_000n;

const genesis = testGenesis({
  funded: [payer.address, payee.address, carrier.address, stranger.address, judge.address],
  team: testKey(1).address,
  fiveMiles: testKey(2).address,
});
const c = openTestChain(genesis, undefined, [toyArbitration]);
afterAll(async () => {
  await c.close();
  removeDir(c.dir);
});
const d = escrowDriver(c);
let time = GENESIS_TIME;

/** Send one call in its own block, `dt` ms after the previous one. */
function send(who: Key, fn: EscrowCall, args: readonly unknown[], value = 0n, dt = 1_000n) {
  time += dt;
  const [out] = d.block(time, [d.tx(who, fn, args, value)]);
  return out as NonNullable<typeof out>;
}

function rule(id: bigint, ruling: number) {
  time += 1_000n;
  return d.block(time, [ruleTx(c, judge, id, ruling)], () => judge.address)[0];
}

function tick(to: bigint): void {
  time = to;
  d.block(time, []);
}

type EscrowView = readonly [string, string, bigint, bigint, bigint, bigint, readonly string[], number, bigint, bigint];
/** getEscrow with addresses lower-cased (viem returns checksummed ones). */
function escrow(id: bigint): EscrowView {
  const e = d.view<EscrowView>("getEscrow", [id]);
  return [
    e[0].toLowerCase(),
    e[1].toLowerCase(),
    e[2],
    e[3],
    e[4],
    e[5],
    e[6].map((a) => a.toLowerCase()),
    e[7],
    e[8],
    e[9],
  ];
}
const stateOf = (id: bigint) => escrow(id)[7];
const held = () => d.balance(ModuleAddress.escrow);

function open(opts: { amount?: bigint; deadline?: bigint; carriers?: string[] } = {}): bigint {
  const amount = opts.amount ?? AMOUNT;
  const id = d.view<bigint>("nextId");
  const r = send(
    payer,
    "open",
    [payee.address, amount, DEPOSIT, WINDOW, opts.deadline ?? time + WEEK, opts.carriers ?? [carrier.address]],
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

/** Net balance changes (fees excluded) of payer, payee and judge across `f`. */
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
  it("carrier confirms delivery; the inspection window ends without rejection and releases", () => {
    let id = 0n;
    const delta = changes(() => {
      id = open();
      expect(escrow(id)).toEqual([
        payer.address,
        payee.address,
        AMOUNT,
        DEPOSIT,
        WINDOW,
        time - 1_000n + WEEK,
        [carrier.address],
        EscrowState.Open,
        time,
        0n,
      ]);
      expect(send(payee, "acceptEscrow", [id], DEPOSIT)).toMatchObject({ status: 1, events: ["Funded"] });
      expect(held()).toBeGreaterThanOrEqual(AMOUNT + 2n * DEPOSIT);
      expect(send(carrier, "confirmDelivery", [id])).toMatchObject({ status: 1, events: ["DeliveryConfirmed"] });
      const ends = time + WINDOW;
      expect(escrow(id)[9]).toBe(ends);
      tick(ends - 1n);
      expect(stateOf(id)).toBe(EscrowState.Delivered);
      tick(ends);
      expect(stateOf(id)).toBe(EscrowState.Released);
    });
    expect(delta).toEqual([-AMOUNT, AMOUNT, 0n]);
  });

  it("the payer accepts: payment to the payee, deposits back; the stale inspection deadline does nothing", () => {
    let id = 0n;
    const delta = changes(() => {
      id = funded();
      expect(send(payer, "confirmDelivery", [id])).toMatchObject({ status: 1 });
      expect(send(payer, "accept", [id])).toEqual({ status: 1, reason: null, events: ["Released"] });
      tick(time + WINDOW + 1n);
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

  it("the payee refunds during inspection: payment and both deposits back to their owners", () => {
    let id = 0n;
    expect(
      changes(() => {
        id = funded();
        send(carrier, "confirmDelivery", [id]);
        expect(send(payee, "refund", [id])).toEqual({ status: 1, reason: null, events: ["Refunded"] });
        tick(time + WINDOW);
      }),
    ).toEqual([0n, 0n, 0n]);
    expect(stateOf(id)).toBe(EscrowState.Refunded);
  });

  it("the payee never funds: the delivery deadline refunds the payer; funding at the deadline is refused", () => {
    const deadline = time + WEEK;
    let id = 0n;
    expect(
      changes(() => {
        id = open({ deadline });
        tick(deadline - 1n);
        expect(stateOf(id)).toBe(EscrowState.Open);
        time = deadline - 1_000n;
        expect(send(payee, "fund", [id], DEPOSIT)).toMatchObject({
          status: 0,
          reason: "escrow: the delivery deadline has passed",
        });
      }),
    ).toEqual([0n, 0n, 0n]);
    expect(stateOf(id)).toBe(EscrowState.Expired);
  });
});

describe("escrow: disputes wait for arbitration, which pays out through resolve", () => {
  it("payer rejects during inspection; buyer wins: payment and deposit back, the payee's deposit to the arbiter", () => {
    let id = 0n;
    const delta = changes(() => {
      id = funded();
      send(carrier, "confirmDelivery", [id]);
      expect(send(payer, "reject", [id])).toEqual({ status: 1, reason: null, events: ["Disputed"] });
      tick(time + WINDOW + 1n);
      expect(stateOf(id)).toBe(EscrowState.Disputed);
      expect(rule(id, R.BuyerWins)).toEqual({ status: 1, reason: null, events: ["Resolved"] });
    });
    expect(delta).toEqual([0n, -DEPOSIT, DEPOSIT]);
    expect(stateOf(id)).toBe(EscrowState.Resolved);
  });

  it("payee disputes before delivery; seller wins: payment and deposit to the payee, the payer's deposit to the arbiter", () => {
    const delta = changes(() => {
      const id = funded();
      expect(send(payee, "dispute", [id])).toMatchObject({ status: 1, events: ["Disputed"] });
      expect(rule(id, R.SellerWins)).toMatchObject({ status: 1 });
    });
    expect(delta).toEqual([-AMOUNT - DEPOSIT, AMOUNT, DEPOSIT]);
  });

  it("split: the payment halves (odd wei to the payer), each deposit back", () => {
    const odd = AMOUNT + 1n;
    const delta = changes(() => {
      const id = funded({ amount: odd });
      expect(send(payer, "dispute", [id])).toMatchObject({ status: 1, events: ["Disputed"] });
      expect(rule(id, R.Split)).toMatchObject({ status: 1 });
    });
    expect(delta).toEqual([-(odd / 2n), odd / 2n, 0n]);
  });

  it("resolve refuses an escrow that is not disputed, an unknown id or an unknown ruling", () => {
    const id = funded();
    expect(rule(id, R.SellerWins)).toMatchObject({
      status: 0,
      reason: "escrow: cannot resolve an escrow that is funded",
    });
    expect(rule(9_999n, R.SellerWins)).toMatchObject({ status: 0, reason: "escrow: no escrow with id 9999" });
    send(payer, "dispute", [id]);
    expect(rule(id, 3)).toMatchObject({ status: 0, reason: "escrow: unknown ruling 3" });
    expect(stateOf(id)).toBe(EscrowState.Disputed);
    expect(rule(id, R.Split)).toMatchObject({ status: 1 });
  });
});

describe("escrow: refusals leave the escrow and the holdings unchanged", () => {
  function refused(who: Key, fn: EscrowCall, args: readonly unknown[], reason: string, value = 0n, id?: bigint) {
    const before = id === undefined ? null : escrow(id);
    const heldBefore = held();
    const nextBefore = d.view<bigint>("nextId");
    expect(send(who, fn, args, value), `${fn} by ${who.address}`).toMatchObject({ status: 0, reason, events: [] });
    expect(held()).toBe(heldBefore);
    expect(d.view<bigint>("nextId")).toBe(nextBefore);
    if (id !== undefined) expect(escrow(id)).toEqual(before);
  }
  const terms = (
    o: Partial<{ payee: string; amount: bigint; window: bigint; deadline: bigint; carriers: string[] }>,
  ) => [
    o.payee ?? payee.address,
    o.amount ?? AMOUNT,
    DEPOSIT,
    o.window ?? WINDOW,
    o.deadline ?? time + WEEK,
    o.carriers ?? [],
  ];

  it("refuses bad terms and a value other than amount + deposit", () => {
    const v = AMOUNT + DEPOSIT;
    refused(payer, "open", terms({}), `escrow: send exactly ${v} wei, not ${v - 1n}`, v - 1n);
    refused(payer, "open", terms({}), `escrow: send exactly ${v} wei, not ${v + 1n}`, v + 1n);
    refused(payer, "open", terms({ payee: payer.address }), "escrow: payer and payee must differ", v);
    refused(payer, "open", terms({ amount: 0n }), "escrow: amount must be positive", DEPOSIT);
    refused(payer, "open", terms({ window: 0n }), "escrow: inspection window must be positive", v);
    refused(payer, "open", terms({ deadline: time }), "escrow: delivery deadline must be in the future", v);
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
    refused(payer, "confirmDelivery", [id], "escrow: cannot confirm delivery of an escrow that is open", 0n, id);
    refused(payer, "accept", [id], "escrow: cannot accept an escrow that is open", 0n, id);
    refused(payee, "refund", [id], "escrow: cannot refund an escrow that is open", 0n, id);
    refused(payer, "dispute", [id], "escrow: cannot dispute an escrow that is open", 0n, id);
    refused(payer, "reject", [id], "escrow: cannot reject an escrow that is open", 0n, id);
  });

  it("refuses the wrong caller and state once funded and delivered", () => {
    const id = funded();
    refused(payee, "fund", [id], "escrow: cannot fund an escrow that is funded", DEPOSIT, id);
    refused(payer, "cancel", [id], "escrow: cannot cancel an escrow that is funded", 0n, id);
    refused(payee, "decline", [id], "escrow: cannot decline an escrow that is funded", 0n, id);
    refused(payer, "reject", [id], "escrow: cannot reject an escrow that is funded", 0n, id);
    const who = "escrow: only the payer or an accepted carrier can confirm delivery";
    refused(payee, "confirmDelivery", [id], who, 0n, id);
    refused(stranger, "confirmDelivery", [id], who, 0n, id);
    refused(stranger, "dispute", [id], "escrow: only the payer or the payee can dispute", 0n, id);
    send(carrier, "confirmDelivery", [id]);
    refused(carrier, "confirmDelivery", [id], "escrow: cannot confirm delivery of an escrow that is delivered", 0n, id);
    refused(payee, "accept", [id], "escrow: only the payer can accept", 0n, id);
    refused(payer, "refund", [id], "escrow: only the payee can refund", 0n, id);
    refused(carrier, "reject", [id], "escrow: only the payer can reject", 0n, id);
    send(payer, "accept", [id]);
    refused(payer, "dispute", [id], "escrow: cannot dispute an escrow that is released", 0n, id);
    refused(payee, "refund", [id], "escrow: cannot refund an escrow that is released", 0n, id);
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
    const all = d.view<readonly bigint[]>("escrowsOf", [payee.address, 0n, 100n]);
    const next = d.view<bigint>("nextId");
    expect(all.length).toBeGreaterThan(5);
    expect(all[0]).toBe(1n);
    expect(all.at(-1)).toBe(next - 1n);
    expect(d.view("escrowsOf", [payee.address, 3n, 2n])).toEqual([3n, 4n]);
    expect(d.view("escrowsOf", [stranger.address, 0n, 100n])).toEqual([]);
    expect(() => d.view("escrowsOf", [payee.address, 0n, 101n])).toThrow("escrow: page limit is at most 100");
  });
});
