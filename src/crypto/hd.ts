import { createHash, createHmac, pbkdf2Sync } from "node:crypto";
import { createRequire } from "node:module";
import secp from "secp256k1";
import { CmtError } from "../lib/index.js";
import type { Address } from "./address.js";
import { privateKeyToAddress } from "./secp256k1.js";

/** Hardhat's and Foundry's well-known development mnemonic. Its keys are public: never fund them on a real chain. */
export const TEST_MNEMONIC = "test test test test test test test test test test test junk";

/** BIP-44 path of Ethereum account `i`: `m/44'/60'/0'/0/i` (MetaMask, Hardhat, ethers). */
export const hdPath = (index: number): string => `m/44'/60'/0'/0/${index}`;

/** An account derived from a mnemonic. */
export interface HdAccount {
  address: Address;
  privateKey: Uint8Array;
  /** Its derivation path. */
  path: string;
}

/** Stable code of mnemonic failures. */
export const HdErrorCode = { InvalidMnemonic: "HD_INVALID_MNEMONIC" } as const;

/**
 * The BIP-39 English word list, loaded from viem on first use only: importing viem costs ~100 ms,
 * which every importer of `crypto/` (workers, the CLI) would otherwise pay.
 */
let wordIndex: Map<string, number> | null = null;
function englishWordIndex(): Map<string, number> {
  if (wordIndex === null) {
    const { english } = createRequire(import.meta.url)("viem/accounts") as { english: readonly string[] };
    wordIndex = new Map(english.map((w, i) => [w, i]));
  }
  return wordIndex;
}

/** Split a mnemonic into NFKD-normalised words (any run of whitespace separates words). */
function mnemonicWords(mnemonic: string): string[] {
  return mnemonic.normalize("NFKD").trim().split(/\s+/);
}

/** Why `mnemonic` is not a valid English BIP-39 mnemonic, or null when it is. */
export function mnemonicProblem(mnemonic: string): string | null {
  const words = mnemonicWords(mnemonic);
  if (![12, 15, 18, 21, 24].includes(words.length)) return `expected 12, 15, 18, 21 or 24 words, got ${words.length}`;
  let bits = "";
  for (const [i, w] of words.entries()) {
    const idx = englishWordIndex().get(w);
    if (idx === undefined) return `word ${i + 1} ("${w}") is not in the BIP-39 English word list`;
    bits += idx.toString(2).padStart(11, "0");
  }
  const checksumBits = words.length / 3; // ENT / 32 with ENT = 32·words/3
  const entropyBits = bits.slice(0, bits.length - checksumBits);
  const entropy = Buffer.from(entropyBits.match(/.{8}/g)!.map((b) => Number.parseInt(b, 2)));
  const hash = createHash("sha256").update(entropy).digest();
  const expected = [...hash]
    .map((b) => b.toString(2).padStart(8, "0"))
    .join("")
    .slice(0, checksumBits);
  return expected === bits.slice(-checksumBits) ? null : "checksum mismatch (a word is wrong or out of order)";
}

/** BIP-39 seed of a mnemonic (validated first). */
function mnemonicSeed(mnemonic: string, passphrase: string): Uint8Array {
  const problem = mnemonic === TEST_MNEMONIC ? null : mnemonicProblem(mnemonic);
  if (problem !== null) throw new CmtError(HdErrorCode.InvalidMnemonic, `invalid mnemonic: ${problem}`);
  const sentence = mnemonicWords(mnemonic).join(" ");
  return pbkdf2Sync(sentence, `mnemonic${passphrase}`.normalize("NFKD"), 2048, 64, "sha512");
}

const HARDENED = 0x80000000;

/** A BIP-32 extended private key. */
interface ExtendedKey {
  key: Uint8Array;
  chainCode: Uint8Array;
}

function hmacSha512(key: Uint8Array | string, data: Uint8Array): { left: Uint8Array; right: Uint8Array } {
  const I = new Uint8Array(createHmac("sha512", key).update(data).digest());
  return { left: I.slice(0, 32), right: I.slice(32) };
}

/** BIP-32 master key: HMAC-SHA512("Bitcoin seed", seed). */
function masterKey(seed: Uint8Array): ExtendedKey {
  const { left, right } = hmacSha512("Bitcoin seed", seed);
  if (!secp.privateKeyVerify(left)) throw new Error("BIP-32: unusable master key (probability < 2^-127)");
  return { key: left, chainCode: right };
}

/** BIP-32 private child derivation CKDpriv (hardened when `index` ≥ 2^31). */
function childKey(parent: ExtendedKey, index: number): ExtendedKey {
  const data = new Uint8Array(37);
  if (index >= HARDENED) data.set(parent.key, 1);
  else data.set(secp.publicKeyCreate(parent.key, true), 0);
  new DataView(data.buffer).setUint32(33, index);
  const { left, right } = hmacSha512(parent.chainCode, data);
  // k_child = IL + k_parent (mod n); throws in the (2^-127) case of an invalid result.
  return { key: secp.privateKeyTweakAdd(new Uint8Array(parent.key), left), chainCode: right };
}

/** Derive `count` accounts `m/44'/60'/0'/0/start..` from a BIP-39 mnemonic (optional passphrase). */
export function deriveAccounts(mnemonic: string, count: number, start = 0, passphrase = ""): HdAccount[] {
  if (!Number.isSafeInteger(count) || count < 0) throw new RangeError(`invalid account count ${count}`);
  if (!Number.isSafeInteger(start) || start < 0 || start + count > 0x80000000) {
    throw new RangeError(`invalid account index ${start}`);
  }
  let parent = masterKey(mnemonicSeed(mnemonic, passphrase));
  for (const i of [44 + HARDENED, 60 + HARDENED, HARDENED, 0]) parent = childKey(parent, i);
  const out: HdAccount[] = [];
  for (let i = start; i < start + count; i++) {
    const { key } = childKey(parent, i);
    out.push({ address: privateKeyToAddress(key), privateKey: key, path: hdPath(i) });
  }
  return out;
}

/** Account `index` of a mnemonic. */
export function deriveAccount(mnemonic: string, index: number, passphrase = ""): HdAccount {
  return deriveAccounts(mnemonic, 1, index, passphrase)[0] as HdAccount;
}

/** The first `n` accounts of `TEST_MNEMONIC` (the same as Hardhat's and Anvil's dev accounts). */
export function devAccounts(n: number, mnemonic: string = TEST_MNEMONIC): HdAccount[] {
  return deriveAccounts(mnemonic, n);
}
