// The SDK's generated ABIs (src/sdk/abi, abi/*.json) must equal what scripts/gen-abis.mjs makes
// from the current modules, so the SDK never drifts from the chain.
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
// @ts-expect-error: a plain .mjs script without type declarations
import { collectModules, moduleDirs, renderAll, staleFiles } from "../scripts/gen-abis.mjs";
import { ModuleAddress } from "../src/types/module-addresses.js";

const ROOT = resolve(import.meta.dirname, "..");
const FIX = "out of date: run `npm run build && node scripts/gen-abis.mjs`";

/** A file's text, or null when it does not exist. */
function read(path: string): string | null {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return null;
  }
}

describe("generated ABIs", () => {
  it("match the modules' abi.ts files", async () => {
    const modulesDir = join(ROOT, "src/modules");
    const exports: Record<string, unknown> = {};
    for (const name of moduleDirs(modulesDir, "abi.ts") as string[]) {
      exports[name] = await import(join(modulesDir, name, "abi.ts"));
    }
    expect(Object.keys(exports)).toEqual(expect.arrayContaining(["bank", "escrow", "vesting"]));
    const files = renderAll(collectModules(exports, ModuleAddress)) as Record<string, string>;
    const differ = Object.entries(files)
      .filter(([path, content]) => read(join(ROOT, path)) !== content)
      .map(([path]) => path);
    expect(differ, `generated files ${FIX}`).toEqual([]);
    expect(staleFiles(ROOT, files), `stale generated files (a module lost its ABI) ${FIX}`).toEqual([]);
  });
});
