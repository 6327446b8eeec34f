import { bytesKey, compareBytes } from "../lib/index.js";
import type { StateOverrides } from "../rpc/backend.js";
import { accountKey, decodeAccount, EMPTY_ACCOUNT, encodeAccount } from "../state/index.js";
import { inRange, type Overlay, overlayRange, type StateReader } from "../store/index.js";

/**
 * `state` with eth_call's state override laid over it: each overridden account reads with the
 * given balance and/or nonce (the other field as it is). An account left with neither is absent,
 * as an empty account is in state (EIP-161).
 */
export function withOverrides(state: StateReader, overrides: StateOverrides): StateReader {
  const records: Overlay[] = [...overrides]
    .map(([address, o]): Overlay => {
      const key = accountKey(address);
      const stored = state.get(key);
      const a = stored ? decodeAccount(stored) : EMPTY_ACCOUNT;
      const nonce = o.nonce ?? a.nonce;
      const balance = o.balance ?? a.balance;
      return [key, nonce === 0n && balance === 0n ? null : encodeAccount({ nonce, balance })];
    })
    .sort((a, b) => compareBytes(a[0], b[0]));
  const byKey = new Map(records.map(([k, v]) => [bytesKey(k), v]));
  return {
    get(key) {
      const v = byKey.get(bytesKey(key));
      return v === undefined ? state.get(key) : (v ?? undefined);
    },
    range: (start, end) =>
      overlayRange(
        records.filter(([k]) => inRange(k, start, end)),
        state.range(start, end),
      ),
  };
}
