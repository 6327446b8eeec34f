import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";
import {
  type Address,
  decryptKeystore,
  type EncryptKeystoreOptions,
  encryptKeystore,
  isAddress,
  KeystoreError,
  KeystoreErrorCode,
  keystoreAddress,
  privateKeyToAddress,
} from "../crypto/index.js";
import { CliError } from "./io.js";

/** A key in the keystore directory. Keys dropped in from geth have no name. */
export interface KeyEntry {
  name: string | null;
  address: Address;
  /** Absolute path of the keystore file. */
  file: string;
}

/** geth's `--lightkdf` cost (scrypt n = 2^12, p = 6): fast, for tests and throwaway keys. */
export const LIGHT_KDF: EncryptKeystoreOptions = { n: 1 << 12, p: 6 };

const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** The keystore directory: `CYBERMILES_KEYSTORE`, else `~/.cybermiles/keystore`. */
export function defaultKeystoreDir(env: Readonly<Record<string, string | undefined>>): string {
  return env.CYBERMILES_KEYSTORE || join(homedir(), ".cybermiles", "keystore");
}

/**
 * The password from `--password-file` (its first line) or `CYBERMILES_PASSWORD`; never prompted
 * and never taken from the command line, where other users could read it in the process list.
 */
export async function readPassword(file: string | undefined, env: Readonly<Record<string, string | undefined>>) {
  let password: string | undefined;
  if (file !== undefined) {
    try {
      password = (await readFile(file, "utf8")).split(/\r?\n/)[0];
    } catch (err) {
      throw new CliError(`cannot read password file ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
    }
  } else {
    password = env.CYBERMILES_PASSWORD;
    if (password === undefined) throw new CliError("no password: pass --password-file FILE or set CYBERMILES_PASSWORD");
  }
  if (!password) throw new CliError("the password is empty");
  return password;
}

/**
 * A directory of V3 keystore files, one key per file, named like geth's
 * (`UTC--<time>--<address>`), with the key's name stored in the file (`"name"`). Files are written
 * with mode 0600 in a 0700 directory; no key is ever written in plaintext.
 */
export class KeystoreDir {
  constructor(readonly dir: string) {}

  /** Every key in the directory, sorted by name (unnamed last); unreadable files are skipped. */
  async list(): Promise<KeyEntry[]> {
    let files: string[];
    try {
      files = await readdir(this.dir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return [];
      throw new CliError(`cannot read keystore ${this.dir}: ${(err as NodeJS.ErrnoException).code}`);
    }
    const entries: KeyEntry[] = [];
    for (const f of files.filter((f) => !f.startsWith(".")).sort()) {
      const file = join(this.dir, f);
      try {
        const json = JSON.parse(await readFile(file, "utf8")) as { name?: unknown };
        const address = keystoreAddress(json);
        if (address === null) continue;
        entries.push({ name: typeof json.name === "string" ? json.name : null, address, file });
      } catch {
        // not a keystore (or not readable): not ours to list
      }
    }
    return entries.sort((a, b) => (a.name ?? "\uffff").localeCompare(b.name ?? "\uffff"));
  }

  /** The key with this name (or, for unnamed keys, this address); throws when there is none. */
  async get(nameOrAddress: string): Promise<KeyEntry> {
    const keys = await this.list();
    const byAddress = isAddress(nameOrAddress) ? nameOrAddress.toLowerCase() : null;
    const found = keys.find((k) => k.name === nameOrAddress) ?? keys.find((k) => k.address === byAddress);
    if (!found) throw new CliError(`no key named '${nameOrAddress}' in ${this.dir} (see 'cybermiles keys list')`);
    return found;
  }

  /** Encrypt and store a key under a new name; refuses a taken name or an already stored key. */
  async add(name: string, privateKey: Uint8Array, password: string, kdf: EncryptKeystoreOptions = {}) {
    if (!NAME_RE.test(name)) {
      throw new CliError(`invalid key name '${name}': use letters, digits, '.', '_' and '-' (at most 64)`, 2);
    }
    const address = privateKeyToAddress(privateKey);
    const keys = await this.list();
    if (keys.some((k) => k.name === name)) throw new CliError(`a key named '${name}' already exists`);
    const same = keys.find((k) => k.address === address);
    if (same) throw new CliError(`key ${address} is already stored as '${same.name ?? same.file}'`);
    const keystore = await encryptKeystore(privateKey, password, kdf);
    const file = join(this.dir, `UTC--${gethTimestamp(new Date())}--${address.slice(2)}`);
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const tmp = join(this.dir, `.${name}.tmp`);
    await writeFile(tmp, `${JSON.stringify({ ...keystore, name }, null, 2)}\n`, { mode: 0o600, flag: "wx" });
    try {
      await rename(tmp, file);
    } catch (err) {
      await rm(tmp, { force: true });
      throw err;
    }
    const entry: KeyEntry = { name, address, file };
    return entry;
  }

  /** The keystore JSON of a key, as stored (encrypted). */
  async exportKeystore(nameOrAddress: string): Promise<string> {
    return readFile((await this.get(nameOrAddress)).file, "utf8");
  }

  /** Decrypt a key; a wrong password becomes the CLI error "invalid password for key 'NAME'". */
  async unlock(nameOrAddress: string, password: string): Promise<{ entry: KeyEntry; privateKey: Uint8Array }> {
    const entry = await this.get(nameOrAddress);
    try {
      return { entry, privateKey: await decryptKeystore(await readFile(entry.file, "utf8"), password) };
    } catch (err) {
      if (err instanceof KeystoreError && err.code === KeystoreErrorCode.InvalidPassword) {
        throw new CliError(`invalid password for key '${nameOrAddress}'`);
      }
      if (err instanceof KeystoreError) throw new CliError(`cannot decrypt ${entry.file}: ${err.message}`);
      throw err;
    }
  }
}

/** geth's file-name time: `2017-08-09T12-34-56.123000000Z` (colons are not allowed everywhere). */
function gethTimestamp(d: Date): string {
  return d
    .toISOString()
    .replace(/:/g, "-")
    .replace(/\.(\d{3})Z$/, ".$1000000Z");
}
