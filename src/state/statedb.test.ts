import { describe, expect, it } from "vitest";
import type { Address } from "../crypto/index.js";
import type { StateReader } from "../store/index.js";
import { decodeAccount, encodeAccount, getAccount, putAccount } from "./accounts.js";
import { GasMeter, unmetered } from "./gas.js";
import { accountKey, KeyPrefix, modulePrefix } from "./keys.js";
import { MeteredKv } from "./metered-kv.js";
import { StateDB } from "./statedb.js";

const ALICE = "0x00000000000000000000000000000000000a11ce" as Address;

/** A narrow committed-state stand-in (the interface StateDB reads through), holding Alice with 100. */
function committed(): StateReader {
  const kv = new Map([[Buffer.from(accountKey(ALICE)).toString("hex"), encodeAccount({ nonce: 1n, balance: 100n })]]);
  const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
  return {
    get: (key) => kv.get(hex(key)),
    range: (start, end) =>
      [...kv]
        .filter(([key]) => key >= hex(start) && key < hex(end))
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([key, value]) => ({ key: Uint8Array.from(Buffer.from(key, "hex")), value })),
  };
}

describe("StateDB's decoded-account cache", () => {
  it("a write by raw key (a module's metered store) is seen by the next getAccount", () => {
    const state = new StateDB(committed());
    expect(getAccount(state, ALICE)).toEqual({ nonce: 1n, balance: 100n });
    // Module code reaches accounts through a MeteredKv, which has no cache of its own.
    putAccount(new MeteredKv(state, unmetered()), ALICE, { nonce: 1n, balance: 40n });
    expect(getAccount(state, ALICE)).toEqual({ nonce: 1n, balance: 40n });
    state.delete(accountKey(ALICE));
    expect(getAccount(state, ALICE)).toEqual({ nonce: 0n, balance: 0n });
  });

  it("one account whatever the case of its address (module arguments arrive checksummed)", () => {
    const state = new StateDB(committed());
    const checksummed = ALICE.replace("a11ce", "A11CE") as Address;
    expect(getAccount(state, checksummed)).toEqual({ nonce: 1n, balance: 100n });
    putAccount(state, ALICE, { nonce: 1n, balance: 60n });
    expect(getAccount(state, checksummed)).toEqual({ nonce: 1n, balance: 60n });
    putAccount(state, checksummed, { nonce: 1n, balance: 30n });
    expect(getAccount(state, ALICE)).toEqual({ nonce: 1n, balance: 30n });
  });

  it("a revert brings back the account as it was at the snapshot", () => {
    const state = new StateDB(committed());
    putAccount(state, ALICE, { nonce: 2n, balance: 90n });
    const snap = state.snapshot();
    putAccount(state, ALICE, { nonce: 3n, balance: 5n });
    expect(getAccount(state, ALICE)).toEqual({ nonce: 3n, balance: 5n });
    state.revert(snap);
    expect(getAccount(state, ALICE)).toEqual({ nonce: 2n, balance: 90n });
    state.revert(0);
    expect(getAccount(state, ALICE)).toEqual({ nonce: 1n, balance: 100n });
    expect(state.changes()).toEqual([]);
  });

  it("encodes balances of every width exactly (40-byte record, big-endian)", () => {
    for (const balance of [0n, 1n, 255n, 2n ** 64n - 1n, 2n ** 64n, 10n ** 27n, 2n ** 256n - 1n]) {
      const state = new StateDB(committed());
      putAccount(state, ALICE, { nonce: 2n ** 64n - 1n, balance });
      const [[, value]] = state.changes() as [[Uint8Array, Uint8Array]];
      expect(Buffer.from(value).toString("hex")).toBe(
        (2n ** 64n - 1n).toString(16).padStart(16, "0") + balance.toString(16).padStart(64, "0"),
      );
    }
    expect(() => putAccount(new StateDB(committed()), ALICE, { nonce: 0n, balance: 2n ** 256n })).toThrow(RangeError);
  });

  it("a range scan merges pending account writes in key order, deletions left out, other prefixes untouched", () => {
    const BOB = "0x00000000000000000000000000000000000000b0" as Address;
    const CAROL = "0x0000000000000000000000000000000000000ca0" as Address;
    const state = new StateDB(committed());
    putAccount(state, CAROL, { nonce: 0n, balance: 7n });
    putAccount(state, BOB, { nonce: 4n, balance: 9n });
    state.set(modulePrefix("bank"), Uint8Array.of(1));
    const accounts = [...state.range(Uint8Array.of(KeyPrefix.account), Uint8Array.of(KeyPrefix.account + 1))];
    expect(accounts.map((e) => Buffer.from(e.key).toString("hex"))).toEqual(
      [BOB, CAROL, ALICE].map((a) => Buffer.from(accountKey(a)).toString("hex")),
    );
    expect(accounts.map((e) => decodeAccount(e.value).balance)).toEqual([9n, 7n, 100n]);
    putAccount(state, ALICE, { nonce: 0n, balance: 0n });
    const after = [...state.range(Uint8Array.of(KeyPrefix.account), Uint8Array.of(KeyPrefix.account + 1))];
    expect(after.map((e) => decodeAccount(e.value).balance)).toEqual([9n, 7n]);
    const modules = [...state.range(Uint8Array.of(KeyPrefix.module), Uint8Array.of(KeyPrefix.module + 1))];
    expect(modules).toHaveLength(1);
    expect(state.get(accountKey(ALICE))).toBeUndefined();
    expect(state.changes().map(([key, v]) => [key[0], v === null])).toEqual([
      [KeyPrefix.account, false],
      [KeyPrefix.account, false],
      [KeyPrefix.account, true],
      [KeyPrefix.module, false],
    ]);
  });

  it("module code pays the same gas for accounts as for their raw records: read, create, update, delete", () => {
    const BOB = "0x00000000000000000000000000000000000000b0" as Address;
    const viaAccounts = new GasMeter(10n ** 9n);
    const a = new MeteredKv(new StateDB(committed()), viaAccounts);
    const viaRecords = new GasMeter(10n ** 9n);
    const r = new MeteredKv(new StateDB(committed()), viaRecords);
    const steps: Array<[() => void, () => void]> = [
      [() => getAccount(a, ALICE), () => r.get(accountKey(ALICE))],
      [() => getAccount(a, BOB), () => r.get(accountKey(BOB))],
      [
        () => putAccount(a, BOB, { nonce: 0n, balance: 5n }),
        () => r.set(accountKey(BOB), encodeAccount({ nonce: 0n, balance: 5n })),
      ],
      [
        () => putAccount(a, ALICE, { nonce: 1n, balance: 7n }),
        () => r.set(accountKey(ALICE), encodeAccount({ nonce: 1n, balance: 7n })),
      ],
      [() => putAccount(a, ALICE, { nonce: 0n, balance: 0n }), () => r.delete(accountKey(ALICE))],
      [() => getAccount(a, ALICE), () => r.get(accountKey(ALICE))],
    ];
    for (const [viaAccount, viaRecord] of steps) {
      viaAccount();
      viaRecord();
      expect(viaAccounts.used).toBe(viaRecords.used);
    }
    expect(viaAccounts.used).toBeGreaterThan(0n);
    expect(getAccount(a, BOB)).toEqual({ nonce: 0n, balance: 5n });
  });
});
