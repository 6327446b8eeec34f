// Hardhat as a client, unchanged: a Hardhat 2 script (`hardhat run --network cybermiles`) against a
// real devnet process. Hardhat signs with its own local accounts (filling nonce, gas and fees from
// the node's answers), reads a module through eth_call at the head and at a past block, and turns
// a module's revert into the module's reason.
import { execFile } from "node:child_process";
import { resolve } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { devnetForFile } from "./support/node-process.js";

const PROJECT = resolve(import.meta.dirname, "support/hardhat");
const HARDHAT = resolve(import.meta.dirname, "../node_modules/hardhat/internal/cli/cli.js");

const devnet = devnetForFile(["--block-time", "250"]);

describe("Hardhat against a devnet node", () => {
  it("sends EIP-1559 and legacy transfers it signs itself, reads a module, and reports a module's revert reason", async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [HARDHAT, "--config", "hardhat.config.cjs", "run", "--no-compile", "--network", "cybermiles", "client.cjs"],
      { cwd: PROJECT, env: { ...process.env, CMT_RPC: devnet.node.rpcUrl, HARDHAT_DISABLE_TELEMETRY_PROMPT: "true" } },
    );
    const out = JSON.parse(stdout.trim().split("\n").pop() as string);
    const oneCmt = 10n ** 18n;
    expect(out).toMatchObject({
      chainId: "0x71a",
      from: "0x70997970c51812dc3a010c7d01b50e0d17dc79c8", // the mnemonic's account 1, derived by Hardhat
      eip1559: { status: "0x1", type: "0x2" },
      legacy: { status: "0x1", type: "0x0" },
      revert: "execution reverted: vesting: caller has no vesting schedule",
    });
    expect(BigInt(out.balance)).toBe(oneCmt + 1n);
    expect(BigInt(out.balanceOf)).toBe(oneCmt + 1n);
    expect(BigInt(out.balanceOfThen)).toBe(oneCmt);
  }, 60_000);
});
