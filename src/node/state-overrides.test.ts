import { describe, expect, it } from "vitest";
import type { Address } from "../crypto/index.js";
import { bytesKey, compareBytes } from "../lib/index.js";
import { accountKey, decodeAccount, encodeAccount, getAccount } from "../state/index.js";
import type { StateReader } from "../store/index.js";
import { withOverrides } from "./state-overrides.js";

const A = `0x${"aa".repeat(20)}` as Address;
const B = `0x${"bb".repeat(20)}` as Address;
const C = `0x${"cc".repeat(20)}` as Address;

/** A state holding accounts A (nonce 3, 50 wei) and B (nonce 0, 7 wei): the narrow reader overrides sit on. */
function state(): StateReader {
  const entries = [
    { key: accountKey(A), value: encodeAccount({ nonce: 3n, balance: 50n }) },
    { key: accountKey(B), value: encodeAccount({ nonce: 0n, balance: 7n }) },
  ].sort((x, y) => compareBytes(x.key, y.key));
  const byKey = new Map(entries.map((e) => [bytesKey(e.key), e.value]));
  return {
    get: (key) => byKey.get(bytesKey(key)),
    range: (start, end) => entries.filter((e) => compareBytes(e.key, start) >= 0 && compareBytes(e.key, end) < 0),
  };
}
const listing = (s: StateReader) =>
  [...s.range(Uint8Array.of(1), Uint8Array.of(2))].map(({ value }) => decodeAccount(value));

describe("state overrides", () => {
  it("sets a balance or a nonce and keeps the other field; a new account appears, an emptied one goes", () => {
    const s = withOverrides(
      state(),
      new Map([
        [A, { balance: 1_000n }],
        [B, { balance: 0n }],
        [C, { nonce: 9n }],
      ]),
    );
    expect(getAccount(s, A)).toEqual({ nonce: 3n, balance: 1_000n });
    expect(getAccount(s, C)).toEqual({ nonce: 9n, balance: 0n });
    expect(s.get(accountKey(B))).toBeUndefined();
    expect(listing(s)).toEqual([
      { nonce: 3n, balance: 1_000n },
      { nonce: 9n, balance: 0n },
    ]);
    // The state under it is untouched.
    expect(getAccount(state(), A)).toEqual({ nonce: 3n, balance: 50n });
  });
});
