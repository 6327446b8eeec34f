import type { Keccak256 } from "./hash.js";
import type { StateTree, TreeUpdate } from "./interface.js";
import type { StateTreeOptions, TreeNodeReader, TreeNodeWriter } from "./options.js";
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
