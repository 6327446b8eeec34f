import { type Address, addressFromBytes } from "../crypto/index.js";
import { fromHex } from "../lib/index.js";
import type { ChainStore } from "../store/index.js";
import { expectBytes, expectList, expectUint, rlpDecode, rlpEncode } from "../types/index.js";

/** A validator as consensus sees it: its consensus address and voting power. */
export interface SetMember {
  address: Address;
  power: bigint;
}

export function encodeValidatorSet(set: readonly SetMember[]): Uint8Array {
  return rlpEncode(set.map((v) => [fromHex(v.address), v.power]));
}

export function decodeValidatorSet(bytes: Uint8Array): SetMember[] {
  const list = rlpDecode(bytes);
  if (!Array.isArray(list)) throw new TypeError("validator set must be a list");
  return list.map((item) => {
    const [a, p] = expectList(item, 2, "validator");
    return { address: addressFromBytes(expectBytes(a, "address")), power: expectUint(p, "power") };
  });
}

function sameSet(a: readonly SetMember[], b: readonly SetMember[]): boolean {
  return a.length === b.length && a.every((v, i) => v.address === b[i]?.address && v.power === b[i]?.power);
}

/**
 * The history of validator sets by height (DESIGN §4: the set computed in end-block of H signs
 * H+2). Kept in the store as change records, so a syncing node and evidence checks can ask for
 * the set of any past height. `source(h)` reads the set for h from committed state (staking), or
 * null when staking has no validators (then the genesis set stays).
 */
export class ValidatorSets {
  private readonly cache = new Map<bigint, SetMember[]>();

  constructor(
    private readonly store: ChainStore,
    private readonly genesisSet: readonly SetMember[],
    private readonly source: (height: bigint) => SetMember[] | null,
  ) {}

  /** After opening the chain at `head`: make sure heights up to head + 2 have a record. */
  open(head: bigint): void {
    if (this.store.validatorSetAt(1n) === null) this.store.putValidatorSet(1n, encodeValidatorSet(this.genesisSet));
    this.afterCommit(head);
  }

  /** After committing `height`: record the set that signs height + 2 if it changed. */
  afterCommit(height: bigint): void {
    const next = this.source(height + 2n);
    if (next === null || next.length === 0) return;
    const current = this.at(height + 2n);
    if (!sameSet(current, next)) {
      this.store.putValidatorSet(height + 2n, encodeValidatorSet(next));
      this.cache.clear();
    }
  }

  /** The set that signs `height`, sorted by address. */
  at(height: bigint): SetMember[] {
    const hit = this.cache.get(height);
    if (hit) return hit;
    const bytes = this.store.validatorSetAt(height < 1n ? 1n : height);
    const set = bytes ? decodeValidatorSet(bytes) : [...this.genesisSet];
    if (this.cache.size > 64) this.cache.clear();
    this.cache.set(height, set);
    return set;
  }
}
