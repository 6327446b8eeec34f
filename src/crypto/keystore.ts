import {
  createCipheriv,
  createDecipheriv,
  pbkdf2,
  randomBytes,
  randomUUID,
  scrypt,
  timingSafeEqual,
} from "node:crypto";
import { CmtError, concatBytes, fromHex, toHex } from "../lib/index.js";
import { type Address, toAddress } from "./address.js";
import { keccak256 } from "./keccak.js";
import { isValidPrivateKey, privateKeyToAddress } from "./secp256k1.js";

/** Ethereum "Web3 Secret Storage" (V3 keystore) JSON, as written by geth, ethers and MetaMask. */
export interface KeystoreV3 {
  version: 3;
  id: string;
  /** Lowercase hex without 0x, as geth writes it. */
  address: string;
  crypto: {
    cipher: "aes-128-ctr";
    cipherparams: { iv: string };
    ciphertext: string;
    kdf: "scrypt" | "pbkdf2";
    kdfparams: ScryptParams | Pbkdf2Params;
    mac: string;
  };
}

/** scrypt key-derivation parameters as stored in a keystore (salt is hex without 0x). */
export interface ScryptParams {
  n: number;
  r: number;
  p: number;
  dklen: number;
  salt: string;
}

/** PBKDF2 key-derivation parameters (read only: we write scrypt). */
export interface Pbkdf2Params {
  c: number;
  dklen: number;
  prf: "hmac-sha256";
  salt: string;
}

/** Options of `encryptKeystore`; the random parts are injectable for reproducible tests. */
export interface EncryptKeystoreOptions {
  /** scrypt cost; a power of two. Default 2^17 (ethers' default). */
  n?: number;
  r?: number;
  p?: number;
  salt?: Uint8Array;
  iv?: Uint8Array;
  id?: string;
}

/** Stable codes of keystore failures. */
export const KeystoreErrorCode = {
  InvalidPassword: "KEYSTORE_INVALID_PASSWORD",
  Malformed: "KEYSTORE_MALFORMED",
  Unsupported: "KEYSTORE_UNSUPPORTED",
} as const;
export type KeystoreErrorCode = (typeof KeystoreErrorCode)[keyof typeof KeystoreErrorCode];

/** A keystore that cannot be decrypted: wrong password, malformed JSON or unsupported parameters. */
export class KeystoreError extends CmtError<KeystoreErrorCode> {
  constructor(code: KeystoreErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(code, message, details);
    this.name = "KeystoreError";
  }
}

/** Default scrypt cost, as ethers v6 (`Wallet.encrypt`) writes it. */
export const DEFAULT_SCRYPT_N = 1 << 17;
/** Largest scrypt cost we agree to compute when decrypting (1 GiB at r = 8). */
const MAX_SCRYPT_N = 1 << 20;
/** Largest PBKDF2 iteration count we agree to compute. */
const MAX_PBKDF2_C = 10_000_000;

/** Passwords are NFKC-normalised UTF-8, as ethers does; identical to geth for ASCII passwords. */
function passwordBytes(password: string | Uint8Array): Uint8Array {
  return typeof password === "string" ? new TextEncoder().encode(password.normalize("NFKC")) : password;
}

function deriveScrypt(password: Uint8Array, salt: Uint8Array, n: number, r: number, p: number, dklen: number) {
  // OpenSSL needs 128·r·(n + p + 2) bytes; Node's default cap (32 MiB) is too small for n = 2^17.
  const maxmem = 128 * r * (n + p + 2) + (1 << 20);
  return new Promise<Uint8Array>((resolve, reject) =>
    scrypt(password, salt, dklen, { N: n, r, p, maxmem }, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

function derivePbkdf2(password: Uint8Array, salt: Uint8Array, c: number, dklen: number) {
  return new Promise<Uint8Array>((resolve, reject) =>
    pbkdf2(password, salt, c, dklen, "sha256", (err, key) => (err ? reject(err) : resolve(key))),
  );
}

function aes128ctr(key: Uint8Array, iv: Uint8Array, data: Uint8Array, decrypt: boolean): Uint8Array {
  const c = decrypt ? createDecipheriv("aes-128-ctr", key, iv) : createCipheriv("aes-128-ctr", key, iv);
  return new Uint8Array(Buffer.concat([c.update(data), c.final()]));
}

const macOf = (dk: Uint8Array, ciphertext: Uint8Array) => keccak256(concatBytes(dk.subarray(16, 32), ciphertext));

/** Encrypt a private key into a V3 keystore (scrypt + aes-128-ctr). */
export async function encryptKeystore(
  privateKey: Uint8Array,
  password: string | Uint8Array,
  opts: EncryptKeystoreOptions = {},
): Promise<KeystoreV3> {
  if (!isValidPrivateKey(privateKey)) throw new TypeError("invalid secp256k1 private key");
  const n = opts.n ?? DEFAULT_SCRYPT_N;
  const r = opts.r ?? 8;
  const p = opts.p ?? 1;
  if (!isPowerOfTwo(n)) throw new RangeError("scrypt n must be a power of two greater than 1");
  const salt = opts.salt ?? new Uint8Array(randomBytes(32));
  const iv = opts.iv ?? new Uint8Array(randomBytes(16));
  const dk = await deriveScrypt(passwordBytes(password), salt, n, r, p, 32);
  const ciphertext = aes128ctr(dk.subarray(0, 16), iv, privateKey, false);
  return {
    version: 3,
    id: opts.id ?? randomUUID(),
    address: privateKeyToAddress(privateKey).slice(2),
    crypto: {
      cipher: "aes-128-ctr",
      cipherparams: { iv: hex(iv) },
      ciphertext: hex(ciphertext),
      kdf: "scrypt",
      kdfparams: { dklen: 32, n, p, r, salt: hex(salt) },
      mac: hex(macOf(dk, ciphertext)),
    },
  };
}

/**
 * Decrypt a V3 keystore (object or JSON text; scrypt or pbkdf2) to its 32-byte private key.
 * Throws `KeystoreError` with code `InvalidPassword` ("invalid password") when the MAC does not match.
 */
export async function decryptKeystore(keystore: unknown, password: string | Uint8Array): Promise<Uint8Array> {
  const ks = parseKeystore(keystore);
  const pw = passwordBytes(password);
  const kp = ks.kdfparams;
  const dk =
    ks.kdf === "scrypt"
      ? await deriveScrypt(pw, ks.salt, kp.n, kp.r, kp.p, kp.dklen)
      : await derivePbkdf2(pw, ks.salt, kp.c, kp.dklen);
  const mac = macOf(dk, ks.ciphertext);
  if (mac.length !== ks.mac.length || !timingSafeEqual(mac, ks.mac)) {
    throw new KeystoreError(KeystoreErrorCode.InvalidPassword, "invalid password");
  }
  const key = aes128ctr(dk.subarray(0, 16), ks.iv, ks.ciphertext, true);
  if (!isValidPrivateKey(key)) throw malformed("decrypted key is not a valid secp256k1 private key");
  if (ks.address !== null && privateKeyToAddress(key) !== ks.address) {
    throw malformed("keystore address does not match its private key");
  }
  return key;
}

/** The address a keystore claims (from its `address` field, without decrypting); null if absent. */
export function keystoreAddress(keystore: unknown): Address | null {
  return parseKeystore(keystore).address;
}

interface ParsedKeystore {
  address: Address | null;
  kdf: "scrypt" | "pbkdf2";
  kdfparams: { n: number; r: number; p: number; c: number; dklen: number };
  salt: Uint8Array;
  iv: Uint8Array;
  ciphertext: Uint8Array;
  mac: Uint8Array;
}

function parseKeystore(input: unknown): ParsedKeystore {
  let ks: unknown = input;
  if (typeof input === "string") {
    try {
      ks = JSON.parse(input);
    } catch {
      throw malformed("keystore is not valid JSON");
    }
  }
  if (!isObject(ks)) throw malformed("keystore is not a JSON object");
  if (ks.version !== 3) throw unsupported(`unsupported keystore version ${JSON.stringify(ks.version)}`);
  const c = ks.crypto ?? ks.Crypto; // geth wrote "Crypto" in early versions
  if (!isObject(c)) throw malformed("keystore has no crypto section");
  if (String(c.cipher).toLowerCase() !== "aes-128-ctr") throw unsupported(`unsupported cipher ${String(c.cipher)}`);
  const kdf = String(c.kdf).toLowerCase();
  if (kdf !== "scrypt" && kdf !== "pbkdf2") throw unsupported(`unsupported kdf ${String(c.kdf)}`);
  const kp = isObject(c.kdfparams) ? c.kdfparams : {};
  const dklen = int(kp.dklen, "dklen");
  if (dklen < 32 || dklen > 64) throw unsupported(`unsupported dklen ${dklen}`);
  const params = { n: 0, r: 0, p: 0, c: 0, dklen };
  if (kdf === "scrypt") {
    params.n = int(kp.n, "n");
    params.r = int(kp.r, "r");
    params.p = int(kp.p, "p");
    if (!isPowerOfTwo(params.n) || params.n > MAX_SCRYPT_N) throw unsupported(`unsupported scrypt n ${params.n}`);
    if (params.r < 1 || params.r > 32 || params.p < 1 || params.p > 16) {
      throw unsupported(`unsupported scrypt r ${params.r} / p ${params.p}`);
    }
    // RFC 7914 requires n < 2^(128·r/8); OpenSSL (node:crypto) enforces it.
    if (16 * params.r <= 30 && params.n >= 2 ** (16 * params.r)) {
      throw unsupported(`unsupported scrypt n ${params.n} for r ${params.r}: RFC 7914 requires n < 2^(16·r)`);
    }
  } else {
    if (kp.prf !== "hmac-sha256") throw unsupported(`unsupported pbkdf2 prf ${String(kp.prf)}`);
    params.c = int(kp.c, "c");
    if (params.c < 1 || params.c > MAX_PBKDF2_C) throw unsupported(`unsupported pbkdf2 iterations ${params.c}`);
  }
  const iv = bytes(isObject(c.cipherparams) ? c.cipherparams.iv : undefined, "iv");
  if (iv.length !== 16) throw malformed("iv must be 16 bytes");
  const mac = bytes(c.mac, "mac");
  if (mac.length !== 32) throw malformed("mac must be 32 bytes");
  let address: Address | null = null;
  if (ks.address !== undefined) {
    const a = String(ks.address);
    try {
      address = toAddress(a.startsWith("0x") ? a : `0x${a}`);
    } catch {
      throw malformed(`invalid keystore address ${a}`);
    }
  }
  const salt = bytes(kp.salt, "salt");
  return { address, kdf, kdfparams: params, salt, iv, ciphertext: bytes(c.ciphertext, "ciphertext"), mac };
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

function isPowerOfTwo(n: number): boolean {
  return Number.isSafeInteger(n) && n > 1 && (n & (n - 1)) === 0;
}

function int(x: unknown, name: string): number {
  if (typeof x !== "number" || !Number.isSafeInteger(x) || x < 0) throw malformed(`invalid kdf parameter ${name}`);
  return x;
}

function bytes(x: unknown, name: string): Uint8Array {
  if (typeof x !== "string") throw malformed(`missing ${name}`);
  try {
    return fromHex(x.startsWith("0x") ? x : `0x${x}`);
  } catch {
    throw malformed(`${name} is not hex`);
  }
}

const hex = (b: Uint8Array) => toHex(b).slice(2);
const malformed = (msg: string) => new KeystoreError(KeystoreErrorCode.Malformed, msg);
const unsupported = (msg: string) => new KeystoreError(KeystoreErrorCode.Unsupported, msg);
