// Raw JSON-RPC over fetch, for tests that check exact error codes and messages.
import { ethers } from "ethers";
import { fromHex, type Hex, toHex } from "../../src/lib/index.js";
import { signTx, type UnsignedTx } from "../../src/types/index.js";

export const MNEMONIC = "test test test test test test test test test test test junk";

/** Dev account i of the test mnemonic (derived with ethers, independently of our own code). */
export function devKey(i: number): { address: Hex; privateKey: Uint8Array } {
  const w = ethers.HDNodeWallet.fromPhrase(MNEMONIC, undefined, `m/44'/60'/0'/0/${i}`);
  return { address: w.address.toLowerCase() as Hex, privateKey: fromHex(w.privateKey) };
}

export interface RpcResponse {
  jsonrpc: string;
  id: unknown;
  result?: unknown;
  error?: { code: number; message: string; data?: unknown };
}

/** POST a raw body. */
export async function post(url: string, body: string): Promise<{ status: number; json: RpcResponse | RpcResponse[] }> {
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body });
  return { status: res.status, json: (await res.json()) as RpcResponse | RpcResponse[] };
}

/** One JSON-RPC call. */
export async function rpc(url: string, method: string, params: unknown[] = []): Promise<RpcResponse> {
  return (await post(url, JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }))).json as RpcResponse;
}

/** A call that must succeed; returns its result. */
export async function call<T = unknown>(url: string, method: string, params: unknown[] = []): Promise<T> {
  const r = await rpc(url, method, params);
  if (r.error) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
  return r.result as T;
}

/** Sign an EIP-1559 transaction with defaults for the devnet (chain 1818, 1 gwei). */
export function signed(key: { privateKey: Uint8Array }, tx: Partial<UnsignedTx> & { nonce: bigint }): Hex {
  return toHex(
    signTx(
      {
        type: 2,
        chainId: 1818n,
        maxFeePerGas: 1_000_000_000n,
        maxPriorityFeePerGas: 0n,
        gasLimit: 21_000n,
        to: `0x${"ab".repeat(20)}`,
        value: 1n,
        data: new Uint8Array(0),
        accessList: [],
        ...tx,
      },
      key.privateKey,
    ).raw,
  );
}
