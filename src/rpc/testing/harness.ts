// Starts a real RpcServer on port 0 over a FakeBackend seeded with a few blocks, for the rpc tests.
import { encodeFunctionData } from "viem";
import { type Address, privateKeyToAddress } from "../../crypto/index.js";
import { fromHex, silentLogger } from "../../lib/index.js";
import { type SignedTx, signTx, type UnsignedTx } from "../../types/index.js";
import type { RpcServerOptions } from "../options.js";
import { RpcServer } from "../server.js";
import { FakeBackend, REVERTER, TOKEN, TOKEN_ABI } from "./fake-backend.js";

/** Chain id of the test chain. */
export const CHAIN_ID = 4242n;

/** A deterministic key pair. */
export function testKey(i: number): { privateKey: Uint8Array; address: Address } {
  const privateKey = fromHex(`0x${(i + 1).toString(16).padStart(2, "0").repeat(32)}`);
  return { privateKey, address: privateKeyToAddress(privateKey) };
}

/** Sign a transaction with defaults (type 2, 1 gwei tip, 2 gwei cap, 21000 gas). */
export function makeTx(privateKey: Uint8Array, fields: Partial<UnsignedTx> & { nonce: bigint }): SignedTx {
  return signTx(
    {
      type: 2,
      chainId: CHAIN_ID,
      maxFeePerGas: 3_000_000_000n,
      maxPriorityFeePerGas: 1_000_000_000n,
      gasLimit: 100_000n,
      to: null,
      value: 0n,
      data: new Uint8Array(0),
      accessList: [],
      ...fields,
    },
    privateKey,
  );
}

/** Calldata of `transfer(to, amount)` on the fake token. */
export function transferData(to: Address, amount: bigint): Uint8Array {
  return fromHex(encodeFunctionData({ abi: TOKEN_ABI, functionName: "transfer", args: [to, amount] }));
}

/** A running server with a seeded chain: block 1 a legacy transfer, block 2 a token transfer and a reverted call. */
export interface TestChain {
  backend: FakeBackend;
  server: RpcServer;
  url: string;
  wsUrl: string;
  alice: { privateKey: Uint8Array; address: Address };
  bob: { privateKey: Uint8Array; address: Address };
  legacyTx: SignedTx;
  tokenTx: SignedTx;
  revertedTx: SignedTx;
  /** POST a raw body; the HTTP status and the parsed JSON (or null for an empty body). */
  post(body: string, headers?: Record<string, string>): Promise<{ status: number; json: unknown }>;
  /** One JSON-RPC call; the whole response object. */
  rpc(
    method: string,
    params?: unknown,
  ): Promise<{ result?: unknown; error?: { code: number; message: string; data?: unknown } }>;
  close(): Promise<void>;
}

/** Start a seeded test chain and server. */
export async function startTestChain(options: Partial<RpcServerOptions> = {}): Promise<TestChain> {
  const alice = testKey(0);
  const bob = testKey(1);
  const backend = new FakeBackend({ chainId: CHAIN_ID, funded: [alice.address, bob.address] });
  const legacyTx = makeTx(alice.privateKey, {
    type: 0,
    nonce: 0n,
    maxFeePerGas: 2_000_000_000n,
    maxPriorityFeePerGas: 2_000_000_000n,
    gasLimit: 21_000n,
    to: bob.address,
    value: 5n,
  });
  backend.mine([{ tx: legacyTx, sender: alice.address }]);
  const tokenTx = makeTx(alice.privateKey, { nonce: 1n, to: TOKEN, data: transferData(bob.address, 1000n) });
  const revertedTx = makeTx(bob.privateKey, { nonce: 0n, to: REVERTER });
  backend.mine([
    { tx: tokenTx, sender: alice.address },
    { tx: revertedTx, sender: bob.address },
  ]);
  const server = new RpcServer({ port: 0, ...options }, { backend, log: silentLogger() });
  const { url, wsUrl } = await server.start();
  const post = async (body: string, headers: Record<string, string> = {}) => {
    const res = await fetch(url, { method: "POST", body, headers: { "Content-Type": "application/json", ...headers } });
    const text = await res.text();
    return { status: res.status, json: text === "" ? null : (JSON.parse(text) as unknown) };
  };
  let nextId = 1;
  const rpc = async (method: string, params: unknown = []) =>
    (await post(JSON.stringify({ jsonrpc: "2.0", id: nextId++, method, params }))).json as Awaited<
      ReturnType<TestChain["rpc"]>
    >;
  return {
    backend,
    server,
    url,
    wsUrl,
    alice,
    bob,
    legacyTx,
    tokenTx,
    revertedTx,
    post,
    rpc,
    close: () => server.close(),
  };
}
