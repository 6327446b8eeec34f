import type { Address } from "../../crypto/index.js";
import { toHex } from "../../lib/index.js";
import type { SignedTx } from "../../types/index.js";

/** Bytes per transaction in a request: signing digest (32) ‖ r (32) ‖ s (32) ‖ recid (1). */
export const REQUEST_STRIDE = 97;
/** Bytes per transaction in a response: ok flag (1) ‖ address (20). */
export const RESPONSE_STRIDE = 21;

/** A 256-bit unsigned integer, big-endian, at `offset` (64 bits at a time, no hex round trip). */
function writeUint256(view: DataView, offset: number, n: bigint): void {
  let v = n;
  for (let o = offset + 24; o >= offset; o -= 8) {
    view.setBigUint64(o, BigInt.asUintN(64, v));
    v >>= 64n;
  }
}

/** Pack the recovery inputs of `txs` into one transferable buffer. */
export function packRequests(txs: readonly SignedTx[]): ArrayBuffer {
  const ab = new ArrayBuffer(txs.length * REQUEST_STRIDE);
  const buf = new Uint8Array(ab);
  const view = new DataView(ab);
  for (let i = 0; i < txs.length; i++) {
    const tx = txs[i] as SignedTx;
    const o = i * REQUEST_STRIDE;
    buf.set(tx.signingHash, o);
    writeUint256(view, o + 32, tx.r);
    writeUint256(view, o + 64, tx.s);
    buf[o + 96] = tx.recid;
  }
  return ab;
}

/** Read `count` recovered senders (null for an invalid signature) from a worker's response. */
export function unpackResponses(ab: ArrayBuffer, count: number): Array<Address | null> {
  const bytes = new Uint8Array(ab);
  if (bytes.length !== count * RESPONSE_STRIDE) {
    throw new RangeError(`recovery response has ${bytes.length} bytes, want ${count * RESPONSE_STRIDE}`);
  }
  const out = new Array<Address | null>(count);
  for (let i = 0; i < count; i++) {
    const o = i * RESPONSE_STRIDE;
    out[i] = bytes[o] === 1 ? toHex(bytes.subarray(o + 1, o + RESPONSE_STRIDE)) : null;
  }
  return out;
}
