import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Wallet } from "ethers";
import { describe, expect, it } from "vitest";
import { encryptKeystore } from "../../crypto/index.js";
import { fromHex } from "../../lib/index.js";
import { testTempDir } from "../../lib/temp-dir.testing.js";
import { captureIo } from "../cli.testing.js";
import { run } from "./keys.js";

const HARDHAT_KEY = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
const HARDHAT_ADDRESS = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";

function setup(env: Record<string, string> = { CYBERMILES_PASSWORD: "pw" }) {
  const root = testTempDir("keys-cmd-");
  const dir = join(root, "keystore");
  const io = (extraEnv: Record<string, string> = {}) => captureIo({ ...env, ...extraEnv });
  const keys = async (...argv: string[]) => {
    const c = io();
    const code = await run([...argv, "--keystore", dir], c);
    return { code, out: c.out };
  };
  return { root, dir, io, keys };
}

describe("cybermiles keys", () => {
  it("prints help for the command and every subcommand", async () => {
    const { io } = setup();
    for (const argv of [[], ["--help"], ...["add", "import", "list", "show", "export"].map((s) => [s, "--help"])]) {
      const c = io();
      expect(await run(argv, c)).toBe(0);
      expect(c.out).toMatch(/^Usage: cybermiles keys/);
    }
    await expect(run(["rm", "x"], io())).rejects.toThrow("unknown subcommand 'keys rm'");
  });

  it("adds an encrypted key: geth file name, mode 0600 in a 0700 directory, readable by ethers", async () => {
    const { dir, keys } = setup();
    const { code, out } = await keys("add", "alice", "--light-kdf");
    expect(code).toBe(0);
    const address = /address: (0x[0-9a-fA-F]{40})/.exec(out)?.[1] as string;
    const [file] = readdirSync(dir);
    expect(file).toMatch(
      new RegExp(`^UTC--\\d{4}-\\d{2}-\\d{2}T\\d{2}-\\d{2}-\\d{2}\\.\\d{9}Z--${address.slice(2).toLowerCase()}$`),
    );
    expect(statSync(join(dir, file as string)).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    const json = readFileSync(join(dir, file as string), "utf8");
    expect(JSON.parse(json)).toMatchObject({ version: 3, name: "alice", crypto: { kdf: "scrypt" } });
    const wallet = await Wallet.fromEncryptedJson(json, "pw");
    expect(wallet.address).toBe(address);
    expect(json).not.toContain(wallet.privateKey.slice(2));
    expect((await keys("show", "alice")).out).toBe(`${address}\n`);
  });

  it("imports a key from a file, refuses a taken name or an already stored key", async () => {
    const { root, keys } = setup();
    const keyFile = join(root, "key.txt");
    writeFileSync(keyFile, `${HARDHAT_KEY}\n`);
    expect((await keys("import", "dev0", "--private-key-file", keyFile, "--light-kdf")).out).toContain(HARDHAT_ADDRESS);
    await keys("add", "bob", "--light-kdf");
    await expect(keys("add", "dev0", "--light-kdf")).rejects.toThrow("a key named 'dev0' already exists");
    await expect(keys("import", "again", "--private-key-file", keyFile)).rejects.toThrow(
      `key ${HARDHAT_ADDRESS.toLowerCase()} is already stored as 'dev0'`,
    );
    writeFileSync(keyFile, "0x1234");
    await expect(keys("import", "short", "--private-key-file", keyFile)).rejects.toThrow("64 hex digits");
    writeFileSync(keyFile, "0".repeat(64));
    await expect(keys("import", "zero", "--private-key-file", keyFile)).rejects.toThrow("not a valid secp256k1");
    await expect(keys("add", "bad name")).rejects.toThrow("invalid key name 'bad name'");
  });

  it("lists keys as text and JSON without a password", async () => {
    const { root, keys, dir, io } = setup();
    expect((await keys("list")).out).toContain("no keys in");
    const keyFile = join(root, "key.txt");
    writeFileSync(keyFile, HARDHAT_KEY.slice(2));
    await keys("import", "dev0", "--private-key-file", keyFile, "--light-kdf");
    await keys("add", "alice", "--light-kdf");
    const c = io({ CYBERMILES_PASSWORD: "" });
    expect(await run(["list", "--keystore", dir], c)).toBe(0);
    const lines = c.out.trim().split("\n");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^alice {2}0x[0-9a-fA-F]{40}$/);
    expect(lines[1]).toBe(`dev0   ${HARDHAT_ADDRESS}`);
    const json = JSON.parse((await keys("list", "--json")).out) as Array<{ name: string; address: string }>;
    expect(json.map((k) => k.name)).toEqual(["alice", "dev0"]);
  });

  it("exports the keystore JSON, and the raw key only with --unsafe-show-private-key and the right password", async () => {
    const { root, keys, dir, io } = setup();
    const keyFile = join(root, "key.txt");
    writeFileSync(keyFile, HARDHAT_KEY);
    await keys("import", "dev0", "--private-key-file", keyFile, "--light-kdf");
    const exported = (await keys("export", "dev0")).out;
    expect(JSON.parse(exported).address).toBe(HARDHAT_ADDRESS.slice(2).toLowerCase());
    expect(exported).not.toContain(HARDHAT_KEY.slice(2));
    expect((await keys("export", "dev0", "--unsafe-show-private-key")).out).toBe(`${HARDHAT_KEY}\n`);
    await expect(
      run(["export", "dev0", "--unsafe-show-private-key", "--keystore", dir], io({ CYBERMILES_PASSWORD: "nope" })),
    ).rejects.toThrow("invalid password for key 'dev0'");
    await expect(keys("export", "carol")).rejects.toThrow("no key named 'carol'");
  });

  it("reads the password from --password-file (first line) and the directory from CYBERMILES_KEYSTORE", async () => {
    const { root, io } = setup({});
    const dir = join(root, "elsewhere");
    const pwFile = join(root, "pw.txt");
    writeFileSync(pwFile, "s3cret\nignored second line\n");
    const c = io({ CYBERMILES_KEYSTORE: dir });
    expect(await run(["add", "alice", "--light-kdf", "--password-file", pwFile], c)).toBe(0);
    const [file] = readdirSync(dir);
    await expect(
      Wallet.fromEncryptedJson(readFileSync(join(dir, file as string), "utf8"), "s3cret"),
    ).resolves.toBeDefined();
    await expect(run(["add", "bob", "--light-kdf"], io({ CYBERMILES_KEYSTORE: dir }))).rejects.toThrow(
      "no password: pass --password-file FILE or set CYBERMILES_PASSWORD",
    );
    writeFileSync(pwFile, "\n");
    await expect(run(["add", "bob", "--password-file", pwFile], c)).rejects.toThrow("the password is empty");
  });

  it("finds keys dropped in from other tools by their address", async () => {
    const { dir, keys } = setup();
    await keys("add", "alice", "--light-kdf"); // creates the directory
    const ks = await encryptKeystore(fromHex(HARDHAT_KEY), "pw", { n: 1024 });
    writeFileSync(join(dir, "geth-key.json"), JSON.stringify(ks));
    writeFileSync(join(dir, "notes.txt"), "not a key");
    expect((await keys("list")).out).toContain(`-      ${HARDHAT_ADDRESS}`);
    expect((await keys("show", HARDHAT_ADDRESS)).out).toBe(`${HARDHAT_ADDRESS}\n`);
    expect((await keys("export", HARDHAT_ADDRESS, "--unsafe-show-private-key")).out).toBe(`${HARDHAT_KEY}\n`);
  });

  it("refuses options of other subcommands and missing names", async () => {
    const { keys } = setup();
    await expect(keys("show", "a", "--unsafe-show-private-key")).rejects.toThrow(
      "'keys show' has no option --unsafe-show-private-key",
    );
    await expect(keys("show")).rejects.toThrow("expected one key NAME");
    await expect(keys("list", "extra")).rejects.toThrow("'keys list' takes no arguments");
  });
});
