import { INPUT_OFFSET, keccakModuleBytes, RATE } from "./keccak-wasm.js";

/**
 * keccak256 on our own WebAssembly sponge (keccak-wasm.ts), one instance per thread, compiled
 * synchronously when this module loads (the module is ~2 KB). Hashing is synchronous, so one
 * instance per thread is safe.
 *
 * Why WebAssembly and not the native `keccak` binding: every hash through the binding costs four
 * N-API calls (initialize, absorb, pad, squeeze), and on the state-root, Merkle-root and
 * transaction-hash paths the inputs are 20–120 bytes, so the calls cost more than the permutation.
 * Measured on this machine (Node 20, 66-byte input, 300 k hashes): native binding 2.05 µs,
 * hash-wasm 0.73–0.84 µs, this module ~0.45 µs. The recovery workers still use the native binding
 * (they hash one public key per signature, next to a 60 µs recovery).
 */
/** The part of the WebAssembly API used here (the project's TypeScript libs do not declare it). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: object };
}
interface KeccakExports {
  memory: { buffer: ArrayBuffer; grow(pages: number): number };
  absorb(blocks: number): void;
}
const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
const exports = new wasm.Instance(new wasm.Module(keccakModuleBytes()), {}).exports as KeccakExports;
let memory = new Uint8Array(exports.memory.buffer);

/** Pads the `length` input bytes at INPUT_OFFSET (Keccak's pad10*1, domain byte 0x01) and hashes them. */
function finish(length: number): Uint8Array {
  const blocks = Math.floor(length / RATE) + 1;
  const end = INPUT_OFFSET + blocks * RATE;
  memory.fill(0, INPUT_OFFSET + length, end);
  memory[INPUT_OFFSET + length] = 0x01;
  memory[end - 1] = (memory[end - 1] as number) | 0x80;
  exports.absorb(blocks);
  return memory.slice(0, 32);
}

/** Grows the module's memory so that `length` input bytes and their padding fit. */
function reserve(length: number): void {
  const needed = INPUT_OFFSET + length + RATE;
  if (needed <= memory.length) return;
  exports.memory.grow(Math.ceil((needed - memory.length) / 65536));
  memory = new Uint8Array(exports.memory.buffer);
}

/** keccak256 (Ethereum's hash). */
export function keccak256(data: Uint8Array): Uint8Array {
  reserve(data.length);
  memory.set(data, INPUT_OFFSET);
  return finish(data.length);
}

/** keccak256(a ‖ b), without concatenating them first. */
export function keccak256Concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const length = a.length + b.length;
  reserve(length);
  memory.set(a, INPUT_OFFSET);
  memory.set(b, INPUT_OFFSET + a.length);
  return finish(length);
}
