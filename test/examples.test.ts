// The runnable examples against a fresh devnet process, so they never rot: examples/trade.mjs
// must exit 0 and print the final state of both trades and the balances the rules imply.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { devnetForFile } from "./support/node-process.js";

const ROOT = resolve(import.meta.dirname, "..");
const run = promisify(execFile);

const devnet = devnetForFile(["--block-time", "250"]);

describe("examples", () => {
  it("trade.mjs plays a whole trade and a disputed one on a fresh devnet", async () => {
    expect(existsSync(resolve(ROOT, "dist/sdk/index.js")), "run `npm run build` first").toBe(true);
    const { stdout } = await run(process.execPath, ["examples/trade.mjs", "--rpc", devnet.node.rpcUrl], {
      cwd: ROOT,
      timeout: 60_000,
    });
    // A fresh devnet: the first listing, orders 1 and 2, case 1.
    expect(stdout).toContain("CyberMiles chain 1818");
    expect(stdout).toMatch(/carrier +confirmDelivery/);
    expect(stdout).toContain("seller reputation: 1 rating(s), average 5");
    expect(stdout).toContain("payout: buyer 0 CMT, seller 13 CMT, arbiter fee 1 CMT");
    // Seller: +10 (trade 1) and +11 (posted 2, got 13); buyer: -10 and -12; arbiter: bond -1000, fee +1.
    expect(stdout).toMatch(/seller +[\d.]+ CMT +\+21 CMT trades\/rulings\/bonds/);
    expect(stdout).toMatch(/buyer +[\d.]+ CMT +-22 CMT trades\/rulings\/bonds/);
    expect(stdout).toMatch(/carrier +[\d.]+ CMT +\+0 CMT trades\/rulings\/bonds/);
    expect(stdout).toMatch(/arbiter +[\d.]+ CMT +-999 CMT trades\/rulings\/bonds/);
    expect(stdout).toContain("arbiter bond held by the arbitration module: 1000 CMT");
    expect(stdout.trim().split("\n").at(-1)).toBe(
      "final: order #1 completed (state 3); order #2 ruled (state 8); case #1 seller wins",
    );
  }, 90_000);
});
