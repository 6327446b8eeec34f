import { type Logger, toHex } from "../lib/index.js";
import { Mempool, RecoveryPool } from "../mempool/index.js";
import { createModules, ModuleAddress } from "../modules/index.js";
import type { BlockView } from "../rpc/backend.js";
import { RpcServer } from "../rpc/index.js";
import { getAccount, StateMachine } from "../state/index.js";
import { ChainStore } from "../store/index.js";
import { createStateTree } from "../store/tree/index.js";
import { Chain } from "./chain.js";
import { HomeError, type LoadedHome } from "./home.js";
import { BlockProducer } from "./producer.js";
import { NodeRpcBackend } from "./rpc-backend.js";

/** A running node: what `start` returns. */
export interface RunningNode {
  chainId: bigint;
  rpcUrl: string;
  wsUrl: string;
  head(): { height: bigint; hash: string; stateRoot: string };
  /** Committed balance of an account. */
  balance(address: `0x${string}`): bigint;
  /** Stop services in reverse order of start and close the store. */
  stop(): Promise<void>;
}

/**
 * The composition root: builds store, state machine, mempool, chain, producer and RPC from a
 * node home, in order, and tears them down in reverse. It contains no chain logic itself.
 */
export async function startNode(
  home: LoadedHome,
  log: Logger,
  overrides: { rpcPort?: number } = {},
): Promise<RunningNode> {
  const { config, genesis } = home;
  const chainId = BigInt(genesis.chainId);
  const blockGasLimit = BigInt(genesis.consensus.blockGasLimit);
  const minGasPrice = BigInt(genesis.params.minGasPrice);

  if (!genesis.consensus.validators.some((v) => v.address.toLowerCase() === home.validatorKey.address)) {
    throw new HomeError(
      "HOME_INVALID",
      `this node's validator ${home.validatorKey.address} is not in the genesis validator set; until BFT consensus lands only the genesis validator can run the chain`,
    );
  }
  const store = new ChainStore({ path: home.paths.data });
  store.attachTree(createStateTree(store.treeDb, { readValue: (key) => store.get(key) }));
  const { modules } = createModules();
  const machine = new StateMachine(
    { chainId, blockGasLimit, minGasPrice, feeCollector: ModuleAddress.feeCollector },
    { store, modules, log: log.child({ service: "state" }) },
  );
  const listeners: Array<(v: BlockView) => void> = [];
  const chain = new Chain(
    { chainId, blockGasLimit, baseFee: minGasPrice, genesis },
    { store, machine, log: log.child({ service: "chain" }), onBlock: listeners },
  );
  const head = chain.open();
  log.info({ height: Number(head.height), hash: head.hash }, "chain opened");

  const recovery = new RecoveryPool(
    config.mempool.recoveryThreads === undefined ? {} : { threads: config.mempool.recoveryThreads },
  );
  const mempool = new Mempool(
    {
      chainId,
      minGasPrice,
      blockGasLimit,
      maxTxBytes: config.mempool.maxTxBytes,
      maxPerSender: config.mempool.maxPerSender,
      maxTotal: config.mempool.maxTotal,
      maxTotalBytes: config.mempool.maxTotalBytes,
      maxNonceGap: config.mempool.maxNonceGap,
      priceBumpPercent: config.mempool.priceBumpPercent,
    },
    {
      accounts: { getNonce: (a) => getAccount(store, a).nonce, getBalance: (a) => getAccount(store, a).balance },
      recovery,
    },
  );

  const backend = new NodeRpcBackend(
    { chainId, blockGasLimit, minGasPrice },
    { chain, store, machine, mempool, listeners },
  );
  const rpc = new RpcServer(
    {
      host: config.rpc.host,
      port: overrides.rpcPort ?? config.rpc.port,
      maxBodyBytes: config.rpc.maxBodyBytes,
      maxBatch: config.rpc.maxBatch,
    },
    { backend, log: log.child({ service: "rpc" }) },
  );
  const { url, wsUrl } = await rpc.start();

  const abort = new AbortController();
  const producer = new BlockProducer(
    {
      blockIntervalMs: config.consensus.blockIntervalMs,
      createEmptyBlocks: config.consensus.createEmptyBlocks,
      maxBlockBytes: config.consensus.maxBlockBytes,
      blockGasLimit,
      proposer: home.validatorKey.address,
      now: () => Date.now(),
    },
    { chain, mempool, log: log.child({ service: "producer" }), signal: abort.signal },
  );
  producer.start();

  let stopping: Promise<void> | null = null;
  return {
    chainId,
    rpcUrl: url,
    wsUrl,
    head() {
      const h = chain.head();
      const block = store.blockByHeight(h.height);
      return { height: h.height, hash: h.hash, stateRoot: block?.header.stateRoot ?? toHex(store.stateTree.root) };
    },
    balance: (address) => getAccount(store, address).balance,
    stop() {
      stopping ??= (async () => {
        abort.abort();
        await rpc.close();
        await recovery.close();
        await store.close();
        log.info("node stopped");
      })();
      return stopping;
    },
  };
}
