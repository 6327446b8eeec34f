import { decodeEventLog, getAddress } from "viem";
import { afterAll, describe, expect, it } from "vitest";
import { removeDir, type TestChain, testKey } from "../../../test/harness.js";
import type { Address } from "../../crypto/index.js";
import { type Hex, toHex } from "../../lib/index.js";
import type { Log } from "../../types/index.js";
import { ModuleAddress } from "../addresses.js";
import { stakingAbi } from "./abi.js";
import { CMT, checkInvariants, consensusKey, Driver, openStakingChain, stakingGenesis } from "./staking.testing.js";
import { readValidatorSet } from "./valset.js";

/** The staking events among block logs, as [name, args]. */
function stakingEvents(logs: readonly Log[]): Array<[string, unknown]> {
  return logs
    .filter((l) => l.address === ModuleAddress.staking)
    .map((l) => {
      const e = decodeEventLog({ abi: stakingAbi, topics: l.topics as [Hex, ...Hex[]], data: toHex(l.data) });
      return [e.eventName, e.args];
    });
}

const ops = [testKey(20), testKey(21), testKey(22), testKey(23)] as const;
const [op0, op1, op2, op3] = ops;
const alice = testKey(30);
const bob = testKey(31);
const newOp = testKey(32);
const funded = [...ops.map((o) => o.address), alice.address, bob.address, newOp.address];
const EACH = 100_000_000n * CMT; // 700 M / 7 accounts
const DAY = 86_400_000n;

const chains: Array<TestChain & { dir: string }> = [];
afterAll(async () => {
  for (const c of chains) {
    await c.close();
    removeDir(c.dir);
  }
});

function open(opts: Partial<Parameters<typeof stakingGenesis>[0]> = {}) {
  const c = openStakingChain(
    stakingGenesis({
      funded,
      validators: [
        { operator: op0, cons: 0, selfStake: 40_000n * CMT },
        { operator: op1, cons: 1, selfStake: 30_000n * CMT },
        { operator: op2, cons: 2, selfStake: 20_000n * CMT },
        { operator: op3, cons: 3, selfStake: 10_000n * CMT },
      ],
      params: { unbondingTimeMs: DAY.toString(), signedBlocksWindow: 10, maxMissedBps: 5000 },
      ...opts,
    }),
  );
  chains.push(c);
  return new Driver(c);
}

const cons = (i: number) => consensusKey(i).address;
const setOf = (d: Driver, h: bigint) => readValidatorSet(d.c.store, h)?.map((m) => [m.address, m.power]);

describe("staking: genesis", () => {
  it("bonds the self-stakes out of the operators' balances and elects the height-1 set", () => {
    const d = open();
    expect(d.balance(op0.address)).toBe(EACH - 40_000n * CMT);
    expect(d.balance(ModuleAddress.staking)).toBe(100_000n * CMT);
    // 40 k, 30 k, 20 k, 10 k: the cap is 12 % of the 100 k total, 12 k; 10 k keeps its stake.
    const set = readValidatorSet(d.c.store, 1n);
    expect(set?.map((m) => m.address)).toEqual([cons(0), cons(1), cons(2), cons(3)].sort());
    expect(set?.find((m) => m.address === cons(0))?.pubkey).toBe(consensusKey(0).pubkey);
    const powers = new Map(set?.map((m) => [m.address, m.power]));
    expect([powers.get(cons(0)), powers.get(cons(1)), powers.get(cons(2)), powers.get(cons(3))]).toEqual([
      12_000n,
      12_000n,
      12_000n,
      10_000n,
    ]);
    const [addrs, pubkeys, powersOut] = d.sview("activeSet") as [string[], string[], bigint[]];
    expect([addrs.map((a) => a.toLowerCase()), pubkeys, powersOut]).toEqual([
      set?.map((m) => m.address),
      set?.map((m) => m.pubkey),
      set?.map((m) => m.power),
    ]);
    checkInvariants(d.c);
  });

  it("a genesis without a staking section has no staking set (the node keeps consensus.validators)", () => {
    const g = stakingGenesis({ funded, validators: [] });
    delete g.modules.staking;
    g.consensus.validators = [{ address: testKey(99).address, power: "1" }];
    const c = openStakingChain(g);
    chains.push(c);
    new Driver(c).block();
    expect(readValidatorSet(c.store, 2n)).toBeNull();
  });

  it("refuses a staking section that disagrees with consensus.validators", () => {
    const g = stakingGenesis({ funded, validators: [{ operator: op0, cons: 0, selfStake: 40_000n * CMT }] });
    g.consensus.validators = [{ address: cons(0), power: "1" }];
    expect(() => openStakingChain(g)).toThrow(/consensus.validators: must be the set staking elects/);
  });
});

describe("staking: delegation flows with exact balances", () => {
  it("declare, delegate, undelegate: the unbonding pays out exactly when its deadline comes", () => {
    const d = open();
    const before = d.balance(newOp.address);
    const r = d.staking(
      newOp,
      "declareValidator",
      [consensusKey(9).pubkey, 1000, 2000, 100, "new", "https://n.example", "Austin", "ops@n.example"],
      15_000n * CMT,
    );
    expect(r).toMatchObject({ status: 1, reason: null });
    expect(d.balance(newOp.address)).toBe(before - 15_000n * CMT - r.fee);
    const aliceBefore = d.balance(alice.address);
    const del = d.staking(alice, "delegate", [newOp.address], 5_000n * CMT);
    expect(del.status).toBe(1);
    expect(d.sview("delegation", [newOp.address, alice.address])).toEqual([5_000n * CMT, 5_000n * CMT]);
    const und = d.staking(alice, "undelegate", [newOp.address, 2_000n * CMT]);
    expect(und.status).toBe(1);
    const [ids, , , completion, initial, balance] = d.sview("unbondingsOf", [alice.address]) as bigint[][];
    expect(initial).toEqual([2_000n * CMT]);
    expect(balance).toEqual([2_000n * CMT]);
    const due = completion?.[0] as bigint;
    expect(due).toBe(d.time + DAY);
    const afterCalls = aliceBefore - 5_000n * CMT - del.fee - und.fee;
    expect(d.balance(alice.address)).toBe(afterCalls);
    d.block([], due - d.time - 1n);
    expect(d.balance(alice.address), "not before the deadline").toBe(afterCalls);
    d.block([], 1n);
    expect(d.balance(alice.address)).toBe(afterCalls + 2_000n * CMT);
    expect(d.sview("unbondingsOf", [alice.address])).toEqual([[], [], [], [], [], []]);
    expect(ids).toHaveLength(1);
    expect(d.sview("delegation", [newOp.address, alice.address])).toEqual([3_000n * CMT, 3_000n * CMT]);
    checkInvariants(d.c);
  });

  it("redelegates at once, refuses a hop onwards until the redelegation completes", () => {
    const d = open();
    d.staking(alice, "delegate", [op0.address], 1_000n * CMT);
    const r = d.staking(alice, "redelegate", [op0.address, op1.address, 400n * CMT]);
    expect(r.status).toBe(1);
    expect(d.sview("delegation", [op0.address, alice.address])).toEqual([600n * CMT, 600n * CMT]);
    expect(d.sview("delegation", [op1.address, alice.address])).toEqual([400n * CMT, 400n * CMT]);
    const hop = d.staking(alice, "redelegate", [op1.address, op2.address, 100n * CMT]);
    expect(hop.reason).toBe(
      "staking: stake redelegated to this validator cannot move again until that redelegation completes",
    );
    d.block([], DAY);
    expect(d.staking(alice, "redelegate", [op1.address, op2.address, 100n * CMT]).status).toBe(1);
    const [validators, amounts] = d.sview("delegationsOf", [alice.address]) as [Address[], bigint[]];
    expect(Object.fromEntries(validators.map((v, i) => [v.toLowerCase(), amounts[i]]))).toEqual({
      [op0.address]: 600n * CMT,
      [op1.address]: 300n * CMT,
      [op2.address]: 100n * CMT,
    });
    checkInvariants(d.c);
  });
});

describe("staking: the active set", () => {
  it("takes the top maxValidators by stake; a change in block H shows in the set of H+2", () => {
    const d = open({ params: { maxValidators: 3, unbondingTimeMs: DAY.toString() } });
    const h = d.c.chain.head().height;
    expect(setOf(d, h + 1n)?.map(([a]) => a)).not.toContain(cons(3));
    const { view } = d.block([d.c.sign(alice, { ...delegateTx(op3.address), value: 35_000n * CMT })]);
    const H = view.block.header.height;
    expect(view.receipts[0]?.status).toBe(1);
    expect(
      setOf(d, H + 1n)?.map(([a]) => a),
      "H+1 unchanged",
    ).not.toContain(cons(3));
    expect(
      setOf(d, H + 2n)?.map(([a]) => a),
      "H+2 has the new set",
    ).toContain(cons(3));
    expect(setOf(d, H + 2n)?.map(([a]) => a)).not.toContain(cons(2));
    // 45 k, 40 k, 30 k (115 k): the cap is 12 % of the whole stake, 13.8 k, so all three are capped.
    expect(new Set(setOf(d, H + 2n)?.map(([, p]) => p))).toEqual(new Set([13_800n]));
    checkInvariants(d.c);
  });
});

describe("staking: slashing", () => {
  it("double signing slashes 5 % of the bonded stake and of unbondings started after the offence, and tombstones", () => {
    const d = open();
    d.staking(alice, "delegate", [op0.address], 10_000n * CMT);
    d.staking(alice, "undelegate", [op0.address, 1_000n * CMT]); // before the offence: not slashed
    const offence = d.c.chain.head().height + 1n;
    d.block();
    d.staking(alice, "undelegate", [op0.address, 2_000n * CMT]); // after the offence: slashed
    d.staking(bob, "delegate", [op1.address], 1_000n * CMT);
    const reserveBefore = d.balance(ModuleAddress.reserve);
    d.consensus = {
      proposer: cons(1),
      lastCommit: [],
      evidence: [{ validator: cons(0), height: offence, time: d.time }],
    };
    const { view } = d.block();
    d.consensus = null;
    const H = view.block.header.height;
    // Begin-block's events are the block's block logs (no transaction emitted them).
    expect(stakingEvents(view.blockLogs)).toEqual([
      ["Slashed", { operator: getAddress(op0.address), reason: "double-sign", height: offence }],
      ["ValidatorStatusChanged", { operator: getAddress(op0.address), status: 3 }],
    ]);
    // bonded: 40 k self + 7 k alice = 47 k → 2,350 slashed; the later unbonding of 2 k → 100.
    expect(d.balance(ModuleAddress.reserve) - reserveBefore).toBe(2_350n * CMT + 100n * CMT);
    const v = d.sview("getValidator", [op0.address]) as unknown[];
    expect(v[2], "tombstoned").toBe(3);
    expect(v[3]).toBe(47_000n * CMT - 2_350n * CMT);
    expect((d.sview("delegation", [op0.address, alice.address]) as bigint[])[1]).toBe(7_000n * CMT - 350n * CMT);
    const balances = (d.sview("unbondingsOf", [alice.address]) as bigint[][])[5];
    expect(balances).toEqual([1_000n * CMT, 1_900n * CMT]);
    expect(setOf(d, H + 1n)?.map(([a]) => a)).toContain(cons(0));
    expect(
      setOf(d, H + 2n)?.map(([a]) => a),
      "removed from the set at H+2",
    ).not.toContain(cons(0));
    expect(d.staking(bob, "delegate", [op0.address], CMT).reason).toBe(
      "staking: cannot delegate to a validator that is tombstoned",
    );
    expect(d.staking(op0, "activate").reason).toBe("staking: cannot activate a validator that is tombstoned");
    checkInvariants(d.c);
  });

  it("slashes a redelegation made after the offence at its destination", () => {
    const d = open();
    d.staking(alice, "delegate", [op0.address], 10_000n * CMT);
    const offence = d.c.chain.head().height;
    d.staking(alice, "redelegate", [op0.address, op1.address, 4_000n * CMT]);
    d.consensus = {
      proposer: cons(1),
      lastCommit: [],
      evidence: [{ validator: cons(0), height: offence, time: d.time }],
    };
    d.block();
    d.consensus = null;
    expect((d.sview("delegation", [op1.address, alice.address]) as bigint[])[1]).toBe(4_000n * CMT - 200n * CMT);
    checkInvariants(d.c);
  });

  it("downtime: more than half of a 10-block window missed jails with a 0.01 % slash; unjail only after the wait", () => {
    const d = open();
    const set = readValidatorSet(d.c.store, 1n) ?? [];
    const commit = (missing: boolean) => ({
      proposer: cons(0),
      lastCommit: set.map((m) => ({
        validator: m.address,
        power: m.power,
        signed: !(missing && m.address === cons(3)),
      })),
      evidence: [],
    });
    const stakeBefore = (d.sview("getValidator", [op3.address]) as bigint[])[3] as bigint;
    for (let i = 0; i < 10; i++) {
      d.consensus = commit(i >= 5);
      d.block();
    }
    expect((d.sview("getValidator", [op3.address]) as number[])[2], "5 of 10 missed: not more than half").toBe(0);
    d.consensus = commit(true);
    const { view } = d.block(); // the window slides to blocks 2..11: 4 signed, 6 missed > 5
    d.consensus = null;
    expect(stakingEvents(view.blockLogs)).toEqual([
      ["Slashed", { operator: getAddress(op3.address), reason: "downtime", height: view.block.header.height }],
      ["ValidatorStatusChanged", { operator: getAddress(op3.address), status: 2 }],
    ]);
    const v = d.sview("getValidator", [op3.address]) as unknown[];
    expect(v[2], "jailed").toBe(2);
    expect(v[3]).toBe(stakeBefore - stakeBefore / 10_000n);
    expect(v[10]).toBe(d.time + 600_000n);
    const H = d.c.chain.head().height;
    expect(setOf(d, H + 2n)?.map(([a]) => a)).not.toContain(cons(3));
    expect(d.staking(op3, "unjail").reason).toMatch(/^staking: validator is jailed until block time \d+$/);
    expect(d.staking(alice, "delegate", [op3.address], CMT).reason).toBe(
      "staking: cannot delegate to a validator that is jailed",
    );
    d.block([], 600_000n);
    // The slash took its self-stake below the 10,000 CMT minimum: it must top up before unjailing.
    expect(d.staking(op3, "unjail").reason).toBe("staking: self-stake must be at least 10000000000000000000000 wei");
    expect(d.staking(op3, "delegate", [op3.address], CMT).status).toBe(1);
    expect(d.staking(op3, "unjail").status).toBe(1);
    const back = d.c.chain.head().height;
    expect(setOf(d, back + 2n)?.map(([a]) => a)).toContain(cons(3));
    checkInvariants(d.c);
  });
});

describe("staking: bad input reverts with a reason and changes nothing", () => {
  it("refuses every bad call", () => {
    const d = open();
    const pk = consensusKey(9).pubkey;
    const desc = ["n", "", "", ""];
    const cases: Array<[ReturnType<typeof testKey>, string, unknown[], bigint, string]> = [
      [
        newOp,
        "declareValidator",
        [pk, 0, 100, 10, ...desc],
        9_999n * CMT,
        "staking: self-stake must be at least 10000000000000000000000 wei",
      ],
      [
        newOp,
        "declareValidator",
        [`0x02${"00".repeat(32)}`, 0, 100, 10, ...desc],
        10_000n * CMT,
        "staking: consensus key must be a 33-byte compressed secp256k1 public key",
      ],
      [
        newOp,
        "declareValidator",
        [consensusKey(0).pubkey, 0, 100, 10, ...desc],
        10_000n * CMT,
        "staking: consensus key is already used by a validator",
      ],
      [
        newOp,
        "declareValidator",
        [pk, 200, 100, 10, ...desc],
        10_000n * CMT,
        "staking: commission rate is above the max rate",
      ],
      [
        newOp,
        "declareValidator",
        [pk, 0, 10_001, 10, ...desc],
        10_000n * CMT,
        "staking: max commission rate is above 10000 basis points",
      ],
      [
        newOp,
        "declareValidator",
        [pk, 0, 100, 10, "", "", "", ""],
        10_000n * CMT,
        "staking: description: name is required",
      ],
      [
        op0,
        "declareValidator",
        [pk, 0, 100, 10, ...desc],
        10_000n * CMT,
        "staking: caller already operates a validator",
      ],
      [alice, "editValidator", [0, ...desc], 0n, "staking: caller does not operate a validator"],
      [op0, "editValidator", [6000, ...desc], 0n, "staking: commission rate is above the max rate"],
      [op0, "editValidator", [101, ...desc], 0n, "staking: commission change is above the max daily change"],
      [op0, "editValidator", [50, ...desc], 0n, "staking: commission can change only once per 24 hours"],
      [alice, "delegate", [bob.address], CMT, `staking: no validator operated by ${bob.address}`],
      [alice, "delegate", [op0.address], 0n, "staking: send the CMT to delegate as the call's value"],
      [alice, "undelegate", [op0.address, CMT], 0n, "staking: no delegation to this validator"],
      [
        op0,
        "undelegate",
        [op0.address, 40_000n * CMT + 1n],
        0n,
        "staking: amount exceeds the delegation (40000000000000000000000 wei)",
      ],
      [
        op0,
        "undelegate",
        [op0.address, 30_001n * CMT],
        0n,
        "staking: operator's self-stake would fall below the minimum; deactivate the validator first",
      ],
      [
        op0,
        "redelegate",
        [op0.address, op0.address, CMT],
        0n,
        "staking: source and destination validators must differ",
      ],
      [op0, "unjail", [], 0n, "staking: cannot unjail a validator that is active"],
      [op0, "activate", [], 0n, "staking: cannot activate a validator that is active"],
      [alice, "deactivate", [], 0n, "staking: caller does not operate a validator"],
      [alice, "undelegate", [op0.address, CMT], CMT, "staking: undelegate does not accept CMT"],
    ];
    for (const [who, fn, args, value, reason] of cases) {
      const before = {
        staking: d.moduleState("staking"),
        dist: d.moduleState("distribution"),
        bal: d.balance(who.address),
      };
      const r = d.staking(who, fn, args, value);
      expect(r.reason, `${fn}(${args.join(",")})`).toBe(reason);
      expect(d.moduleState("staking"), fn).toBe(before.staking);
      expect(d.moduleState("distribution"), fn).toBe(before.dist);
      expect(d.balance(who.address), fn).toBe(before.bal - r.fee);
    }
    checkInvariants(d.c);
  });

  it("allows a commission change within the max change once a day", () => {
    const d = open();
    d.block([], 86_400_000n);
    const desc = ["renamed", "https://r.example", "Berlin", "ops@r.example"];
    expect(d.staking(op0, "editValidator", [100, ...desc]).status).toBe(1);
    const v = d.sview("getValidator", [op0.address]) as unknown[];
    expect([v[6], v[11], v[13]]).toEqual([100, "renamed", "Berlin"]);
    expect(d.staking(op0, "editValidator", [150, ...desc]).reason).toBe(
      "staking: commission can change only once per 24 hours",
    );
  });
});

function delegateTx(validator: Address) {
  const data = Buffer.from(
    `5c19a95c${validator.slice(2).padStart(64, "0")}`, // delegate(address)
    "hex",
  );
  return { to: ModuleAddress.staking, data: new Uint8Array(data), gasLimit: 1_000_000n };
}
