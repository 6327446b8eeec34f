import createKeccakHash from "keccak";

/** keccak256 (Ethereum's hash) with the native binding. */
export function keccak256(data: Uint8Array): Uint8Array {
  const h = createKeccakHash("keccak256")
    .update(Buffer.from(data.buffer, data.byteOffset, data.byteLength))
    .digest();
  return new Uint8Array(h.buffer, h.byteOffset, h.byteLength);
}
