import { describe, expect, it } from "vitest";
import { silentLogger } from "../lib/index.js";
import { chainNames, protocolName, topicName } from "./names.js";
import { resolveNetworkOptions } from "./options.js";

describe("names", () => {
  it("carry the chain id, so two chains never share a topic or protocol", () => {
    expect(topicName(15n, "tx")).toBe("/cmt/15/tx/1");
    expect(protocolName(15n, "sync/blocks", 2)).toBe("/cmt/15/sync/blocks/2");
    const a = chainNames(15n);
    const b = chainNames(16n);
    expect(a.consensusTopic).toBe("/cmt/15/consensus/1");
    for (const key of Object.keys(a) as Array<keyof typeof a>) expect(a[key]).not.toBe(b[key]);
  });

  it("refuse names that would break the path shape", () => {
    for (const bad of ["", "Tx", "a//b", "/tx", "tx/", "t x"]) {
      expect(() => topicName(1n, bad)).toThrow(expect.objectContaining({ code: "NETWORK_INVALID_OPTION" }));
    }
    expect(() => protocolName(1n, "sync", 0)).toThrow(expect.objectContaining({ code: "NETWORK_INVALID_OPTION" }));
  });
});

describe("options", () => {
  it("fill defaults and refuse nonsense", () => {
    const base = { listen: [], peers: [], keyFile: "k", log: silentLogger() };
    const o = resolveNetworkOptions(base);
    expect(o.heartbeatMs).toBe(200);
    expect(o.defaultMaxMessageBytes).toBe(1024 * 1024);
    expect(() => resolveNetworkOptions({ ...base, maxMessageBytes: { "/cmt/1/tx/1": 0 } })).toThrow(
      expect.objectContaining({ code: "NETWORK_INVALID_OPTION" }),
    );
    expect(() => resolveNetworkOptions({ ...base, redialMinMs: 500, redialMaxMs: 100 })).toThrow(
      expect.objectContaining({ code: "NETWORK_INVALID_OPTION" }),
    );
  });
});
