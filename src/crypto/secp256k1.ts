import secp from "secp256k1";
import { toHex } from "../lib/index.js";
import type { Address } from "./address.js";
import { publicKeyToAddress } from "./address.js";
import { nativeAddon } from "./native.js";

/** secp256k1 group order n; signatures with s > n/2 are refused (EIP-2). */
export const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
export const SECP256K1_HALF_N = SECP256K1_N / 2n;

/**
 * Recover the signer address of a 32-byte digest; null when the signature is invalid (or the
 * digest and signature have the wrong lengths). Uses the native addon's current libsecp256k1, as the
 * recovery workers do; signing below stays on the `secp256k1` package.
 */
export function recoverAddress(digest: Uint8Array, sig64: Uint8Array, recid: number): Address | null {
  if (digest.length !== 32 || sig64.length !== 64 || !Number.isInteger(recid) || recid < 0) return null;
  const address = nativeAddon.recoverSender(digest, sig64, recid);
  return address === null ? null : toHex(address);
}

/** Sign a 32-byte digest; returns the 64-byte compact signature and recovery id. */
export function signDigest(digest: Uint8Array, privateKey: Uint8Array): { signature: Uint8Array; recid: number } {
  return secp.ecdsaSign(digest, privateKey);
}

/** Address of a private key. */
export function privateKeyToAddress(privateKey: Uint8Array): Address {
  return publicKeyToAddress(secp.publicKeyCreate(privateKey, false));
}

/** True when `key` is a valid secp256k1 private key. */
export function isValidPrivateKey(key: Uint8Array): boolean {
  return key.length === 32 && secp.privateKeyVerify(key);
}

/** The 33-byte compressed public key of a private key (a validator's consensus public key). */
export function compressedPublicKey(privateKey: Uint8Array): Uint8Array {
  return secp.publicKeyCreate(privateKey, true);
}
