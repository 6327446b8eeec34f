import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ChainStore } from "../store/index.js";
import { type SetMember, ValidatorSets } from "./validator-sets.js";

const a = (n: number) => `0x${n.toString(16).padStart(40, "0")}` as const;
const dirs: string[] = [];
const stores: ChainStore[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function open(): ChainStore {
  const dir = mkdtempSync(join(tmpdir(), "cmt-vsets-"));
  dirs.push(dir);
  const s = new ChainStore({ path: dir });
  stores.push(s);
  return s;
}

describe("ValidatorSets (history by height, H+2 rule)", () => {
  const genesis: SetMember[] = [
    { address: a(1), power: 10n },
    { address: a(2), power: 10n },
  ];

  it("keeps the genesis set until staking changes it, then the new set from H+2 on, across a reopen", () => {
    const store = open();
    let fromStaking: SetMember[] | null = null;
    const sets = new ValidatorSets(store, genesis, () => fromStaking);
    sets.open(0n);
    expect(sets.at(1n)).toEqual(genesis);
    expect(sets.at(50n)).toEqual(genesis);
    sets.afterCommit(1n);
    sets.afterCommit(2n);
    expect(sets.at(4n)).toEqual(genesis);
    // Block 3's end-block elects a new set: it signs height 5 and later, not 4.
    fromStaking = [...genesis, { address: a(3), power: 5n }];
    sets.afterCommit(3n);
    expect(sets.at(4n)).toEqual(genesis);
    expect(sets.at(5n)).toEqual(fromStaking);
    expect(sets.at(1000n)).toEqual(fromStaking);
    // Another change at 9 → from 11.
    const third = [{ address: a(3), power: 7n }];
    fromStaking = third;
    sets.afterCommit(9n);
    const reopened = new ValidatorSets(store, genesis, () => third);
    expect(reopened.at(3n)).toEqual(genesis);
    expect(reopened.at(10n)).toEqual([...genesis, { address: a(3), power: 5n }]);
    expect(reopened.at(11n)).toEqual(third);
  });
});
