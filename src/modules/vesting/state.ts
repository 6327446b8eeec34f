import { type Address, addressFromBytes } from "../../crypto/index.js";
import { concatBytes, fromHex } from "../../lib/index.js";
import type { ModuleStore } from "../../state/index.js";
import { expectBytes, expectList, expectUint, rlpDecode, rlpEncode } from "../../types/index.js";

/** One beneficiary's schedule and what has been released of it. */
export interface Schedule {
  beneficiary: Address;
  label: string;
  total: bigint;
  start: bigint;
  released: bigint;
}

const SCHEDULE = new TextEncoder().encode("s/");
/** Encoding version of a schedule record. */
const V1 = 1;

function scheduleKey(beneficiary: Address): Uint8Array {
  return concatBytes(SCHEDULE, fromHex(beneficiary));
}

/** Read a schedule, or null when the address has none. */
export function readSchedule(store: ModuleStore, beneficiary: Address): Schedule | null {
  const v = store.get(scheduleKey(beneficiary));
  if (!v) return null;
  const [version, label, total, start, released] = expectList(rlpDecode(v), 5, "vesting schedule");
  if (expectUint(version, "version") !== BigInt(V1)) throw new Error("vesting: unknown schedule encoding");
  return {
    beneficiary,
    label: new TextDecoder().decode(expectBytes(label, "label")),
    total: expectUint(total, "total"),
    start: expectUint(start, "start"),
    released: expectUint(released, "released"),
  };
}

/** Write a schedule. */
export function writeSchedule(store: ModuleStore, s: Schedule): void {
  store.set(
    scheduleKey(s.beneficiary),
    rlpEncode([V1, new TextEncoder().encode(s.label), s.total, s.start, s.released]),
  );
}

/** Every schedule, in beneficiary order. */
export function* allSchedules(store: ModuleStore): Generator<Schedule> {
  for (const { key } of store.range(SCHEDULE)) {
    const s = readSchedule(store, addressFromBytes(key.subarray(SCHEDULE.length)));
    if (s) yield s;
  }
}
