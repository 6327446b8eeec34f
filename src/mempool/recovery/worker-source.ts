import { createRequire } from "node:module";
import { REQUEST_STRIDE, RESPONSE_STRIDE } from "./packing.js";

const require = createRequire(import.meta.url);

/**
 * Absolute paths of the native bindings the worker loads, resolved here in the main thread so the
 * worker needs no module resolution of its own (it runs from an eval'd string, not from a file).
 */
export function workerModulePaths(): WorkerModulePaths {
  return { secp256k1: require.resolve("secp256k1"), hashWasm: require.resolve("hash-wasm") };
}

/** What the worker loads: the native libsecp256k1 binding and hash-wasm (for keccak256). */
export interface WorkerModulePaths {
  secp256k1: string;
  hashWasm: string;
}

/**
 * The worker's program, as plain JavaScript run with `{ eval: true }`: the same code then works
 * from compiled `dist/` and under vitest running the TypeScript sources. It recovers each packed
 * (digest, signature, recid) with libsecp256k1 and answers with ok flag ‖ keccak(pubkey)[12..32].
 * keccak256 is one reused hash-wasm state, as in the main thread (crypto/keccak.ts): the `keccak`
 * package's `createKeccakHash` builds a Transform stream per hash (3.2–3.9 µs for a public key
 * against 0.75–0.8 µs, and the stream objects' garbage).
 */
export const WORKER_SOURCE = `
"use strict";
const { parentPort, workerData } = require("node:worker_threads");
const { createRequire } = require("node:module");
const load = createRequire(workerData.secp256k1);
const secp = load(workerData.secp256k1);
const { createKeccak } = load(workerData.hashWasm);
// The port queues jobs until the listener is attached, once the hasher exists.
createKeccak(256).then(
  (keccak) => {
    parentPort.on("message", (msg) => answer(msg, keccak));
    parentPort.postMessage({ ready: true });
  },
  (err) => {
    throw err; // fails the worker before it is ready: the pool reports it broken
  },
);
const IN = ${REQUEST_STRIDE};
const OUT = ${RESPONSE_STRIDE};
function answer(msg, keccak) {
  const input = new Uint8Array(msg.buf);
  const count = msg.count;
  const out = new Uint8Array(count * OUT);
  for (let i = 0; i < count; i++) {
    const o = i * IN;
    let pub;
    try {
      pub = secp.ecdsaRecover(input.subarray(o + 32, o + 96), input[o + 96], input.subarray(o, o + 32), false);
    } catch {
      continue; // invalid signature: ok flag stays 0
    }
    keccak.init();
    keccak.update(pub.subarray(1));
    const h = keccak.digest("binary");
    out[i * OUT] = 1;
    out.set(h.subarray(12, 32), i * OUT + 1);
  }
  parentPort.postMessage({ id: msg.id, buf: out.buffer }, [out.buffer]);
}
`;
