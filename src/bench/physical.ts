// The physical limit: sender recoveries per second on one core with native libsecp256k1 0.2.0 (the
// node's admission cost per transaction), times the cores of the machine.
import { cpus } from "node:os";
import { recoverAddress } from "../crypto/index.js";
import { signTx } from "../types/index.js";
import { senderKeys } from "./load.js";

export interface PhysicalResult {
  perCore: number;
  cores: number;
  limit: number;
}

/** Recover senders of pre-signed transfers in a loop on this thread for about `ms` milliseconds. */
export function measureRecoveries(ms = 1500): PhysicalResult {
  const keys = senderKeys(50, 99);
  const txs = Array.from({ length: 2000 }, (_, i) =>
    signTx(
      {
        type: 2,
        chainId: 1818n,
        nonce: BigInt(i),
        maxFeePerGas: 1_000_000_000n,
        maxPriorityFeePerGas: 0n,
        gasLimit: 21_000n,
        to: `0x${(i + 1).toString(16).padStart(40, "0")}`,
        value: 1n,
        data: new Uint8Array(0),
        accessList: [],
      },
      keys[i % keys.length] as Uint8Array,
    ),
  );
  const sigs = txs.map((tx) => {
    const sig = new Uint8Array(64);
    sig.set(bigTo32(tx.r), 0);
    sig.set(bigTo32(tx.s), 32);
    return { digest: tx.signingHash, sig, recid: tx.recid };
  });
  let n = 0;
  const t0 = performance.now();
  let t = t0;
  while (t - t0 < ms) {
    for (const s of sigs) {
      if (recoverAddress(s.digest, s.sig, s.recid) === null) throw new Error("recovery failed");
    }
    n += sigs.length;
    t = performance.now();
  }
  const perCore = n / ((t - t0) / 1000);
  const cores = cpus().length;
  return { perCore, cores, limit: perCore * cores };
}

function bigTo32(x: bigint): Uint8Array {
  const out = new Uint8Array(32);
  for (let i = 31; i >= 0; i--) {
    out[i] = Number(x & 0xffn);
    x >>= 8n;
  }
  return out;
}
