import { type Address, addressFromBytes } from "../../crypto/index.js";
import { concatBytes, fromHex, type Hex, toHex } from "../../lib/index.js";
import { votingPowers } from "../../state/genesis-staking.js";
import { MeteredKv, ModuleError, ModuleStore, StateDB, unmetered } from "../../state/index.js";
import { readU64, u64Key } from "../../store/codec.js";
import type { StateReader } from "../../store/index.js";
import { expectBytes, expectList, expectUint, rlpDecode, rlpEncode } from "../../types/index.js";
import type { StakingParams } from "./params.js";
import { allValidators, Keys, ValidatorStatus } from "./state.js";

/** One member of a validator set: consensus address, compressed consensus key, voting power. */
export interface SetMember {
  address: Address;
  pubkey: Hex;
  power: bigint;
}

/** The set the current stakes elect: Active validators, top `maxValidators`, capped powers, by address. */
export function electSet(store: ModuleStore, params: StakingParams): SetMember[] {
  const candidates = [];
  for (const v of allValidators(store)) {
    if (v.status === ValidatorStatus.Active)
      candidates.push({ address: v.consensus, tokens: v.tokens, pubkey: toHex(v.pubkey) });
  }
  return votingPowers(candidates, params.maxValidators, params.powerCapBps).map((v) => ({
    address: v.address,
    pubkey: v.pubkey,
    power: v.power,
  }));
}

function encodeSet(set: readonly SetMember[]): Uint8Array {
  return rlpEncode(set.map((m) => [fromHex(m.address), fromHex(m.pubkey), m.power]));
}

function decodeSet(bytes: Uint8Array): SetMember[] {
  const items = rlpDecode(bytes);
  if (!Array.isArray(items)) throw new Error("validator set: expected a list");
  return items.map((item) => {
    const [a, k, p] = expectList(item, 3, "validator set member");
    return {
      address: addressFromBytes(expectBytes(a, "address")),
      pubkey: toHex(expectBytes(k, "pubkey")),
      power: expectUint(p, "power"),
    };
  });
}

/** Stored sets, ascending by the height they take effect at. */
function history(store: ModuleStore): Array<{ height: bigint; raw: Uint8Array }> {
  return [...store.range(Keys.validatorSet)].map(({ key, value }) => ({
    height: readU64(key, Keys.validatorSet.length),
    raw: value,
  }));
}

/** The set in force at `height`, or null when staking has never elected one. */
export function setAt(store: ModuleStore, height: bigint): SetMember[] | null {
  const all = history(store);
  if (all.length === 0) return null;
  const at = all.filter((h) => h.height <= height).pop();
  if (!at)
    throw new ModuleError("STAKING_SET_PRUNED", `staking: the validator set of height ${height} is no longer kept`, {
      height,
      oldest: (all[0] as { height: bigint }).height,
    });
  return decodeSet(at.raw);
}

/** The most recently elected set (in force now or from one of the next two heights). */
export function latestSet(store: ModuleStore): SetMember[] | null {
  const last = history(store).pop();
  return last ? decodeSet(last.raw) : null;
}

/**
 * End-block of height H: elect the set and, when it differs from the latest one, store it to take
 * effect at H + 2 (the height whose votes it counts). An empty election keeps the previous set:
 * a chain cannot run without validators. Sets superseded before H are pruned.
 */
export function updateSet(store: ModuleStore, params: StakingParams, height: bigint, effective = height + 2n): void {
  const set = electSet(store, params);
  const all = history(store);
  const raw = encodeSet(set);
  const last = all[all.length - 1];
  if (set.length > 0 && (!last || Buffer.compare(Buffer.from(last.raw), Buffer.from(raw)) !== 0)) {
    store.set(concatBytes(Keys.validatorSet, u64Key(effective)), raw);
  }
  const inForce = all.filter((h) => h.height <= height);
  for (const h of inForce.slice(0, -1)) store.delete(concatBytes(Keys.validatorSet, u64Key(h.height)));
}

/**
 * The validator set that signs `height`, read from committed state: the node calls it after
 * committing block H with H + 2 (the set staking's end-block of H elected). Sorted by address;
 * null when staking has no validators (genesis without a staking section: keep
 * `consensus.validators`). Only the set in force at the state's own height and later ones are
 * kept: an older height throws ModuleError STAKING_SET_PRUNED.
 */
export function readValidatorSet(
  state: StateReader,
  height: bigint,
): Array<{ address: Address; pubkey: Hex; power: bigint }> | null {
  const store = new ModuleStore(new MeteredKv(new StateDB(state), unmetered()), "staking");
  return setAt(store, height);
}
