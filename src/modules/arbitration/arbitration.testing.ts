// Test world for the arbitration module: a small arbitrable module ("testpay": a payment and two
// equal deposits, like escrow) wired to arbitration as the node will wire escrow, and a driver
// that sends calls through the real state machine and tracks each sender's gas fees so balance
// changes can be checked to the wei.
import { type Abi, decodeEventLog, decodeFunctionResult, encodeFunctionData } from "viem";
import type { TestChain } from "../../../test/harness.js";
import { GENESIS_TIME, openTestChain, removeDir, testGenesis, testKey } from "../../../test/harness.js";
import { type Address, toAddress } from "../../crypto/index.js";
import { fromHex, toHex, utf8 } from "../../lib/index.js";
import {
  type CallContext,
  decodeRevert,
  type GenesisDoc,
  getAccount,
  MeteredKv,
  type ModuleContext,
  type ModuleDescriptor,
  ModuleError,
  ModuleStore,
  StateDB,
  unmetered,
} from "../../state/index.js";
import { readU64, u64Key } from "../../store/codec.js";
import type { Log, SignedTx } from "../../types/index.js";
import { expectList, expectUint, GENESIS_SUPPLY, rlpDecode, rlpEncode, WEI_PER_CMT } from "../../types/index.js";
import { ModuleAddress } from "../addresses.js";
import { BankKeeper } from "../bank/index.js";
import { type Arbitrable, type ArbitratorPort, rulingPayout } from "../dispute-port.js";
import { arbitrationAbi } from "./abi.js";
import { ArbitrationKeeper } from "./keeper.js";
import { arbitrationModule } from "./module.js";
import { totalBonds } from "./state/arbiters.js";
import { readCase } from "./state/cases.js";

export const TESTPAY = "0x0000000000000000000000000000000000001ffd" as Address;
export const CMT = WEI_PER_CMT;

const id = { name: "id", type: "uint256" } as const;
export const testPayAbi = [
  {
    type: "function",
    name: "open",
    stateMutability: "payable",
    inputs: [
      { name: "payee", type: "address" },
      { name: "amount", type: "uint256" },
      { name: "deposit", type: "uint256" },
    ],
    outputs: [id],
  },
  { type: "function", name: "fund", stateMutability: "payable", inputs: [id], outputs: [] },
  {
    type: "function",
    name: "dispute",
    stateMutability: "nonpayable",
    inputs: [id],
    outputs: [{ name: "caseId", type: "uint256" }],
  },
  {
    type: "function",
    name: "getPay",
    stateMutability: "view",
    inputs: [id],
    outputs: [
      { name: "state", type: "uint8" },
      { name: "caseId", type: "uint256" },
    ],
  },
  {
    type: "event",
    name: "PayDisputed",
    inputs: [
      { ...id, indexed: true },
      { name: "caseId", type: "uint256", indexed: false },
    ],
  },
] as const;

/** testpay states: 0 open (payer paid), 1 funded (payee deposited), 2 disputed, 3 ruled, 4 abandoned. */
export const PayState = { Open: 0, Funded: 1, Disputed: 2, Ruled: 3, Abandoned: 4 } as const;

interface Pay {
  payer: Address;
  payee: Address;
  amount: bigint;
  deposit: bigint;
  state: number;
  caseId: bigint;
}

const payKey = (n: bigint) => new Uint8Array([...utf8("p/"), ...u64Key(n)]);

function readPay(store: ModuleStore, n: bigint): Pay | null {
  const v = store.get(payKey(n));
  if (!v) return null;
  const f = expectList(rlpDecode(v), 6, "pay");
  const a = (i: number) => toAddress(toHex(f[i] as Uint8Array));
  return {
    payer: a(0),
    payee: a(1),
    amount: expectUint(f[2], "amount"),
    deposit: expectUint(f[3], "deposit"),
    state: Number(expectUint(f[4], "state")),
    caseId: expectUint(f[5], "caseId"),
  };
}

function writePay(store: ModuleStore, n: bigint, p: Pay): void {
  store.set(payKey(n), rlpEncode([fromHex(p.payer), fromHex(p.payee), p.amount, p.deposit, p.state, p.caseId]));
}

const fail = (reason: string) => new ModuleError("TESTPAY", `testpay: ${reason}`);

/** The testpay module and its `Arbitrable` face. */
export function testPayModule(
  bank: BankKeeper,
  arbitrator: ArbitratorPort,
): { module: ModuleDescriptor; arbitrable: Arbitrable } {
  function load(ctx: CallContext, n: bigint, state: number): Pay {
    const p = readPay(ctx.store, n);
    if (!p || p.state !== state) throw fail(`pay ${n} is not in state ${state}`);
    return p;
  }
  /** Its own store, from arbitration's context (rule/abandon run there). */
  function own(ctx: ModuleContext): ModuleStore {
    return new ModuleStore(ctx.kv as MeteredKv, "testpay");
  }
  function settle(ctx: ModuleContext, n: bigint, state: number, pays: Array<[Address, bigint]>): void {
    const store = own(ctx);
    const p = readPay(store, n);
    if (!p || p.state !== PayState.Disputed) throw fail(`pay ${n} is not disputed`);
    writePay(store, n, { ...p, state });
    for (const [to, amount] of pays) if (amount > 0n) bank.send(ctx.kv, TESTPAY, to, amount);
  }
  const arbitrable: Arbitrable = {
    rule(ctx, n, ruling, arbiter, fee) {
      const p = readPay(own(ctx), n);
      if (!p) throw fail(`no pay ${n}`);
      const out = rulingPayout(p.amount, p.deposit, ruling, fee);
      settle(ctx, n, PayState.Ruled, [
        [p.payer, out.toPayer],
        [p.payee, out.toPayee],
        [arbiter, out.toArbiter],
      ]);
    },
    abandon(ctx, n) {
      const p = readPay(own(ctx), n);
      if (!p) throw fail(`no pay ${n}`);
      settle(ctx, n, PayState.Abandoned, [
        [p.payer, p.amount + p.deposit],
        [p.payee, p.deposit],
      ]);
    },
  };
  const module: ModuleDescriptor = {
    name: "testpay",
    address: TESTPAY,
    abi: testPayAbi,
    calls: {
      open(ctx, [payee, amount, deposit]) {
        const v = ctx.store.get(utf8("next"));
        const n = v ? readU64(v) : 1n;
        ctx.store.set(utf8("next"), u64Key(n + 1n));
        if (ctx.value !== (amount as bigint) + (deposit as bigint)) throw fail("send amount + deposit");
        writePay(ctx.store, n, {
          payer: ctx.sender,
          payee: toAddress(payee as string),
          amount: amount as bigint,
          deposit: deposit as bigint,
          state: PayState.Open,
          caseId: 0n,
        });
        return n;
      },
      fund(ctx, [n]) {
        const p = load(ctx, n as bigint, PayState.Open);
        if (ctx.sender !== p.payee || ctx.value !== p.deposit) throw fail("the payee sends the deposit");
        writePay(ctx.store, n as bigint, { ...p, state: PayState.Funded });
      },
      dispute(ctx, [n]) {
        const p = load(ctx, n as bigint, PayState.Funded);
        if (ctx.sender !== p.payer && ctx.sender !== p.payee) throw fail("a party disputes");
        const caseId = arbitrator.createDispute(ctx, {
          arbitrable: "testpay",
          externalId: n as bigint,
          payer: p.payer,
          payee: p.payee,
          amount: p.amount,
          deposit: p.deposit,
          category: "electronics",
        });
        writePay(ctx.store, n as bigint, { ...p, state: PayState.Disputed, caseId });
        ctx.emit("PayDisputed", { id: n, caseId });
        return caseId;
      },
    },
    queries: {
      getPay(ctx, [n]) {
        const p = readPay(ctx.store, n as bigint);
        if (!p) throw fail(`no pay ${n}`);
        return [p.state, p.caseId];
      },
    },
  };
  return { module, arbitrable };
}

/** Short test parameters (ms of block time); blocks are 1 s apart in the tests. */
export const TEST_PARAMS = {
  minBond: 100n * CMT,
  biddingWindowMs: 10_000n,
  maxRulingPeriodMs: 60_000n,
  missedDeadlineSlashBps: 1_000n,
  coolingPeriodMs: 30_000n,
  maxBidsPerCase: 4n,
};

export const payer = testKey(40);
export const payee = testKey(41);
export const arbiters = [testKey(42), testKey(43), testKey(44), testKey(45), testKey(46)] as const;
export const outsider = testKey(47);
export type Key = ReturnType<typeof testKey>;

/** A genesis funding the parties, the arbiters and the outsider, with the test parameters. */
export function arbitrationGenesis(): GenesisDoc {
  const doc = testGenesis({
    funded: [payer, payee, ...arbiters, outsider].map((k) => k.address),
    team: testKey(1).address,
    fiveMiles: testKey(2).address,
  });
  const params = Object.fromEntries(Object.entries(TEST_PARAMS).map(([k, v]) => [k, v.toString()]));
  return { ...doc, modules: { ...doc.modules, arbitration: { params } } };
}

/** The modules to pass to openTestChain: arbitration and testpay, wired both ways. */
export function arbitrationModules(): ModuleDescriptor[] {
  const bank = new BankKeeper();
  const arbitrables = new Map<string, Arbitrable>();
  const arbitrator = new ArbitrationKeeper(arbitrables);
  const pay = testPayModule(bank, arbitrator);
  arbitrables.set("testpay", pay.arbitrable);
  return [arbitrationModule(bank, arbitrables), pay.module];
}

export interface Outcome {
  status: 0 | 1;
  reason: string | null;
  events: string[];
  logs: Array<{ eventName: string; args: Record<string, unknown> }>;
  output: Uint8Array;
}

const allAbi = [...arbitrationAbi, ...testPayAbi] as unknown as Abi;

/** A driver over one test chain: transactions, blocks at a clock that only moves forward, views. */
export function arbitrationDriver(c: TestChain) {
  const fees = new Map<Address, bigint>();
  const senders = new WeakMap<SignedTx, Address>();
  let now = GENESIS_TIME;

  function tx(who: Key, functionName: string, args: readonly unknown[] = [], value = 0n): SignedTx {
    const toPay = testPayAbi.some((f) => f.type === "function" && f.name === functionName);
    const abi = toPay ? testPayAbi : arbitrationAbi;
    const data = fromHex(encodeFunctionData({ abi, functionName, args } as never));
    const to = toPay ? TESTPAY : ModuleAddress.arbitration;
    const t = c.sign(who, { to, data, value, gasLimit: 2_000_000n });
    senders.set(t, who.address);
    return t;
  }

  /** After every block: the module holds exactly the bonds, and no CMT appeared or vanished. */
  function checkInvariants(): void {
    const held = getAccount(c.store, ModuleAddress.arbitration).balance;
    const bonds = totalBonds(store("arbitration"));
    if (held !== bonds) throw new Error(`arbitration holds ${held} wei but bonds total ${bonds}`);
    let total = 0n;
    // Account records (prefix 0x01): 8-byte nonce then the balance.
    for (const { value } of c.store.range(Uint8Array.of(1), Uint8Array.of(2))) {
      total += BigInt(`0x${Buffer.from(value.subarray(8)).toString("hex") || "0"}`);
    }
    if (total !== GENESIS_SUPPLY) throw new Error(`balances total ${total}, supply ${GENESIS_SUPPLY}`);
  }

  /** Commit one block `stepMs` after the previous one. */
  function block(txs: SignedTx[], stepMs = 1_000n): Outcome[] {
    now += stepMs;
    const { view } = c.produce(now, txs);
    if (view.receipts.length !== txs.length) throw new Error("a transaction was not included");
    checkInvariants();
    return view.receipts.map((r, i): Outcome => {
      const from = senders.get(txs[i] as SignedTx) as Address;
      fees.set(from, (fees.get(from) ?? 0n) + r.gasUsed * r.effectiveGasPrice);
      const logs = r.logs.map((l: Log) => {
        const d = decodeEventLog({ abi: allAbi, topics: l.topics as [`0x${string}`], data: toHex(l.data) });
        return { eventName: String(d.eventName), args: d.args as unknown as Record<string, unknown> };
      });
      return {
        status: r.status,
        reason: r.status === 0 ? decodeRevert(r.output) : null,
        events: logs.map((l) => l.eventName),
        logs,
        output: r.output,
      };
    });
  }

  /** One transaction in its own block; throws when it reverts (for setup steps). */
  function ok(who: Key, functionName: string, args: readonly unknown[] = [], value = 0n): Outcome {
    const [o] = block([tx(who, functionName, args, value)]);
    if (o?.status !== 1) throw new Error(`${functionName} reverted: ${o?.reason}`);
    return o;
  }

  /** One transaction expected to revert: returns its reason. */
  function refused(who: Key, functionName: string, args: readonly unknown[] = [], value = 0n): string {
    const [o] = block([tx(who, functionName, args, value)]);
    if (o?.status !== 0) throw new Error(`${functionName} did not revert`);
    return o.reason ?? "";
  }

  function view<T>(functionName: string, args: readonly unknown[] = []): T {
    const toPay = functionName === "getPay";
    const abi = toPay ? testPayAbi : arbitrationAbi;
    const data = fromHex(encodeFunctionData({ abi, functionName, args } as never));
    const head = c.chain.head();
    const out = c.machine.call(
      { chainId: 1818n, height: head.height, time: head.time },
      { from: outsider.address, to: toPay ? TESTPAY : ModuleAddress.arbitration, value: 0n, data, gas: null },
    );
    if (out.status !== 1) throw new Error(`view reverted: ${decodeRevert(out.output)}`);
    return decodeFunctionResult({ abi, functionName, data: toHex(out.output) } as never) as T;
  }

  function store(name: string): ModuleStore {
    return new ModuleStore(new MeteredKv(new StateDB(c.store), unmetered()), name);
  }

  /** Open a testpay payment, fund it and dispute it; returns [payId, caseId]. */
  function disputedPay(amount: bigint, deposit: bigint): [bigint, bigint] {
    const opened = block([tx(payer, "open", [payee.address, amount, deposit], amount + deposit)]);
    const payId = BigInt(toHex((opened[0] as Outcome).output));
    ok(payee, "fund", [payId], deposit);
    const d = ok(payer, "dispute", [payId]);
    return [payId, BigInt(toHex(d.output))];
  }

  return {
    tx,
    block,
    ok,
    refused,
    view,
    disputedPay,
    /** Block time of the last committed block. */
    now: () => now,
    /** Move the clock to `time` with an empty block (end-block deadlines run). */
    at(time: bigint) {
      if (time <= now) throw new Error("time only moves forward");
      block([], time - now);
    },
    /** Balance plus every fee the address has paid in this driver: moves only by module rules. */
    net: (a: Address) => getAccount(c.store, a).balance + (fees.get(a) ?? 0n),
    balance: (a: Address) => getAccount(c.store, a).balance,
    caseRecord: (caseId: bigint) => readCase(store("arbitration"), caseId),
    /** The module's balance and the bonds it must hold (equal at every block). */
    holdings: () => ({
      balance: getAccount(c.store, ModuleAddress.arbitration).balance,
      bonds: totalBonds(store("arbitration")),
    }),
    /** Every key and value of arbitration and testpay, and the net balances of every test key. */
    snapshot(): string {
      const entries: string[] = [];
      for (const name of ["arbitration", "testpay"]) {
        for (const e of store(name).range(new Uint8Array(0))) entries.push(`${name}:${toHex(e.key)}=${toHex(e.value)}`);
      }
      for (const k of [payer, payee, ...arbiters, outsider]) {
        entries.push(`${k.address}:${getAccount(c.store, k.address).balance + (fees.get(k.address) ?? 0n)}`);
      }
      entries.push(`module:${getAccount(c.store, ModuleAddress.arbitration).balance}`);
      return entries.join("\n");
    },
  };
}

export type Driver = ReturnType<typeof arbitrationDriver>;

/** A fresh chain with arbitration and testpay, and its driver; `close` removes it. */
export function openWorld(): { c: TestChain; d: Driver; close: () => Promise<void> } {
  const c = openTestChain(arbitrationGenesis(), undefined, arbitrationModules());
  return {
    c,
    d: arbitrationDriver(c),
    async close() {
      await c.close();
      removeDir(c.dir);
    },
  };
}

/** Register `who` with `bond` (default: the minimum) and a small profile. */
export function registerArbiter(d: Driver, who: Key, bond = TEST_PARAMS.minBond): void {
  d.ok(who, "register", [["electronics"], ["en"], `mailto:${who.address}`], bond);
}
