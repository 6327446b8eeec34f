import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

/**
 * The compiled addon (binding.gyp, native/README.md): sender recovery over a vendored current
 * libsecp256k1. `npm ci` builds it into build/Release; the path is the same from src/ (vitest) and
 * dist/ (the node), which sit at the same depth.
 */
export const NATIVE_ADDON_PATH = fileURLToPath(new URL("../../build/Release/cybermiles_native.node", import.meta.url));

/** What the addon exports (native/src/addon.c). */
export interface NativeAddon {
  /**
   * Recover a batch in one call: per transaction `requests` holds digest (32) ‖ r (32) ‖ s (32) ‖
   * recid (1), and `responses` gets ok (1) ‖ address (20); ok = 0 for an invalid signature.
   */
  recoverSenders(requests: Uint8Array, responses: Uint8Array): void;
  /** The 20-byte sender of one signature, or null when it is invalid. */
  recoverSender(digest: Uint8Array, signature: Uint8Array, recid: number): Uint8Array | null;
  /** keccak256, for tests that hold the addon's hash against a reference. */
  keccak256(data: Uint8Array): Uint8Array;
  readonly requestStride: number;
  readonly responseStride: number;
  readonly libsecp256k1Version: string;
}

function load(): NativeAddon {
  try {
    return createRequire(import.meta.url)(NATIVE_ADDON_PATH) as NativeAddon;
  } catch (err) {
    throw new Error(
      `the native addon is not built (${NATIVE_ADDON_PATH}): run \`npm ci\` or \`npm run build:native\`, which compile ` +
        "it with node-gyp (python3, make and a C compiler)",
      { cause: err },
    );
  }
}

/** The loaded addon; importing this module fails loudly when it was not built. */
export const nativeAddon: NativeAddon = load();
