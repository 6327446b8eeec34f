import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { onTestFinished } from "vitest";

const leftovers = new Set<string>();
let exitHookSet = false;

function remove(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  leftovers.delete(dir);
}

/**
 * A fresh directory under the OS temp dir, removed when the current test finishes, passed or
 * failed. Made outside a test (a file's top level, `beforeAll`), it is removed when the test
 * process exits instead, unless its owner removes it first.
 */
export function testTempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  try {
    onTestFinished(() => remove(dir));
  } catch {
    leftovers.add(dir);
    if (!exitHookSet) {
      exitHookSet = true;
      process.once("exit", () => {
        for (const d of [...leftovers]) remove(d);
      });
    }
  }
  return dir;
}
