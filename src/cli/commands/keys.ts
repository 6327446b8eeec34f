import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { checksumAddress, isValidPrivateKey } from "../../crypto/index.js";
import { fromHex, toHex } from "../../lib/index.js";
import { parseCommandArgs } from "../args.js";
import { CliError, type CliIo, type Command } from "../io.js";
import { defaultKeystoreDir, KeystoreDir, LIGHT_KDF, readPassword } from "../keystore-dir.js";

const COMMON = `Common options:
  --keystore DIR        keystore directory (default $CYBERMILES_KEYSTORE or ~/.cybermiles/keystore)
  --password-file FILE  read the password from the first line of FILE
                        (default: the CYBERMILES_PASSWORD environment variable)
  -h, --help            show this help
`;

const HELP = `Usage: cybermiles keys <subcommand> [options]

Manages private keys in an encrypted keystore directory (Ethereum V3 keystore files, scrypt,
the format geth, MetaMask and ethers read; one file per key, mode 0600).

Subcommands:
  add NAME                    create a new random key
  import NAME                 store an existing private key (hex, from --private-key-file or stdin)
  list                        list the stored keys
  show NAME                   print a key's address
  export NAME                 print a key's encrypted keystore JSON
                              (--unsafe-show-private-key: the raw private key instead)

${COMMON}`;

const SUB_HELP: Record<string, string> = {
  add: `Usage: cybermiles keys add NAME [--light-kdf]

Creates a random key, encrypts it with the password and stores it as NAME.

  --light-kdf           scrypt n = 2^12 instead of 2^17: fast but weak (tests, throwaway keys)
${COMMON}`,
  import: `Usage: cybermiles keys import NAME [--private-key-file FILE] [--light-kdf]

Encrypts a private key (64 hex digits, 0x optional) read from FILE, or from stdin when no file
is given, and stores it as NAME.

  --private-key-file FILE  file holding the private key ('-' for stdin)
  --light-kdf              scrypt n = 2^12 instead of 2^17: fast but weak
${COMMON}`,
  list: `Usage: cybermiles keys list [--json]

Lists the keys (name and address); needs no password.

  --json                print JSON
${COMMON}`,
  show: `Usage: cybermiles keys show NAME

Prints the key's address (EIP-55 checksummed); needs no password.

${COMMON}`,
  export: `Usage: cybermiles keys export NAME [--unsafe-show-private-key]

Prints the key's keystore JSON (still encrypted; importable into geth, MetaMask or ethers).

  --unsafe-show-private-key  decrypt the key and print the raw private key instead:
                             anyone who sees it owns the funds
${COMMON}`,
};

const COMMON_OPTIONS = { keystore: { type: "string" }, "password-file": { type: "string" } } as const;

/** `cybermiles keys`: add, import, list, show and export keys of the encrypted keystore. */
export const run: Command = async (argv, io) => {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === "--help" || sub === "-h" || sub === "help") {
    io.stdout(HELP);
    return 0;
  }
  const help = SUB_HELP[sub];
  if (help === undefined) {
    throw new CliError(`unknown subcommand 'keys ${sub}' (expected add, import, list, show or export)`, 2);
  }
  const { values, positionals } = parseCommandArgs(
    rest,
    {
      ...COMMON_OPTIONS,
      "light-kdf": { type: "boolean" },
      "private-key-file": { type: "string" },
      json: { type: "boolean" },
      "unsafe-show-private-key": { type: "boolean" },
    },
    true,
  );
  if (values.help) {
    io.stdout(help);
    return 0;
  }
  const allowed: Record<string, string[]> = {
    add: ["light-kdf"],
    import: ["light-kdf", "private-key-file"],
    list: ["json"],
    show: [],
    export: ["unsafe-show-private-key"],
  };
  for (const opt of ["light-kdf", "private-key-file", "json", "unsafe-show-private-key"]) {
    if ((values as Record<string, unknown>)[opt] !== undefined && !allowed[sub]?.includes(opt)) {
      throw new CliError(`'keys ${sub}' has no option --${opt} (see --help)`, 2);
    }
  }
  const wantsName = sub !== "list";
  if (positionals.length !== (wantsName ? 1 : 0)) {
    throw new CliError(
      wantsName ? `expected one key NAME (see 'keys ${sub} --help')` : "'keys list' takes no arguments",
      2,
    );
  }
  const name = positionals[0] as string;
  const dir = new KeystoreDir(values.keystore ?? defaultKeystoreDir(io.env));
  const password = () => readPassword(values["password-file"], io.env);
  const kdf = values["light-kdf"] ? LIGHT_KDF : {};

  switch (sub) {
    case "add": {
      const entry = await dir.add(name, newPrivateKey(), await password(), kdf);
      io.stdout(`added key '${name}'\naddress: ${checksumAddress(entry.address)}\nfile:    ${entry.file}\n`);
      return 0;
    }
    case "import": {
      const key = parsePrivateKey(await readPrivateKeyText(values["private-key-file"]));
      const entry = await dir.add(name, key, await password(), kdf);
      io.stdout(`imported key '${name}'\naddress: ${checksumAddress(entry.address)}\nfile:    ${entry.file}\n`);
      return 0;
    }
    case "list":
      return list(dir, values.json === true, io);
    case "show":
      io.stdout(`${checksumAddress((await dir.get(name)).address)}\n`);
      return 0;
    default: {
      if (!values["unsafe-show-private-key"]) {
        io.stdout(await dir.exportKeystore(name));
        return 0;
      }
      const { privateKey } = await dir.unlock(name, await password());
      io.stdout(`${toHex(privateKey)}\n`);
      return 0;
    }
  }
};

async function list(dir: KeystoreDir, json: boolean, io: CliIo): Promise<number> {
  const keys = await dir.list();
  if (json) {
    const out = keys.map((k) => ({ name: k.name, address: checksumAddress(k.address), file: k.file }));
    io.stdout(`${JSON.stringify(out, null, 2)}\n`);
  } else if (keys.length === 0) {
    io.stdout(`no keys in ${dir.dir} (create one with 'cybermiles keys add NAME')\n`);
  } else {
    const width = Math.max(...keys.map((k) => (k.name ?? "-").length));
    for (const k of keys) io.stdout(`${(k.name ?? "-").padEnd(width)}  ${checksumAddress(k.address)}\n`);
  }
  return 0;
}

function newPrivateKey(): Uint8Array {
  for (;;) {
    const key = new Uint8Array(randomBytes(32));
    if (isValidPrivateKey(key)) return key;
  }
}

async function readPrivateKeyText(file: string | undefined): Promise<string> {
  if (file !== undefined && file !== "-") {
    try {
      return await readFile(file, "utf8");
    } catch (err) {
      throw new CliError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
    }
  }
  if (process.stdin.isTTY) {
    throw new CliError(
      "no --private-key-file given and stdin is a terminal: pipe the key in or pass --private-key-file FILE",
    );
  }
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function parsePrivateKey(text: string): Uint8Array {
  const t = text.trim();
  const hex = t.startsWith("0x") || t.startsWith("0X") ? `0x${t.slice(2)}` : `0x${t}`;
  if (!/^0x[0-9a-fA-F]{64}$/.test(hex)) throw new CliError("the private key must be 64 hex digits (0x optional)");
  const key = fromHex(hex);
  if (!isValidPrivateKey(key)) throw new CliError("not a valid secp256k1 private key");
  return key;
}
