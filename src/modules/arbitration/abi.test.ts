// contracts/IArbitrator.sol states the same functions and events as the ABI the module serves.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { arbitrationAbi } from "./abi.js";

const sol = readFileSync(new URL("../../../contracts/IArbitrator.sol", import.meta.url), "utf8");

/** `name(type,type)` of every `function`/`event` declaration in the Solidity source. */
function declared(kind: "function" | "event"): string[] {
  const out: string[] = [];
  for (const m of sol.matchAll(new RegExp(`${kind} (\\w+)\\(([^)]*)\\)`, "g"))) {
    const types = (m[2] ?? "")
      .split(",")
      .map((p) => p.trim().split(/\s+/)[0] ?? "")
      .filter((t) => t !== "");
    out.push(`${m[1]}(${types.join(",")})`);
  }
  return out.sort();
}

function fromAbi(kind: "function" | "event"): string[] {
  return arbitrationAbi
    .filter((item) => item.type === kind)
    .map((item) => `${item.name}(${item.inputs.map((i) => i.type).join(",")})`)
    .sort();
}

describe("IArbitrator.sol", () => {
  it("declares exactly the ABI's functions and events with the same parameter types", () => {
    expect(declared("function")).toEqual(fromAbi("function"));
    expect(declared("event")).toEqual(fromAbi("event"));
  });
});
