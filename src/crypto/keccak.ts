import { createKeccak } from "hash-wasm";

/**
 * One reused Keccak-256 state of hash-wasm (WebAssembly), set up once when this module loads.
 * Hashing is synchronous, so one state per thread is safe.
 *
 * Why not the native `keccak` binding here: every hash through it costs four N-API calls
 * (initialize, absorb, pad, squeeze), and on the state-root, Merkle-root and transaction-hash
 * paths the inputs are 20–120 bytes, so the calls cost more than the permutation. Measured on this
 * machine (Node 20, 66-byte input, 300 k hashes, see docs/BENCHMARKS.md): native reused state
 * 2.05 µs, hash-wasm 0.86–1.2 µs, @noble/hashes 12.6 µs. The recovery workers hash public keys in
 * C inside the native addon instead (crypto/native.ts), one call per batch. The native `keccak`
 * package stays as the tests' reference implementation.
 */
const state = await createKeccak(256);

/** keccak256 (Ethereum's hash). */
export function keccak256(data: Uint8Array): Uint8Array {
  state.init();
  state.update(data);
  return state.digest("binary");
}

/** keccak256(a ‖ b), without concatenating them first. */
export function keccak256Concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  state.init();
  state.update(a);
  state.update(b);
  return state.digest("binary");
}
