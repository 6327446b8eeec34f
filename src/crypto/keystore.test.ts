import { createCipheriv, pbkdf2Sync } from "node:crypto";
import { encryptKeystoreJson, Wallet } from "ethers";
import { describe, expect, it } from "vitest";
import { concatBytes, fromHex, toHex } from "../lib/index.js";
import { keccak256 } from "./keccak.js";
import { decryptKeystore, encryptKeystore, KeystoreError, KeystoreErrorCode, keystoreAddress } from "./keystore.js";

const KEY = fromHex("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");
const ADDRESS = "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266";
const FAST = { n: 1 << 10 }; // low cost so the suite stays fast

describe("V3 keystore", () => {
  it("round-trips a key and records geth's address form", async () => {
    const ks = await encryptKeystore(KEY, "correct horse", FAST);
    expect(ks.version).toBe(3);
    expect(ks.address).toBe(ADDRESS.slice(2));
    expect(ks.crypto.kdf).toBe("scrypt");
    expect(ks.crypto.kdfparams).toMatchObject({ n: 1024, r: 8, p: 1, dklen: 32 });
    expect(toHex(await decryptKeystore(ks, "correct horse"))).toBe(toHex(KEY));
    expect(toHex(await decryptKeystore(JSON.stringify(ks), "correct horse"))).toBe(toHex(KEY));
    expect(keystoreAddress(ks)).toBe(ADDRESS);
  });

  it("defaults to ethers' scrypt cost (n = 2^17)", async () => {
    const ks = await encryptKeystore(KEY, "pw");
    expect(ks.crypto.kdfparams).toMatchObject({ n: 131072, r: 8, p: 1 });
    expect(toHex(await decryptKeystore(ks, "pw"))).toBe(toHex(KEY));
  });

  it("decrypts ethers' Wallet.encrypt output at its default cost", async () => {
    const json = await new Wallet(toHex(KEY)).encrypt("default cost");
    expect(JSON.parse(json).Crypto.kdfparams.n).toBe(131072);
    expect(toHex(await decryptKeystore(json, "default cost"))).toBe(toHex(KEY));
  });

  it("refuses a wrong password with a typed error", async () => {
    const ks = await encryptKeystore(KEY, "right", FAST);
    const err = await decryptKeystore(ks, "wrong").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KeystoreError);
    expect((err as KeystoreError).code).toBe(KeystoreErrorCode.InvalidPassword);
    expect((err as KeystoreError).message).toBe("invalid password");
  });

  it("is decrypted by ethers v6", async () => {
    const ks = await encryptKeystore(KEY, "from cybermiles", FAST);
    const wallet = await Wallet.fromEncryptedJson(JSON.stringify(ks), "from cybermiles");
    expect(wallet.privateKey).toBe(toHex(KEY));
    expect(wallet.address.toLowerCase()).toBe(ADDRESS);
  });

  it("decrypts what ethers v6 writes (including its 'Crypto' key and NFKC passwords)", async () => {
    const account = { address: ADDRESS, privateKey: toHex(KEY) };
    const json = await encryptKeystoreJson(account, "caf\u00e9", { scrypt: { N: 1 << 10 } });
    expect(JSON.parse(json).Crypto).toBeDefined();
    // "cafe" + combining acute accent normalises (NFKC) to the same bytes as "café".
    expect(toHex(await decryptKeystore(json, "cafe\u0301"))).toBe(toHex(KEY));
  });

  it("decrypts pbkdf2 keystores made by other tools", async () => {
    const salt = fromHex(`0x${"ab".repeat(32)}`);
    const iv = fromHex(`0x${"cd".repeat(16)}`);
    const dk = pbkdf2Sync("testpassword", salt, 262144 / 64, 32, "sha256");
    const cipher = createCipheriv("aes-128-ctr", dk.subarray(0, 16), iv);
    const ciphertext = Buffer.concat([cipher.update(KEY), cipher.final()]);
    const mac = keccak256(concatBytes(dk.subarray(16, 32), ciphertext));
    const ks = {
      version: 3,
      id: "3198bc9c-6672-5ab3-d995-4942343ae5b6",
      address: ADDRESS.slice(2),
      crypto: {
        cipher: "aes-128-ctr",
        cipherparams: { iv: toHex(iv).slice(2) },
        ciphertext: ciphertext.toString("hex"),
        kdf: "pbkdf2",
        kdfparams: { c: 262144 / 64, dklen: 32, prf: "hmac-sha256", salt: toHex(salt).slice(2) },
        mac: toHex(mac).slice(2),
      },
    };
    expect(toHex(await decryptKeystore(ks, "testpassword"))).toBe(toHex(KEY));
    // ethers agrees on the same file
    expect((await Wallet.fromEncryptedJson(JSON.stringify(ks), "testpassword")).privateKey).toBe(toHex(KEY));
    await expect(decryptKeystore(ks, "nope")).rejects.toThrow("invalid password");
  });

  it("explains scrypt parameters node:crypto cannot compute (the spec's n = 2^18, r = 1 vector)", async () => {
    const ks = await encryptKeystore(KEY, "pw", FAST);
    const kdfparams = { ...ks.crypto.kdfparams, n: 262144, r: 1, p: 8 };
    await expect(decryptKeystore({ ...ks, crypto: { ...ks.crypto, kdfparams } }, "pw")).rejects.toThrow(
      "RFC 7914 requires n < 2^(16·r)",
    );
  });

  // https://ethereum.org/en/developers/docs/data-structures-and-encoding/web3-secret-storage/
  it("decrypts the spec's pbkdf2 test vector", async () => {
    const ks = {
      crypto: {
        cipher: "aes-128-ctr",
        cipherparams: { iv: "6087dab2f9fdbbfaddc31a909735c1e6" },
        ciphertext: "5318b4d5bcd28de64ee5559e671353e16f075ecae9f99c7a79a38af5f869aa46",
        kdf: "pbkdf2",
        kdfparams: {
          c: 262144,
          dklen: 32,
          prf: "hmac-sha256",
          salt: "ae3cd4e7013836a3df6bd7241b12db061dbe2c6785853cce422d148a624ce0bd",
        },
        mac: "517ead924a9d0dc3124507e3393d175ce3ff7c1e96529c6c555ce9e51205e9b2",
      },
      id: "3198bc9c-6672-5ab3-d995-4942343ae5b6",
      version: 3,
    };
    const key = await decryptKeystore(ks, "testpassword");
    expect(toHex(key)).toBe("0x7a28b5ba57c53603b0b07b56bba752f7784bf506fa95edc395f5cf6c7514fe9d");
  });

  it("refuses malformed and unsupported keystores with readable messages", async () => {
    const ks = await encryptKeystore(KEY, "pw", FAST);
    await expect(decryptKeystore("{not json", "pw")).rejects.toThrow("keystore is not valid JSON");
    await expect(decryptKeystore({ ...ks, version: 1 }, "pw")).rejects.toThrow("unsupported keystore version 1");
    const badCipher = { ...ks, crypto: { ...ks.crypto, cipher: "aes-128-cbc" } };
    await expect(decryptKeystore(badCipher, "pw")).rejects.toThrow("unsupported cipher aes-128-cbc");
    const huge = { ...ks, crypto: { ...ks.crypto, kdfparams: { ...ks.crypto.kdfparams, n: 1 << 30 } } };
    await expect(decryptKeystore(huge, "pw")).rejects.toThrow("unsupported scrypt n");
    const otherAddress = { ...ks, address: "00".repeat(20) };
    await expect(decryptKeystore(otherAddress, "pw")).rejects.toThrow("does not match");
  });

  it("is reproducible with injected salt, iv and id", async () => {
    const opts = { ...FAST, salt: new Uint8Array(32).fill(1), iv: new Uint8Array(16).fill(2), id: "fixed" };
    expect(await encryptKeystore(KEY, "pw", opts)).toEqual(await encryptKeystore(KEY, "pw", opts));
  });
});
