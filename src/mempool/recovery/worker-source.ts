import { NATIVE_ADDON_PATH } from "../../crypto/index.js";
import { REQUEST_STRIDE, RESPONSE_STRIDE } from "./packing.js";

/**
 * What the worker loads, resolved here in the main thread so the worker needs no module resolution
 * of its own (it runs from an eval'd string, not from a file): the native addon's absolute path.
 */
export function workerModulePaths(): WorkerModulePaths {
  return { native: NATIVE_ADDON_PATH };
}

/** The native addon (crypto/native.ts), which recovers a whole batch in one call. */
export interface WorkerModulePaths {
  native: string;
}

/**
 * The worker's program, as plain JavaScript run with `{ eval: true }`: the same code then works
 * from compiled `dist/` and under vitest running the TypeScript sources. Each message is one
 * packed batch (packing.ts); the addon recovers it with libsecp256k1, hashes each public key with
 * keccak256 in C, and fills the response buffer in one call, with no JavaScript work per
 * transaction. The strides are checked against the addon's own at start.
 */
export const WORKER_SOURCE = `
"use strict";
const { parentPort, workerData } = require("node:worker_threads");
const native = require(workerData.native);
const IN = ${REQUEST_STRIDE};
const OUT = ${RESPONSE_STRIDE};
if (native.requestStride !== IN || native.responseStride !== OUT) {
  throw new Error("recovery worker: the addon's strides " + native.requestStride + "/" + native.responseStride +
    " differ from packing.ts's " + IN + "/" + OUT);
}
parentPort.on("message", (msg) => {
  const out = new Uint8Array(msg.count * OUT);
  native.recoverSenders(new Uint8Array(msg.buf, 0, msg.count * IN), out);
  parentPort.postMessage({ id: msg.id, buf: out.buffer }, [out.buffer]);
});
parentPort.postMessage({ ready: true });
`;
