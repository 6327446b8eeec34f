// A chain on a real LMDB in a temp dir, driven block by block: for module and state-machine
// tests (DESIGN testing layer 2). No processes, no network, no clock: the test gives block times.
import { rmSync } from "node:fs";
import { type Address, privateKeyToAddress, recoverAddress } from "../src/crypto/index.js";
import { fromHex, silentLogger } from "../src/lib/index.js";
import { testTempDir } from "../src/lib/temp-dir.testing.js";
import { createModules, ModuleAddress } from "../src/modules/index.js";
import { Chain } from "../src/node/chain.js";
import {
  type BlockConsensusInfo,
  type BlockInfo,
  type ExecutedBlock,
  type GenesisDoc,
  type ModuleDescriptor,
  StateMachine,
} from "../src/state/index.js";
import { ChainStore } from "../src/store/index.js";
import { createStateTree } from "../src/store/tree/index.js";
import {
  compactSignature,
  decodeTx,
  GENESIS_SUPPLY,
  type SignedTx,
  signTx,
  type UnsignedTx,
  WEI_PER_CMT,
} from "../src/types/index.js";

export const CHAIN_ID = 1818n;
export const MIN_GAS_PRICE = 1_000_000_000n;
export const GENESIS_TIME = 1_700_000_000_000n;

/** Deterministic test keys: 0x01.., 0x02.., ... */
export function testKey(i: number): { privateKey: Uint8Array; address: Address } {
  const privateKey = fromHex(`0x${(i + 1).toString(16).padStart(2, "0").repeat(32)}`);
  return { privateKey, address: privateKeyToAddress(privateKey) };
}

/**
 * A genesis of exactly 1 B CMT: `funded` accounts share 700 M, vesting holds 100 M for each of
 * two beneficiaries, the reserve 100 M.
 */
export function testGenesis(opts: { funded: Address[]; team: Address; fiveMiles: Address; time?: bigint }): GenesisDoc {
  const time = (opts.time ?? GENESIS_TIME).toString();
  const offering = 700_000_000n * WEI_PER_CMT;
  const each = offering / BigInt(opts.funded.length);
  const balances = opts.funded.map((address, i) => ({
    address,
    amount: (i === 0 ? offering - each * BigInt(opts.funded.length - 1) : each).toString(),
  }));
  const hundredM = (100_000_000n * WEI_PER_CMT).toString();
  balances.push({ address: ModuleAddress.vesting, amount: (200_000_000n * WEI_PER_CMT).toString() });
  balances.push({ address: ModuleAddress.reserve, amount: hundredM });
  return {
    chainId: CHAIN_ID.toString(),
    genesisTime: time,
    consensus: { blockGasLimit: "30000000", validators: [{ address: testKey(99).address, power: "1" }] },
    params: { minGasPrice: MIN_GAS_PRICE.toString() },
    modules: {
      bank: { balances },
      vesting: {
        schedules: [
          { beneficiary: opts.team, label: "team-and-partners", total: hundredM, start: time },
          { beneficiary: opts.fiveMiles, label: "5miles", total: hundredM, start: time },
        ],
      },
    },
  };
}

/** The chain tests' usual genesis: dev keys 0 (alice) and 1 (bob) funded, 2 and 3 the vesting beneficiaries. */
export function aliceAndBob(): {
  alice: ReturnType<typeof testKey>;
  bob: ReturnType<typeof testKey>;
  genesis: GenesisDoc;
} {
  const alice = testKey(0);
  const bob = testKey(1);
  const genesis = testGenesis({
    funded: [alice.address, bob.address],
    team: testKey(2).address,
    fiveMiles: testKey(3).address,
  });
  return { alice, bob, genesis };
}

export interface TestChain {
  chain: Chain;
  store: ChainStore;
  machine: StateMachine;
  genesis: GenesisDoc;
  nonces: Map<Address, bigint>;
  /** Sign a transaction from test key `from` with the next nonce. */
  sign(from: { privateKey: Uint8Array; address: Address }, tx: Partial<UnsignedTx>): SignedTx;
  /** Commit one block at `time` with these transactions. */
  produce(time: bigint, txs: SignedTx[]): ReturnType<Chain["produce"]>;
  /** Commit one block whose BlockInfo carries these consensus facts (lastCommit, evidence). */
  produceWith(time: bigint, txs: SignedTx[], consensus: BlockConsensusInfo): ReturnType<Chain["produce"]>;
  close(): Promise<void>;
}

/**
 * A state machine that adds the consensus facts a test gives to the next block it executes
 * (the single-proposer Chain has none to give).
 */
class ConsensusTestMachine extends StateMachine {
  next: BlockConsensusInfo | null = null;

  override executeBlock(
    block: BlockInfo,
    candidates: Parameters<StateMachine["executeBlock"]>[1],
    mode: "build" | "verify",
    stop?: () => boolean,
  ): ExecutedBlock {
    return super.executeBlock(this.next ? { ...block, consensus: this.next } : block, candidates, mode, stop);
  }
}

/** The node's modules, with `extras` added — or replacing the node's module at the same address. */
function withExtras(modules: ModuleDescriptor[], extras: ModuleDescriptor[]): ModuleDescriptor[] {
  const replaced = new Set(extras.map((m) => m.address));
  return [...modules.filter((m) => !replaced.has(m.address)), ...extras];
}

/** Open a test chain (a fresh temp dir, or `dir` to reopen one). */
export function openTestChain(
  genesis: GenesisDoc,
  dir = testTempDir("cmt-chain-"),
  extraModules: ModuleDescriptor[] = [],
  /** The state tree's `cacheDepth` (0: every page read through the store, as in a large tree). */
  cacheDepth?: number,
  /** Blocks of past state the store keeps (its default when absent). */
  stateHistory?: number,
): TestChain & { dir: string } {
  const store = new ChainStore({ path: dir, ...(stateHistory === undefined ? {} : { stateHistory }) });
  store.attachTree(
    createStateTree(store.treeReader, {
      readValue: (key) => store.get(key),
      ...(cacheDepth === undefined ? {} : { cacheDepth }),
    }),
  );
  const { modules } = createModules();
  const machine = new ConsensusTestMachine(
    {
      chainId: CHAIN_ID,
      blockGasLimit: 30_000_000n,
      minGasPrice: MIN_GAS_PRICE,
      feeCollector: ModuleAddress.feeCollector,
    },
    { store, modules: withExtras(modules, extraModules), log: silentLogger() },
  );
  const chain = new Chain(
    { chainId: CHAIN_ID, blockGasLimit: 30_000_000n, baseFee: MIN_GAS_PRICE, genesis },
    { store, machine, log: silentLogger(), onBlock: [], readGenesis: () => genesis },
  );
  chain.open();
  const nonces = new Map<Address, bigint>();
  return {
    dir,
    chain,
    store,
    machine,
    genesis,
    nonces,
    sign(from, tx) {
      const nonce = tx.nonce ?? nonces.get(from.address) ?? 0n;
      nonces.set(from.address, nonce + 1n);
      return signTx(
        {
          type: 2,
          chainId: CHAIN_ID,
          nonce,
          maxFeePerGas: MIN_GAS_PRICE,
          maxPriorityFeePerGas: 0n,
          gasLimit: 21_000n,
          to: null,
          value: 0n,
          data: new Uint8Array(0),
          accessList: [],
          ...tx,
        },
        from.privateKey,
      );
    },
    produce(time, txs) {
      const candidates = txs.map((t) => {
        const tx = decodeTx(t.raw);
        const sender = recoverAddress(tx.signingHash, compactSignature(tx), tx.recid);
        if (!sender) throw new Error("bad signature in test");
        return { tx, sender };
      });
      return chain.produce(time, testKey(99).address, candidates);
    },
    produceWith(time, txs, consensus) {
      machine.next = consensus;
      try {
        return this.produce(time, txs);
      } finally {
        machine.next = null;
      }
    },
    async close() {
      await store.close();
    },
  };
}

/** Remove a test chain's directory. */
export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export { GENESIS_SUPPLY };
