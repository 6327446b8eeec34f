import type { Keccak256 } from "./hash.js";
import type { StateTree, TreeUpdate } from "./interface.js";
import type { StateTreeOptions, TreeNodeReader, TreeNodeWriter } from "./options.js";
import { legacyTopPageKeys, upgradedTopPageKey } from "./page.js";
import { BinaryStateTree } from "./tree.js";

export { EMPTY_ROOT } from "./hash.js";
export type { StateTree, TreeProof, TreeUpdate } from "./interface.js";
export type { StateTreeOptions, TreeNodeReader, TreeNodeWriter } from "./options.js";
export { verifyProof } from "./proof.js";
export type { Keccak256 };

/**
 * Opens the state tree stored in `db` (lmdb-js, `keyEncoding: "binary", encoding: "binary"`), at
 * the root committed last. The database must hold nothing else.
 */
export function createStateTree(db: TreeNodeReader, options: StateTreeOptions = {}): StateTree {
  return new BinaryStateTree(db, options);
}

/** What `upgradeTreeRecords` needs of the tree's database (lmdb-js, inside a write transaction). */
export interface TreeRecordMover extends TreeNodeWriter {
  get(key: Uint8Array): Uint8Array | undefined;
  getKeys(): Iterable<Uint8Array>;
}

/**
 * Moves the records of an older layout to the current one (pages 0-3 under their own key tag,
 * page.ts); call it inside a write transaction, once per store. Returns how many records moved.
 */
export function upgradeTreeRecords(db: TreeRecordMover): number {
  const legacy = legacyTopPageKeys(db.getKeys());
  for (const key of legacy) {
    const value = db.get(key);
    if (value === undefined) continue;
    db.putSync(upgradedTopPageKey(key), Uint8Array.from(value));
    db.removeSync(key);
  }
  return legacy.length;
}

/**
 * Applies an update's node writes to the tree's database. Call it inside the block's
 * `env.transactionSync(...)`, then `tree.commit(update)` once that transaction has committed.
 */
export function writeTreeUpdate(db: TreeNodeWriter, update: TreeUpdate): void {
  for (const [key, value] of update.writes) {
    if (value === null) db.removeSync(key);
    else db.putSync(key, value);
  }
}
