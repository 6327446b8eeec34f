import { type Address, addressFromBytes, keccak256, SECP256K1_HALF_N, signDigest } from "../crypto/index.js";
import { bigintToBytes, bytesToBigint, concatBytes, fromHex, type Hex, toHex } from "../lib/index.js";
import {
  expectBytes,
  expectList,
  expectUint,
  RlpError,
  type RlpItem,
  rlpDecodeView,
  rlpEncode,
  rlpListHeader,
  rlpListItems,
} from "./rlp.js";
import { TxError, TxErrorCode } from "./tx-errors.js";

/** Transaction types we accept: legacy with EIP-155 replay protection, and EIP-1559. */
export type TxType = 0 | 2;

/** One access-list entry (EIP-2930), accepted in type-2 transactions and charged for. */
export interface AccessListEntry {
  address: Address;
  storageKeys: Hex[];
}

/** The fields a sender signs. */
export interface UnsignedTx {
  type: TxType;
  chainId: bigint;
  nonce: bigint;
  /** Legacy: the gas price; type 2: equal to maxFeePerGas. */
  maxFeePerGas: bigint;
  /** Legacy: equal to the gas price. */
  maxPriorityFeePerGas: bigint;
  gasLimit: bigint;
  to: Address | null;
  value: bigint;
  data: Uint8Array;
  accessList: AccessListEntry[];
}

/** A decoded, structurally valid signed transaction (the sender is recovered separately). */
export interface SignedTx extends UnsignedTx {
  v: bigint;
  r: bigint;
  s: bigint;
  /** 0 or 1: which of the two candidate keys signed. */
  recid: number;
  /** keccak256 of the raw bytes: the transaction hash. */
  hash: Hex;
  /** The digest that was signed. */
  signingHash: Uint8Array;
  /** The exact bytes received. */
  raw: Uint8Array;
}

const SECP_N = SECP256K1_HALF_N * 2n + 1n;

function decodeTo(item: RlpItem | undefined): Address | null {
  const b = expectBytes(item, "to");
  if (b.length === 0) return null;
  if (b.length !== 20) throw new RlpError("rlp: 'to' must be 20 bytes");
  return addressFromBytes(b);
}

function decodeAccessList(item: RlpItem | undefined): AccessListEntry[] {
  if (!Array.isArray(item)) throw new RlpError("rlp: expected list for accessList");
  return item.map((entry) => {
    const [addr, keys] = expectList(entry, 2, "access list entry");
    const a = expectBytes(addr, "access list address");
    if (a.length !== 20) throw new RlpError("rlp: access list address must be 20 bytes");
    if (!Array.isArray(keys)) throw new RlpError("rlp: expected list of storage keys");
    const storageKeys = keys.map((k) => {
      const kb = expectBytes(k, "storage key");
      if (kb.length !== 32) throw new RlpError("rlp: storage key must be 32 bytes");
      return toHex(kb);
    });
    return { address: addressFromBytes(a), storageKeys };
  });
}

function encodeAccessList(list: AccessListEntry[]): unknown[] {
  return list.map((e) => [fromHex(e.address), e.storageKeys.map((k) => fromHex(k))]);
}

function checkSignatureValues(r: bigint, s: bigint): void {
  if (r === 0n || r >= SECP_N || s === 0n || s > SECP256K1_HALF_N) {
    throw new TxError(TxErrorCode.InvalidSender, "invalid transaction v, r, s values");
  }
}

function legacySigningPayload(tx: UnsignedTx): unknown[] {
  return [
    tx.nonce,
    tx.maxFeePerGas,
    tx.gasLimit,
    tx.to === null ? new Uint8Array(0) : fromHex(tx.to),
    tx.value,
    tx.data,
    tx.chainId,
    0,
    0,
  ];
}

function dynamicFeeFields(tx: UnsignedTx): unknown[] {
  return [
    tx.chainId,
    tx.nonce,
    tx.maxPriorityFeePerGas,
    tx.maxFeePerGas,
    tx.gasLimit,
    tx.to === null ? new Uint8Array(0) : fromHex(tx.to),
    tx.value,
    tx.data,
    encodeAccessList(tx.accessList),
  ];
}

/** The digest a sender signs for `tx`. */
export function txSigningHash(tx: UnsignedTx): Uint8Array {
  if (tx.type === 0) return keccak256(rlpEncode(legacySigningPayload(tx)));
  return keccak256(concatBytes(Uint8Array.of(2), rlpEncode(dynamicFeeFields(tx))));
}

/**
 * The signing digest of a decoded transaction, cut from its received bytes: the signed fields are
 * already RLP-encoded there, in order, so only a new list header (and for legacy transactions the
 * EIP-155 tail chainId, 0, 0) is added. Equal to `txSigningHash` of the decoded fields.
 */
function signingHashFromRaw(raw: Uint8Array, type: TxType, chainId: bigint): Uint8Array {
  if (type === 2) {
    const items = rlpListItems(raw.subarray(1), 9);
    return keccak256(concatBytes(Uint8Array.of(2), rlpListHeader(items.length), items));
  }
  const items = rlpListItems(raw, 6);
  const tail = concatBytes(rlpEncode(chainId), Uint8Array.of(0x80, 0x80));
  return keccak256(concatBytes(rlpListHeader(items.length + tail.length), items, tail));
}

function decodeLegacy(raw: Uint8Array, fields: RlpItem[]): SignedTx {
  const nonce = expectUint(fields[0], "nonce", 8);
  const gasPrice = expectUint(fields[1], "gasPrice");
  const gasLimit = expectUint(fields[2], "gas", 8);
  const to = decodeTo(fields[3]);
  const value = expectUint(fields[4], "value");
  const data = expectBytes(fields[5], "data");
  const v = expectUint(fields[6], "v");
  const r = expectUint(fields[7], "r");
  const s = expectUint(fields[8], "s");
  if (v === 27n || v === 28n) {
    throw new TxError(TxErrorCode.NotReplayProtected, "only replay-protected (EIP-155) transactions allowed over RPC");
  }
  if (v < 35n) throw new TxError(TxErrorCode.InvalidSender, "invalid transaction v, r, s values");
  const chainId = (v - 35n) / 2n;
  const recid = Number((v - 35n) % 2n);
  checkSignatureValues(r, s);
  return {
    type: 0,
    chainId,
    nonce,
    maxFeePerGas: gasPrice,
    maxPriorityFeePerGas: gasPrice,
    gasLimit,
    to,
    value,
    data,
    accessList: [],
    v,
    r,
    s,
    recid,
    hash: toHex(keccak256(raw)),
    signingHash: signingHashFromRaw(raw, 0, chainId),
    raw,
  };
}

function decodeDynamicFee(raw: Uint8Array): SignedTx {
  const fields = expectList(rlpDecodeView(raw.subarray(1)), 12, "EIP-1559 transaction");
  const chainId = expectUint(fields[0], "chainId");
  const nonce = expectUint(fields[1], "nonce", 8);
  const maxPriorityFeePerGas = expectUint(fields[2], "maxPriorityFeePerGas");
  const maxFeePerGas = expectUint(fields[3], "maxFeePerGas");
  const gasLimit = expectUint(fields[4], "gas", 8);
  const to = decodeTo(fields[5]);
  const value = expectUint(fields[6], "value");
  const data = expectBytes(fields[7], "data");
  const accessList = decodeAccessList(fields[8]);
  const yParity = expectUint(fields[9], "yParity", 1);
  if (yParity > 1n) throw new TxError(TxErrorCode.InvalidSender, "invalid transaction v, r, s values");
  const r = expectUint(fields[10], "r");
  const s = expectUint(fields[11], "s");
  checkSignatureValues(r, s);
  // One literal in SignedTx's field order: every decoded transaction shares one object shape
  // (an object spread here cost ~3.5 µs per transaction and left shapes that vary).
  return {
    type: 2,
    chainId,
    nonce,
    maxFeePerGas,
    maxPriorityFeePerGas,
    gasLimit,
    to,
    value,
    data,
    accessList,
    v: yParity,
    r,
    s,
    recid: Number(yParity),
    hash: toHex(keccak256(raw)),
    signingHash: signingHashFromRaw(raw, 2, chainId),
    raw,
  };
}

/**
 * Decode a raw signed transaction. Refuses malformed RLP, types other than legacy and 2,
 * legacy transactions without EIP-155 replay protection and out-of-range signatures.
 */
export function decodeTx(raw: Uint8Array): SignedTx {
  try {
    if (raw.length === 0) throw new TxError(TxErrorCode.Rlp, "typed transaction too short");
    const first = raw[0] as number;
    if (first >= 0xc0) return decodeLegacy(raw, expectList(rlpDecodeView(raw), 9, "legacy transaction"));
    if (first === 2) return decodeDynamicFee(raw);
    if (first <= 0x7f) throw new TxError(TxErrorCode.TypeNotSupported, "transaction type not supported");
    throw new TxError(TxErrorCode.Rlp, "rlp: expected input list for types.LegacyTx");
  } catch (err) {
    if (err instanceof RlpError) throw new TxError(TxErrorCode.Rlp, err.message);
    throw err;
  }
}

/** Sign and encode a transaction (CLI, tests, tools). */
export function signTx(tx: UnsignedTx, privateKey: Uint8Array): SignedTx {
  const digest = txSigningHash(tx);
  const { signature, recid } = signDigest(digest, privateKey);
  const r = bytesToBigint(signature.subarray(0, 32));
  const s = bytesToBigint(signature.subarray(32));
  let raw: Uint8Array;
  let v: bigint;
  if (tx.type === 0) {
    v = tx.chainId * 2n + 35n + BigInt(recid);
    const fields = legacySigningPayload(tx).slice(0, 6);
    raw = rlpEncode([...fields, v, r, s]);
  } else {
    v = BigInt(recid);
    raw = concatBytes(Uint8Array.of(2), rlpEncode([...dynamicFeeFields(tx), v, r, s]));
  }
  return { ...tx, v, r, s, recid, hash: toHex(keccak256(raw)), signingHash: digest, raw };
}

/** The 64-byte compact signature (r ‖ s) for recovery. */
export function compactSignature(tx: SignedTx): Uint8Array {
  const out = new Uint8Array(64);
  const r = bigintToBytes(tx.r);
  const s = bigintToBytes(tx.s);
  out.set(r, 32 - r.length);
  out.set(s, 64 - s.length);
  return out;
}

/** Price per gas actually paid given the block's base fee (EIP-1559; legacy pays its gas price). */
export function effectiveGasPrice(tx: UnsignedTx, baseFee: bigint): bigint {
  const tip = tx.maxFeePerGas - baseFee;
  return baseFee + (tip < tx.maxPriorityFeePerGas ? tip : tx.maxPriorityFeePerGas);
}
