import {
  BaseError,
  ContractFunctionRevertedError,
  createPublicClient,
  createWalletClient,
  defineChain,
  getAddress,
  http,
  NonceTooLowError,
  type PublicClient,
  parseAbi,
  webSocket,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toHex } from "../lib/index.js";
import { REVERTER, TOKEN, TOKEN_ABI } from "./testing/fake-backend.js";
import { makeTx, startTestChain, type TestChain, transferData } from "./testing/harness.js";
import { waitForEvent } from "./testing/wait.js";

let chain: TestChain;
let client: PublicClient;
const cyber = (url: string) =>
  defineChain({
    id: 4242,
    name: "cybermiles-test",
    nativeCurrency: { name: "CMT", symbol: "CMT", decimals: 18 },
    rpcUrls: { default: { http: [url] } },
  });
const TRANSFER = TOKEN_ABI[0];

beforeAll(async () => {
  chain = await startTestChain();
  client = createPublicClient({ chain: cyber(chain.url), transport: http(chain.url), pollingInterval: 50 });
});
afterAll(() => chain.close());

function mineTransfer(amount: bigint): void {
  const { backend, alice, bob } = chain;
  const tx = makeTx(alice.privateKey, {
    nonce: backend.pendingNonce(alice.address),
    to: TOKEN,
    data: transferData(bob.address, amount),
  });
  backend.mine([{ tx, sender: alice.address }]);
}

describe("viem over HTTP", () => {
  it("reads chain id, blocks, transactions and receipts", async () => {
    expect(await client.getChainId()).toBe(4242);
    const block = await client.getBlock({ blockNumber: 2n, includeTransactions: true });
    expect(block.hash).toBe(chain.backend.blocks[2]!.hash);
    expect(block.timestamp).toBe(1_700_000_002n);
    expect(block.transactions.map((t) => t.hash)).toEqual([chain.tokenTx.hash, chain.revertedTx.hash]);
    const tx = await client.getTransaction({ hash: chain.tokenTx.hash });
    expect(tx).toMatchObject({ type: "eip1559", from: chain.alice.address, to: TOKEN, blockNumber: 2n, nonce: 1 });
    const legacy = await client.getTransaction({ hash: chain.legacyTx.hash });
    expect(legacy).toMatchObject({ type: "legacy", gasPrice: 2_000_000_000n, value: 5n });
    expect((await client.getTransactionReceipt({ hash: chain.tokenTx.hash })).status).toBe("success");
    expect((await client.getTransactionReceipt({ hash: chain.revertedTx.hash })).status).toBe("reverted");
  });

  it("decodes logs filtered by address and indexed args", async () => {
    const logs = await client.getLogs({
      address: TOKEN,
      event: TRANSFER,
      args: { from: chain.alice.address },
      fromBlock: 0n,
    });
    expect(logs).toHaveLength(1);
    expect(logs[0]?.args).toEqual({
      from: getAddress(chain.alice.address),
      to: getAddress(chain.bob.address),
      value: 1000n,
    });
    expect(logs[0]?.logIndex).toBe(0);
    const none = await client.getLogs({
      address: TOKEN,
      event: TRANSFER,
      args: { from: chain.bob.address },
      fromBlock: 0n,
    });
    expect(none).toEqual([]);
  });

  it("surfaces revert reasons as ContractFunctionRevertedError", async () => {
    const err = await client
      .readContract({
        address: REVERTER,
        abi: parseAbi(["function foo() view returns (uint256)"]),
        functionName: "foo",
      })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BaseError);
    const reverted = (err as BaseError).walk((e) => e instanceof ContractFunctionRevertedError);
    expect((reverted as ContractFunctionRevertedError).reason).toBe("not allowed");
  });

  it("reports fees", async () => {
    const history = await client.getFeeHistory({ blockCount: 2, rewardPercentiles: [50] });
    expect(history.baseFeePerGas).toHaveLength(3);
    expect(history.reward).toHaveLength(2);
    const fees = await client.estimateFeesPerGas();
    expect(fees.maxPriorityFeePerGas).toBe(1n);
  });

  it("sends from a local account and classifies nonce errors", async () => {
    const account = privateKeyToAccount(toHex(chain.alice.privateKey));
    const wallet = createWalletClient({ account, chain: cyber(chain.url), transport: http(chain.url) });
    const hash = await wallet.sendTransaction({ to: chain.bob.address, value: 1n });
    chain.backend.mine();
    const receipt = await client.waitForTransactionReceipt({ hash, pollingInterval: 50 });
    expect(receipt.status).toBe("success");
    const err = await wallet.sendTransaction({ to: chain.bob.address, value: 1n, nonce: 0 }).catch((e: unknown) => e);
    expect((err as BaseError).walk((e) => e instanceof NonceTooLowError)).toBeInstanceOf(NonceTooLowError);
  });
});

describe("viem over WebSocket", () => {
  it("watches blocks and events through subscriptions", async () => {
    const ws = createPublicClient({ chain: cyber(chain.url), transport: webSocket(chain.wsUrl) });
    try {
      expect(await ws.getChainId()).toBe(4242);
      let stop = () => {};
      const block = await waitForEvent<bigint>(
        (deliver) => {
          stop = ws.watchBlocks({ onBlock: (b) => deliver(b.number), onError: () => {} });
        },
        () => chain.backend.mine([]),
      );
      stop();
      expect(block).toBeGreaterThan(2n);
      const value = await waitForEvent<bigint | undefined>(
        (deliver) => {
          stop = ws.watchEvent({
            address: TOKEN,
            event: TRANSFER,
            args: { from: chain.alice.address },
            onLogs: (logs) => deliver(logs[0]?.args.value),
          });
        },
        () => mineTransfer(9n),
      );
      stop();
      expect(value).toBe(9n);
      await expect(ws.request({ method: "eth_nope" as "eth_chainId" })).rejects.toMatchObject({ code: -32601 });
    } finally {
      const rpc = await ws.transport.getRpcClient();
      rpc.close();
    }
  });
});
