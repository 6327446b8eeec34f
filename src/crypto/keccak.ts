import { createRequire } from "node:module";
import { dirname } from "node:path";
import createKeccakHash from "keccak";

/** The native Keccak sponge of the `keccak` package (libkeccak via node-gyp-build). */
interface NativeKeccakState {
  initialize(rate: number, capacity: number): void;
  absorb(data: Buffer): void;
  absorbLastFewBits(bits: number): void;
  squeeze(length: number): Buffer;
}

/**
 * One reused native sponge. The package's `createKeccakHash` builds a stream object and a fresh
 * native state per call (~3.7 µs); reusing one state gives the same hashes for ~1.6 µs, which
 * matters on the state-root hot path (docs/state-tree.md). Hashing is synchronous, so one
 * state per thread is safe.
 */
function loadNativeState(): NativeKeccakState | null {
  try {
    const require = createRequire(import.meta.url);
    const dir = dirname(require.resolve("keccak/package.json"));
    const State = require(require.resolve("node-gyp-build", { paths: [dir] }))(dir) as new () => NativeKeccakState;
    return new State();
  } catch {
    return null; // no prebuilt binding for this platform: the package's own fallback below
  }
}

const native = loadNativeState();

/** keccak256 (Ethereum's hash) with the native binding. */
export function keccak256(data: Uint8Array): Uint8Array {
  const input = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  if (native) {
    native.initialize(1088, 512);
    native.absorb(input);
    native.absorbLastFewBits(0x01);
    const out = native.squeeze(32);
    return new Uint8Array(out.buffer, out.byteOffset, 32);
  }
  const h = createKeccakHash("keccak256").update(input).digest();
  return new Uint8Array(h.buffer, h.byteOffset, h.byteLength);
}
