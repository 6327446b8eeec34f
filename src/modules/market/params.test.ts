// Market parameters come from the genesis (modules.market.params) and are read from state.

import { decodeFunctionResult, encodeFunctionData } from "viem";
import { afterEach, describe, expect, it } from "vitest";
import { openTestChain, removeDir, type TestChain, testGenesis, testKey } from "../../../test/harness.js";
import { ModuleAddress } from "../addresses.js";
import { marketAbi } from "./abi.js";
import { DEFAULT_MARKET_PARAMS } from "./params.js";

const genesisWith = (params?: Record<string, string>) => {
  const g = testGenesis({ funded: [testKey(0).address], team: testKey(1).address, fiveMiles: testKey(2).address });
  return params ? { ...g, modules: { ...g.modules, market: { params } } } : g;
};

const chains: Array<TestChain & { dir: string }> = [];
afterEach(async () => {
  for (const c of chains.splice(0)) {
    await c.close();
    removeDir(c.dir);
  }
});

function params(c: TestChain): readonly bigint[] {
  const data = encodeFunctionData({ abi: marketAbi, functionName: "params" });
  const out = c.machine.call(
    { chainId: 1818n, height: 1n, time: 0n },
    {
      from: testKey(0).address,
      to: ModuleAddress.market,
      value: 0n,
      data: Buffer.from(data.slice(2), "hex"),
      gas: null,
    },
  );
  return decodeFunctionResult({
    abi: marketAbi,
    functionName: "params",
    data: `0x${Buffer.from(out.output).toString("hex")}`,
  }) as unknown as readonly bigint[];
}

describe("market parameters", () => {
  it("are the defaults without a genesis section, and the genesis values when given", () => {
    const plain = openTestChain(genesisWith());
    chains.push(plain);
    expect(params(plain)).toEqual([
      DEFAULT_MARKET_PARAMS.defaultDepositBps,
      DEFAULT_MARKET_PARAMS.acceptWindowMs,
      DEFAULT_MARKET_PARAMS.maxWindowMs,
    ]);
    const short = openTestChain(genesisWith({ acceptWindowMs: "60000", defaultDepositBps: "2500" }));
    chains.push(short);
    expect(params(short)).toEqual([2500n, 60_000n, DEFAULT_MARKET_PARAMS.maxWindowMs]);
  });

  it("refuses unknown, malformed or out-of-range values in the genesis", () => {
    expect(() => openTestChain(genesisWith({ acceptWindow: "1" }))).toThrow("market.params: unknown acceptWindow");
    expect(() => openTestChain(genesisWith({ acceptWindowMs: "-1" }))).toThrow("not a decimal string");
    expect(() => openTestChain(genesisWith({ acceptWindowMs: "0" }))).toThrow("acceptWindowMs must be positive");
    expect(() => openTestChain(genesisWith({ defaultDepositBps: "10001" }))).toThrow("exceeds 10000");
  });
});
