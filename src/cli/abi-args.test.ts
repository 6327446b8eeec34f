import type { AbiParameter } from "viem";
import { describe, expect, it } from "vitest";
import { parseAbiArg, parseAbiArgs, resultJson } from "./abi-args.js";

const p = (type: string, name = "x", components?: AbiParameter[]) =>
  ({ type, name, ...(components ? { components } : {}) }) as AbiParameter;
const parse = (param: AbiParameter, text: string) =>
  parseAbiArg(param, text, `argument 1 (${param.name}: ${param.type})`, (n) =>
    n === "alice" ? `0x${"a1".repeat(20)}` : null,
  );

describe("ABI arguments from the command line", () => {
  it("reads integers as decimal, hex or CMT, within the type's range", () => {
    expect(parse(p("uint256"), "42")).toBe(42n);
    expect(parse(p("uint256"), "0x2a")).toBe(42n);
    expect(parse(p("uint256"), "1.5cmt")).toBe(1_500_000_000_000_000_000n);
    expect(parse(p("int8"), "-128")).toBe(-128n);
    expect(() => parse(p("uint8", "n"), "256")).toThrow("argument 1 (n: uint8): 256 is out of range for uint8");
    expect(() => parse(p("uint64", "n"), "-1")).toThrow("-1 is out of range for uint64");
    expect(() => parse(p("uint256"), "1.5")).toThrow('invalid integer "1.5"');
    expect(() => parse(p("uint256"), "1.0000000000000000001cmt")).toThrow("at most 18 decimals");
  });

  it("reads addresses (checksum checked, key names), bools, strings and bytes", () => {
    const lower = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";
    expect(parse(p("address"), "0x70997970C51812dc3A010C7d01b50e0d17dc79C8")).toBe(lower);
    expect(parse(p("address"), lower.toUpperCase().replace("0X", "0x"))).toBe(lower);
    expect(() => parse(p("address", "to"), "0x70997970C51812dc3A010C7d01b50e0d17dc79c8")).toThrow(
      "argument 1 (to: address): address 0x70997970C51812dc3A010C7d01b50e0d17dc79c8 has a wrong checksum",
    );
    expect(parse(p("address"), "alice")).toBe(`0x${"a1".repeat(20)}`);
    expect(() => parse(p("address"), "bob")).toThrow(
      'invalid address "bob" (0x and 40 hex digits, or a keystore key name)',
    );
    expect(parse(p("bool"), "true")).toBe(true);
    expect(() => parse(p("bool"), "yes")).toThrow("expected true or false");
    expect(parse(p("string"), "a, b")).toBe("a, b");
    expect(parse(p("bytes"), "0xABcd")).toBe("0xabcd");
    expect(() => parse(p("bytes32", "h"), "0xabcd")).toThrow(
      "argument 1 (h: bytes32): expected exactly 32 bytes, got 2",
    );
    expect(() => parse(p("bytes"), "abcd")).toThrow("expected 0x-prefixed hex bytes");
  });

  it("reads arrays as comma lists or JSON, and tuples as JSON objects or arrays", () => {
    expect(parse(p("uint256[]"), "1, 2,3cmt")).toEqual([1n, 2n, 3_000_000_000_000_000_000n]);
    expect(parse(p("uint256[]"), "")).toEqual([]);
    expect(parse(p("string[]"), '["a,b","c"]')).toEqual(["a,b", "c"]);
    expect(() => parse(p("uint8[2]"), "1")).toThrow("expected exactly 2 items, got 1");
    expect(() => parse(p("uint8[]", "xs"), "1,x")).toThrow('argument 1 (xs: uint8[]) item 2: invalid integer "x"');
    const tuple = p("tuple", "t", [p("uint256", "amount"), p("address[]", "who")]);
    expect(parse(tuple, '{"amount": "2cmt", "who": ["alice"]}')).toEqual({
      amount: 2_000_000_000_000_000_000n,
      who: [`0x${"a1".repeat(20)}`],
    });
    expect(parse(tuple, "[7, []]")).toEqual({ amount: 7n, who: [] });
    expect(() => parse(tuple, '{"amount": 1}')).toThrow("missing field who");
    expect(() => parse(tuple, '{"amount": 1e30, "who": []}')).toThrow("JSON numbers lose digits");
  });

  it("checks the argument count", () => {
    expect(() => parseAbiArgs([p("address", "to"), p("uint256", "amount")], ["0x00"])).toThrow(
      "expected 2 argument(s) (to, amount), got 1",
    );
  });
});

describe("ABI results as JSON", () => {
  it("prints integers as decimal strings and names multiple outputs", () => {
    expect(resultJson([p("uint256", "")], 10n ** 30n)).toBe("1000000000000000000000000000000");
    expect(resultJson([p("string", "label"), p("uint64[]", "times")], ["team", [1n, 2n]])).toEqual({
      label: "team",
      times: ["1", "2"],
    });
    expect(resultJson([p("uint8", ""), p("bool", "")], [1, true])).toEqual([1, true]);
    expect(resultJson([], undefined)).toBeNull();
  });
});
