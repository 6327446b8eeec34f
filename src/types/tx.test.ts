import { describe, expect, it } from "vitest";
import { privateKeyToAddress, recoverAddress } from "../crypto/index.js";
import { fromHex, toHex } from "../lib/index.js";
import { compactSignature, decodeTx, signTx, txSigningHash, type UnsignedTx } from "./tx.js";

const KEY = fromHex(`0x${"42".repeat(32)}`);

function tx(over: Partial<UnsignedTx>): UnsignedTx {
  return {
    type: 2,
    chainId: 1818n,
    nonce: 7n,
    maxFeePerGas: 2_000_000_000n,
    maxPriorityFeePerGas: 1_000_000_000n,
    gasLimit: 21_000n,
    to: "0x00000000000000000000000000000000000a11ce",
    value: 10n ** 18n,
    data: new Uint8Array(0),
    accessList: [],
    ...over,
  };
}

// Data lengths around the RLP header boundaries (single byte, 55/56, two-byte lengths) and fields
// whose list grows past 55 and 255 bytes: the digest cut from the raw bytes must equal a fresh encoding.
const dataSizes = [0, 1, 55, 56, 200, 300, 70_000];

describe("decodeTx signing hash (cut from the received bytes)", () => {
  for (const type of [0, 2] as const) {
    for (const size of dataSizes) {
      it(`type ${type}, ${size} data bytes: equals the digest of the re-encoded fields and recovers the signer`, () => {
        const data = new Uint8Array(size).map((_, i) => (i * 7 + 1) % 256);
        const unsigned = tx({ type, data, ...(type === 0 ? { maxPriorityFeePerGas: 2_000_000_000n } : {}) });
        const decoded = decodeTx(signTx(unsigned, KEY).raw);
        expect(toHex(decoded.signingHash)).toBe(toHex(txSigningHash(unsigned)));
        expect(recoverAddress(decoded.signingHash, compactSignature(decoded), decoded.recid)).toBe(
          privateKeyToAddress(KEY),
        );
      });
    }
  }

  it("type 2 with an access list, a zero nonce and a large chain id", () => {
    const unsigned = tx({
      chainId: 2n ** 40n,
      nonce: 0n,
      value: 0n,
      accessList: [
        { address: "0x00000000000000000000000000000000000b0b00", storageKeys: [`0x${"01".repeat(32)}`] },
        { address: "0x00000000000000000000000000000000000c0c00", storageKeys: [] },
      ],
    });
    const decoded = decodeTx(signTx(unsigned, KEY).raw);
    expect(toHex(decoded.signingHash)).toBe(toHex(txSigningHash(unsigned)));
  });

  it("legacy with a chain id whose EIP-155 v needs several bytes", () => {
    const unsigned = tx({ type: 0, chainId: 2n ** 40n + 3n, maxPriorityFeePerGas: 2_000_000_000n });
    const decoded = decodeTx(signTx(unsigned, KEY).raw);
    expect(decoded.chainId).toBe(2n ** 40n + 3n);
    expect(toHex(decoded.signingHash)).toBe(toHex(txSigningHash(unsigned)));
  });
});
