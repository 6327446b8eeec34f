import { HDNodeWallet } from "ethers";
import { mnemonicToAccount } from "viem/accounts";
import { describe, expect, it } from "vitest";
import { toHex } from "../lib/index.js";
import { deriveAccount, deriveAccounts, devAccounts, mnemonicProblem, TEST_MNEMONIC } from "./hd.js";

describe("HD derivation (BIP-39 / BIP-44)", () => {
  it("gives Hardhat's dev accounts for the test mnemonic", () => {
    const [a0, a1] = devAccounts(2);
    expect(a0?.address).toBe("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266".toLowerCase());
    expect(toHex(a0?.privateKey ?? new Uint8Array())).toBe(
      "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
    );
    expect(a0?.path).toBe("m/44'/60'/0'/0/0");
    expect(a1?.address).toBe("0x70997970C51812dc3A010C7d01b50e0d17dc79C8".toLowerCase());
  });

  it("agrees with viem and ethers on another mnemonic, index and passphrase", () => {
    const m = "legal winner thank year wave sausage worth useful legal winner thank yellow";
    const ours = deriveAccount(m, 7);
    expect(ours.address).toBe(mnemonicToAccount(m, { addressIndex: 7 }).address.toLowerCase());
    expect(toHex(ours.privateKey)).toBe(HDNodeWallet.fromPhrase(m, undefined, "m/44'/60'/0'/0/7").privateKey);
    const withPass = deriveAccount(m, 0, "TREZOR");
    expect(withPass.address).toBe(HDNodeWallet.fromPhrase(m, "TREZOR", "m/44'/60'/0'/0/0").address.toLowerCase());
  });

  it("derives a range starting at an index", () => {
    const all = devAccounts(5);
    expect(deriveAccounts(TEST_MNEMONIC, 2, 3).map((a) => a.address)).toEqual([all[3]?.address, all[4]?.address]);
    expect(devAccounts(0)).toEqual([]);
  });

  it("refuses mnemonics with a wrong word count, unknown word or bad checksum", () => {
    expect(mnemonicProblem(TEST_MNEMONIC)).toBeNull();
    expect(mnemonicProblem("test test test")).toMatch(/got 3/);
    expect(mnemonicProblem(TEST_MNEMONIC.replace("junk", "junkk"))).toMatch(/word 12 \("junkk"\)/);
    expect(mnemonicProblem(TEST_MNEMONIC.replace("junk", "test"))).toMatch(/checksum/);
    expect(() => deriveAccount(TEST_MNEMONIC.replace("junk", "test"), 0)).toThrow("invalid mnemonic: checksum");
  });
});
