import type { Address } from "../crypto/index.js";
import { ACCOUNT_RECORD_BYTES, type Account, isEmptyAccount, type KvWrite } from "./accounts.js";
import { GasCost, type GasMeter } from "./gas.js";
import type { StateDB } from "./statedb.js";

/** StateDB access that charges gas per operation (what module code sees). */
export class MeteredKv implements KvWrite {
  constructor(
    readonly state: StateDB,
    readonly gas: GasMeter,
  ) {}

  get(key: Uint8Array): Uint8Array | undefined {
    const v = this.state.get(key);
    this.gas.consume(GasCost.storeRead + GasCost.storeReadPerByte * BigInt(v?.length ?? 0));
    return v;
  }

  set(key: Uint8Array, value: Uint8Array): void {
    const existed = this.state.get(key) !== undefined;
    this.gas.consume(
      (existed ? GasCost.storeUpdate : GasCost.storeCreate) + GasCost.storeWritePerByte * BigInt(value.length),
    );
    this.state.set(key, value);
  }

  delete(key: Uint8Array): void {
    this.gas.consume(GasCost.storeDelete);
    this.state.delete(key);
  }

  /** `getAccount`'s path, charged as `get` of the account record would be. */
  readAccount(address: Address): Account {
    const a = this.state.readAccount(address);
    const bytes = isEmptyAccount(a) ? 0n : BigInt(ACCOUNT_RECORD_BYTES);
    this.gas.consume(GasCost.storeRead + GasCost.storeReadPerByte * bytes);
    return a;
  }

  /** `putAccount`'s path, charged as `set` (or `delete`, for an empty account) of the record would be. */
  writeAccount(address: Address, account: Account): void {
    if (isEmptyAccount(account)) this.gas.consume(GasCost.storeDelete);
    else {
      const existed = !isEmptyAccount(this.state.readAccount(address));
      this.gas.consume(
        (existed ? GasCost.storeUpdate : GasCost.storeCreate) +
          GasCost.storeWritePerByte * BigInt(ACCOUNT_RECORD_BYTES),
      );
    }
    this.state.writeAccount(address, account);
  }

  *range(start: Uint8Array, end: Uint8Array): Generator<{ key: Uint8Array; value: Uint8Array }> {
    for (const e of this.state.range(start, end)) {
      this.gas.consume(GasCost.rangeEntry + GasCost.storeReadPerByte * BigInt(e.value.length));
      yield e;
    }
  }
}
