import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { type Database, open, type RootDatabase } from "lmdb";
import { writeTreeUpdate } from "./index.js";
import type { StateTree, TreeUpdate } from "./interface.js";

/** A tree database in an LMDB environment, opened the way the node opens it. For tests and benchmarks. */
export interface TreeDb {
  readonly dir: string;
  readonly env: RootDatabase;
  readonly db: Database<Uint8Array, Uint8Array>;
  /** Writes the update in one write transaction, then commits it to the tree. */
  apply(tree: StateTree, update: TreeUpdate): void;
  /** Closes the environment (the files stay). */
  close(): Promise<void>;
  /** Closes and deletes the directory. */
  destroy(): Promise<void>;
}

/** Opens (or reopens) the tree database under `dir`, or a new temp dir. */
export function openTreeDb(dir: string = fs.mkdtempSync(path.join(os.tmpdir(), "cmt-tree-"))): TreeDb {
  const env = open({ path: dir, maxDbs: 4 });
  const db = env.openDB<Uint8Array, Uint8Array>({ name: "tree", keyEncoding: "binary", encoding: "binary" });
  return {
    dir,
    env,
    db,
    apply(tree, update) {
      env.transactionSync(() => writeTreeUpdate(db, update));
      tree.commit(update);
    },
    close: () => env.close(),
    async destroy() {
      await env.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
