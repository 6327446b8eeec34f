// contracts/IMarket.sol and contracts/IEscrow.sol declare exactly the modules' ABIs (no solc here:
// the declarations are read as viem human-readable ABI and compared item by item).
import { readFileSync } from "node:fs";
import { type Abi, parseAbi } from "viem";
import { formatAbiItem } from "viem/utils";
import { describe, expect, it } from "vitest";
import { escrowAbi } from "../escrow/abi.js";
import { marketAbi } from "./abi.js";

function solidityAbi(path: string): Abi {
  const src = readFileSync(new URL(`../../../${path}`, import.meta.url), "utf8")
    .replace(/\/\/[^\n]*/g, "")
    .replace(/\s+/g, " ");
  const items = src.match(/struct \w+ \{[^}]*\}|function [^;]+;|event [^;]+;/g) ?? [];
  return parseAbi(
    items.map((s) =>
      s
        .replace(/ (external|calldata|memory)\b/g, "")
        .replace(/;$/, "")
        .replace(/\{ /, "{")
        .trim(),
    ),
  ) as Abi;
}

interface Param {
  name?: string;
  type: string;
  indexed?: boolean;
  components?: readonly Param[];
}
const params = (ps: readonly Param[] = []): string =>
  ps
    .map(
      (p) =>
        `${p.type}${p.components ? `(${params(p.components)})` : ""}${p.indexed ? " indexed" : ""} ${p.name ?? ""}`,
    )
    .join(",");
/** Each item with its mutability, parameter names, tuple components and indexed flags. */
const signatures = (abi: Abi) =>
  abi
    .map((i) => {
      const item = i as { inputs?: readonly Param[]; outputs?: readonly Param[]; stateMutability?: string };
      return `${formatAbiItem(i as never)} ${item.stateMutability ?? ""} [${params(item.inputs)}] -> [${params(item.outputs)}]`;
    })
    .sort();

describe("Solidity interfaces match the ABIs", () => {
  it("IMarket.sol", () => {
    expect(signatures(solidityAbi("contracts/IMarket.sol"))).toEqual(signatures(marketAbi as Abi));
  });
  it("IEscrow.sol", () => {
    expect(signatures(solidityAbi("contracts/IEscrow.sol"))).toEqual(signatures(escrowAbi as Abi));
  });
});
