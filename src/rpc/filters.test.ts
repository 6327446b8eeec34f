import { describe, expect, it } from "vitest";
import { RpcError } from "./errors.js";
import { FilterManager } from "./filters.js";
import { logMatches } from "./logs.js";
import { FILTER_TTL_MS } from "./options.js";
import type { LogFilter } from "./params/index.js";
import { FakeBackend } from "./testing/fake-backend.js";

function setup() {
  const backend = new FakeBackend({ chainId: 1n, funded: [] });
  let now = 1_000_000;
  const filters = new FilterManager({ ttlMs: FILTER_TTL_MS, logsBlockRange: 2 }, { backend, now: () => now });
  return { backend, filters, advance: (ms: number) => (now += ms) };
}

describe("FilterManager", () => {
  it("expires a filter not polled for five minutes", () => {
    const { filters, advance } = setup();
    const id = filters.newBlockFilter();
    advance(FILTER_TTL_MS - 1);
    expect(filters.changes(id)).toEqual([]); // polling resets the deadline
    advance(FILTER_TTL_MS);
    expect(filters.changes(id)).toEqual([]);
    advance(FILTER_TTL_MS + 1);
    expect(() => filters.changes(id)).toThrow(new RpcError(-32000, "filter not found"));
  });

  it("sweeps idle filters", () => {
    const { filters, advance } = setup();
    const idle = filters.newBlockFilter();
    advance(FILTER_TTL_MS / 2);
    const active = filters.newLogFilter({ fromBlock: null, toBlock: null, blockHash: null, addresses: [], topics: [] });
    advance(FILTER_TTL_MS / 2 + 1);
    expect(filters.sweep()).toBe(1);
    expect(filters.uninstall(idle)).toBe(false);
    expect(filters.uninstall(active)).toBe(true);
  });

  it("reports at most logsBlockRange blocks per poll and the rest on the next", () => {
    const { backend, filters } = setup();
    const id = filters.newBlockFilter();
    const views = [backend.mine([]), backend.mine([]), backend.mine([])];
    expect(filters.changes(id)).toEqual(views.slice(0, 2).map((v) => v.hash));
    expect(filters.changes(id)).toEqual([views[2]!.hash]);
  });
});

describe("logMatches", () => {
  const a = "0x00000000000000000000000000000000000000aa" as const;
  const t = (n: number) => `0x${n.toString(16).padStart(64, "0")}` as const;
  const log = { address: a, topics: [t(1), t(2)], data: new Uint8Array(0) };
  const f = (over: Partial<LogFilter>): LogFilter => ({
    fromBlock: null,
    toBlock: null,
    blockHash: null,
    addresses: [],
    topics: [],
    ...over,
  });

  it("follows geth's positional topic rules", () => {
    expect(logMatches(log, f({}))).toBe(true);
    expect(logMatches(log, f({ addresses: [a] }))).toBe(true);
    expect(logMatches(log, f({ addresses: ["0x00000000000000000000000000000000000000bb"] }))).toBe(false);
    expect(logMatches(log, f({ topics: [null, [t(2)]] }))).toBe(true);
    expect(logMatches(log, f({ topics: [[t(9), t(1)]] }))).toBe(true);
    expect(logMatches(log, f({ topics: [[t(2)]] }))).toBe(false);
    // More positions than the log has topics never match, even as wildcards.
    expect(logMatches(log, f({ topics: [null, null, null] }))).toBe(false);
  });
});
