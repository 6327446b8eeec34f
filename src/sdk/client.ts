import {
  type Account,
  type Chain,
  createPublicClient,
  createWalletClient,
  type GetContractReturnType,
  getContract,
  type Hash,
  http,
  type PublicClient,
  type TransactionReceipt,
  type Transport,
  type WalletClient,
  webSocket,
} from "viem";
import { cyberMilesChain, DEVNET_CHAIN_ID } from "./chain.js";
import { TransactionRevertedError } from "./errors.js";
import { decodeModuleEvents, type ModuleEvent } from "./events.js";
import { type ModuleName, moduleAddresses, type SystemModules, systemModules } from "./modules.js";
import { revertReasonOf } from "./revert.js";

/** Options of `createCyberMilesClient`: a node (`url` or a viem `transport`), and optionally a signer. */
export interface CyberMilesClientOptions<A extends Account | undefined = Account | undefined> {
  /** Node JSON-RPC URL: http(s):// or ws(s)://. */
  url?: string;
  /** A viem transport instead of `url` (e.g. `fallback([...])`, `custom(window.ethereum)`). */
  transport?: Transport;
  /** Signs writes (`privateKeyToAccount(...)`, `mnemonicToAccount(...)`); without it, pass `account` per write. */
  account?: A;
  /** The chain; default `cyberMilesChain(chainId, url)`. */
  chain?: Chain;
  /** Chain id when no `chain` is given (default 1818, the devnet's). */
  chainId?: number;
  /** How often to poll for receipts and blocks in ms (default: half the 1 s block time). */
  pollingInterval?: number;
}

type Clients<A extends Account | undefined> = {
  public: PublicClient<Transport, Chain>;
  wallet: WalletClient<Transport, Chain, A>;
};

/** A typed viem contract (read, write, simulate, estimateGas, getEvents, watchEvent) per system module. */
export type ModuleClients<A extends Account | undefined = Account | undefined> = {
  [K in ModuleName]: GetContractReturnType<SystemModules[K]["abi"], Clients<A>, SystemModules[K]["address"]>;
};

/** What `waitForSuccess` returns: the receipt of a successful transaction and its module events. */
export interface SuccessfulTransaction {
  receipt: TransactionReceipt;
  events: ModuleEvent[];
}

/** A CyberMiles client: module clients by name plus the viem clients and helpers. */
export type CyberMilesClient<A extends Account | undefined = Account | undefined> = ModuleClients<A> & {
  chain: Chain;
  public: PublicClient<Transport, Chain>;
  wallet: WalletClient<Transport, Chain, A>;
  /** Module and module-owned account addresses. */
  addresses: typeof moduleAddresses;
  /**
   * Wait for the receipt of `hash`; resolve with it and its decoded module events, or throw
   * `TransactionRevertedError` carrying the module's revert reason.
   */
  waitForSuccess(hash: Hash, options?: { timeoutMs?: number }): Promise<SuccessfulTransaction>;
};

/**
 * A typed client for a CyberMiles node, built on viem.
 *
 * @example
 * const cmt = createCyberMilesClient({ url: "http://127.0.0.1:8545", account: privateKeyToAccount(key) });
 * const id = await cmt.escrow.read.nextId();
 * const hash = await cmt.escrow.write.fund([id], { value: deposit });
 * const { events } = await cmt.waitForSuccess(hash);
 */
export function createCyberMilesClient<A extends Account | undefined = undefined>(
  options: CyberMilesClientOptions<A>,
): CyberMilesClient<A> {
  const url = options.url;
  if (url === undefined && options.transport === undefined)
    throw new Error("createCyberMilesClient: pass url or transport");
  const transport = options.transport ?? (/^wss?:/.test(url as string) ? webSocket(url) : http(url));
  const chain = options.chain ?? cyberMilesChain(options.chainId ?? DEVNET_CHAIN_ID, url ?? "http://127.0.0.1:8545");
  const polling = options.pollingInterval === undefined ? {} : { pollingInterval: options.pollingInterval };
  const publicClient = createPublicClient({ chain, transport, ...polling }) as PublicClient<Transport, Chain>;
  const walletClient = createWalletClient({ chain, transport, account: options.account, ...polling }) as WalletClient<
    Transport,
    Chain,
    A
  >;
  const modules = {} as Record<ModuleName, unknown>;
  for (const name of Object.keys(systemModules) as ModuleName[]) {
    const { address, abi } = systemModules[name];
    modules[name] = getContract({ address, abi, client: { public: publicClient, wallet: walletClient } });
  }

  async function waitForSuccess(hash: Hash, opts: { timeoutMs?: number } = {}): Promise<SuccessfulTransaction> {
    const receipt = await publicClient.waitForTransactionReceipt({ hash, timeout: opts.timeoutMs ?? 60_000 });
    if (receipt.status === "reverted") {
      const { reason, cause } = await replayForReason(publicClient, hash);
      throw new TransactionRevertedError(hash, receipt, reason, { cause });
    }
    return { receipt, events: decodeModuleEvents(receipt.logs) };
  }

  return {
    ...(modules as ModuleClients<A>),
    chain,
    public: publicClient,
    wallet: walletClient,
    addresses: moduleAddresses,
    waitForSuccess,
  };
}

/**
 * Receipts do not carry revert data, so the reason of a mined revert is found by replaying the
 * transaction with eth_call on the state before its block (the node keeps the last 128 blocks'
 * state by default), or on the latest state when that is no longer kept. The replay sees the block's
 * earlier transactions' effects only in the latter case; a replay that succeeds gives a null reason.
 */
async function replayForReason(
  client: PublicClient<Transport, Chain>,
  hash: Hash,
): Promise<{ reason: string | null; cause?: unknown }> {
  const tx = await client.getTransaction({ hash });
  const replay = (blockNumber?: bigint) =>
    client.call({
      account: tx.from,
      to: tx.to,
      data: tx.input,
      value: tx.value,
      gas: tx.gas,
      ...(blockNumber === undefined ? {} : { blockNumber }),
    });
  try {
    const parent = tx.blockNumber !== null && tx.blockNumber > 0n ? tx.blockNumber - 1n : undefined;
    await replay(parent).catch((err: unknown) => {
      if (parent === undefined || !/historical state not available/.test((err as Error).message)) throw err;
      return replay();
    });
    return { reason: null };
  } catch (err) {
    return { reason: revertReasonOf(err), cause: err };
  }
}
