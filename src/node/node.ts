import { ConsensusDriver } from "../consensus/driver.js";
import { PrivValidator } from "../consensus/signer.js";
import { Wal } from "../consensus/wal.js";
import { type Logger, toHex } from "../lib/index.js";
import { Mempool, RecoveryPool } from "../mempool/index.js";
import { createModules, ModuleAddress } from "../modules/index.js";
import { readValidatorSet } from "../modules/staking/index.js";
import { chainNames, type Network, startNetwork } from "../network/index.js";
import type { BlockView } from "../rpc/backend.js";
import { RpcServer } from "../rpc/index.js";
import { getAccount, StateMachine } from "../state/index.js";
import { ChainStore } from "../store/index.js";
import { createStateTree } from "../store/tree/index.js";
import { decodeConsensusMessage, encodeBlock, encodeConsensusMessage } from "../types/index.js";
import { Chain } from "./chain.js";
import { NodeConsensusApp } from "./consensus-app.js";
import { EvidencePool } from "./evidence-pool.js";
import type { LoadedHome } from "./home.js";
import { NodeRpcBackend } from "./rpc-backend.js";
import { encodeStatus, type SyncChain, serveBlocks, syncFromPeers } from "./sync.js";
import { GossipingMempool } from "./tx-gossip.js";
import { ValidatorSets } from "./validator-sets.js";

/** A running node: what `start` returns. */
export interface RunningNode {
  chainId: bigint;
  rpcUrl: string;
  wsUrl: string;
  /** libp2p peer id and dialable addresses of this node. */
  peerId: string;
  p2pAddresses: string[];
  head(): { height: bigint; hash: string; stateRoot: string };
  /** Committed balance of an account. */
  balance(address: `0x${string}`): bigint;
  /** Stop services in reverse order of start and close the store. */
  stop(): Promise<void>;
}

/**
 * The composition root: builds store, state machine, mempool, chain, network, consensus and RPC from a
 * node home, in order, and tears them down in reverse. It contains no chain logic itself.
 */
export async function startNode(
  home: LoadedHome,
  log: Logger,
  overrides: { rpcPort?: number; p2pListen?: string[] } = {},
): Promise<RunningNode> {
  const { config, genesis } = home;
  const chainId = BigInt(genesis.chainId);
  const blockGasLimit = BigInt(genesis.consensus.blockGasLimit);
  const minGasPrice = BigInt(genesis.params.minGasPrice);

  const store = new ChainStore({ path: home.paths.data, stateHistory: config.store.stateHistory });
  store.attachTree(createStateTree(store.treeReader, { readValue: (key) => store.get(key) }));
  const { modules } = createModules();
  const machine = new StateMachine(
    { chainId, blockGasLimit, minGasPrice, feeCollector: ModuleAddress.feeCollector },
    { store, modules, log: log.child({ service: "state" }) },
  );
  const listeners: Array<(v: BlockView) => void> = [];
  const chain = new Chain(
    { chainId, blockGasLimit, baseFee: minGasPrice, genesis },
    { store, machine, log: log.child({ service: "chain" }), onBlock: listeners, readGenesis: home.readGenesis },
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

  const names = chainNames(chainId);
  const network = await startNetwork({
    listen: overrides.p2pListen ?? config.p2p.listen,
    peers: config.p2p.persistentPeers,
    keyFile: home.paths.peerKey,
    log: log.child({ service: "p2p" }),
    // Identical bytes are delivered once per this TTL: short, so that the driver's periodic
    // re-gossip of its votes and proposal reaches a peer that restarted within the height.
    seenTtlMs: 2_000,
    maxMessageBytes: {
      // A proposal carries its whole block; a tx batch is at most ~1 MiB of transactions.
      [names.consensusTopic]: config.consensus.maxBlockBytes + 64 * 1024,
      [names.txTopic]: 2 * 1024 * 1024,
    },
  });
  const gossip = new GossipingMempool(
    mempool,
    { publish: (d) => network.publish(names.txTopic, d), subscribe: (h) => network.subscribe(names.txTopic, h) },
    log.child({ service: "txgossip" }),
  );

  const sets = new ValidatorSets(
    store,
    genesis.consensus.validators
      .map((v) => ({ address: v.address.toLowerCase() as `0x${string}`, power: BigInt(v.power) }))
      .sort((a, b) => (a.address < b.address ? -1 : 1)),
    (h) => readValidatorSet(store, h),
  );
  sets.open(head.height);
  chain.attachValidatorSource((h) => sets.at(h));
  const evidence = new EvidencePool();
  const app = new NodeConsensusApp(
    {
      chainId,
      blockGasLimit,
      maxBlockBytes: config.consensus.maxBlockBytes,
      address: home.validatorKey.address,
      now: () => Date.now(),
      blockIntervalMs: config.consensus.blockIntervalMs,
      timeoutProposeMs: config.consensus.timeoutProposeMs,
    },
    { chain, store, mempool: gossip, recovery, sets, evidence, log: log.child({ service: "consensus" }) },
  );

  const backend = new NodeRpcBackend(
    { chainId, blockGasLimit, minGasPrice },
    { chain, store, machine, mempool: gossip, listeners },
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

  // Block sync: serve our blocks with their commits; fetch what we miss before joining consensus.
  network.handle(names.syncStatusProtocol, async () => encodeStatus(chain.head().height));
  // One view of the chain for block sync: what we serve and how fetched blocks are applied.
  const syncChain: SyncChain = {
    height: () => chain.head().height,
    blockWithCommit: (h) => {
      const block = store.blockByHeight(h);
      const commit = store.commitOf(h);
      return block && commit ? { block: encodeBlock(block), commit } : null;
    },
    applySynced: (b, c) => app.applySynced(b, c),
  };
  network.handle(names.syncBlocksProtocol, async (req) => serveBlocks(syncChain, req), { maxRequestBytes: 1024 });
  const abort = new AbortController();
  const syncProtocols = { status: names.syncStatusProtocol, blocks: names.syncBlocksProtocol };
  const syncLog = log.child({ service: "sync" });

  const wal = Wal.open(home.paths.wal);
  const signer = PrivValidator.open({
    privateKey: home.validatorKey.privateKey,
    statePath: home.paths.validatorState,
    chainId,
  });
  let syncing: Promise<void> | null = null;
  const driver: ConsensusDriver = new ConsensusDriver({
    app,
    transport: {
      broadcast: (msg) => {
        network
          .publish(names.consensusTopic, encodeConsensusMessage(msg))
          .catch((err: Error) => log.warn({ err: err.message }, "consensus publish failed"));
      },
    },
    signer,
    wal,
    chainId,
    options: {
      timeouts: {
        propose: { baseMs: config.consensus.timeoutProposeMs, deltaMs: config.consensus.timeoutDeltaMs },
        prevote: { baseMs: config.consensus.timeoutPrevoteMs, deltaMs: config.consensus.timeoutDeltaMs },
        precommit: { baseMs: config.consensus.timeoutPrecommitMs, deltaMs: config.consensus.timeoutDeltaMs },
      },
      blockIntervalMs: config.consensus.blockIntervalMs,
      emptyBlocks: config.consensus.createEmptyBlocks,
    },
    log: log.child({ service: "consensus" }),
    onEvidence: (e) => evidence.add(e),
    onBehind: () => {
      syncing ??= (async () => {
        try {
          await syncFromPeers(network, syncChain, syncProtocols, syncLog, abort.signal);
          if (!abort.signal.aborted) await driver.skipTo(Number(chain.head().height) + 1);
        } catch (err) {
          syncLog.warn({ err: (err as Error).message }, "sync failed");
        } finally {
          syncing = null;
        }
      })();
    },
    onFatal: (err) => log.fatal({ err: err.message }, "consensus stopped"),
  });
  app.useCommitSource((h) => driver.lastCommit(h));
  network.subscribe(names.consensusTopic, (data, from) => {
    try {
      return driver.receive(decodeConsensusMessage(data), from);
    } catch {
      return "reject";
    }
  });
  // Catch up from whoever is reachable now, then join consensus at the tip.
  await waitForPeers(network, config.p2p.persistentPeers.length > 0 ? 3000 : 0, abort.signal);
  await syncFromPeers(network, syncChain, syncProtocols, syncLog, abort.signal);
  await driver.start(Number(chain.head().height) + 1);

  let stopping: Promise<void> | null = null;
  return {
    chainId,
    rpcUrl: url,
    wsUrl,
    peerId: network.peerId,
    p2pAddresses: network.addresses(),
    head() {
      const h = chain.head();
      const block = store.blockByHeight(h.height);
      return { height: h.height, hash: h.hash, stateRoot: block?.header.stateRoot ?? toHex(store.stateTree.root) };
    },
    balance: (address) => getAccount(store, address).balance,
    stop() {
      stopping ??= (async () => {
        abort.abort();
        await driver.stop();
        await syncing;
        gossip.flush();
        await network.stop();
        wal.close();
        await rpc.close();
        await recovery.close();
        await store.close();
        log.info("node stopped");
      })();
      return stopping;
    },
  };
}

/** Give persistent peers a moment to connect before the first sync (a lone node waits for none). */
async function waitForPeers(network: Network, ms: number, signal: AbortSignal): Promise<void> {
  const until = Date.now() + ms;
  while (network.peers().length === 0 && Date.now() < until && !signal.aborted) {
    await new Promise((r) => setTimeout(r, 100));
  }
}
