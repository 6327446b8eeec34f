import { createRequire } from "node:module";
import { REQUEST_STRIDE, RESPONSE_STRIDE } from "./packing.js";

const require = createRequire(import.meta.url);

/**
 * Absolute paths of the native bindings the worker loads, resolved here in the main thread so the
 * worker needs no module resolution of its own (it runs from an eval'd string, not from a file).
 */
export function workerModulePaths(): { secp256k1: string; keccak: string } {
  return { secp256k1: require.resolve("secp256k1"), keccak: require.resolve("keccak") };
}

/**
 * The worker's program, as plain JavaScript run with `{ eval: true }`: the same code then works
 * from compiled `dist/` and under vitest running the TypeScript sources. It recovers each packed
 * (digest, signature, recid) with libsecp256k1 and answers with ok flag ‖ keccak(pubkey)[12..32].
 */
export const WORKER_SOURCE = `
"use strict";
const { parentPort, workerData } = require("node:worker_threads");
const { createRequire } = require("node:module");
const load = createRequire(workerData.secp256k1);
const secp = load(workerData.secp256k1);
const createKeccakHash = load(workerData.keccak);
parentPort.postMessage({ ready: true });
const IN = ${REQUEST_STRIDE};
const OUT = ${RESPONSE_STRIDE};
parentPort.on("message", (msg) => {
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
    const h = createKeccakHash("keccak256").update(Buffer.from(pub.buffer, pub.byteOffset + 1, 64)).digest();
    out[i * OUT] = 1;
    out.set(h.subarray(12, 32), i * OUT + 1);
  }
  parentPort.postMessage({ id: msg.id, buf: out.buffer }, [out.buffer]);
});
`;
