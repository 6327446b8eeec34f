import type { Address } from "../../crypto/index.js";
import { bigintToFixed, bytesToBigint } from "../../lib/index.js";
import { getAccount, type KvRead, type KvWrite, ModuleError, modulePrefix, putAccount } from "../../state/index.js";
import { SUPPLY_CAP } from "../../types/index.js";
import { BankErrorCode, insufficientFunds } from "./errors.js";

const SUPPLY_KEY = (() => {
  const p = modulePrefix("bank");
  const k = new TextEncoder().encode("supply");
  const out = new Uint8Array(p.length + k.length);
  out.set(p);
  out.set(k, p.length);
  return out;
})();

/**
 * The CMT ledger that other modules use (their `deps.ts` declares the part they need). Balances
 * live in the account records; the total supply is tracked so that the cap can be enforced.
 */
export class BankKeeper {
  balance(kv: KvRead, address: Address): bigint {
    return getAccount(kv, address).balance;
  }

  /** Move CMT; reverts with "bank: transfer amount exceeds balance". */
  send(kv: KvWrite, from: Address, to: Address, amount: bigint): void {
    if (amount < 0n) throw new RangeError("negative amount");
    if (amount === 0n || from === to) {
      if (this.balance(kv, from) < amount) throw insufficientFunds(this.balance(kv, from), amount);
      return;
    }
    const a = getAccount(kv, from);
    if (a.balance < amount) throw insufficientFunds(a.balance, amount);
    putAccount(kv, from, { nonce: a.nonce, balance: a.balance - amount });
    const b = getAccount(kv, to);
    putAccount(kv, to, { nonce: b.nonce, balance: b.balance + amount });
  }

  totalSupply(kv: KvRead): bigint {
    const v = kv.get(SUPPLY_KEY);
    return v ? bytesToBigint(v) : 0n;
  }

  /** Create CMT (genesis, issuance); never past the 10 B cap. */
  mint(kv: KvWrite, to: Address, amount: bigint): void {
    const supply = this.totalSupply(kv) + amount;
    if (supply > SUPPLY_CAP)
      throw new ModuleError(BankErrorCode.SupplyCap, "bank: supply cap of 10,000,000,000 CMT reached");
    kv.set(SUPPLY_KEY, bigintToFixed(supply, 32));
    const b = getAccount(kv, to);
    putAccount(kv, to, { nonce: b.nonce, balance: b.balance + amount });
  }
}
