// A Byzantine validator for integration tests: the test process joins a real network over libp2p
// with a validator's own consensus key and peer key, watches the consensus topic, and publishes
// conflicting signed votes (double signing) — exactly what an honest node's signing guard never does.
import { randomBytes } from "node:crypto";
import type { Address } from "../../src/crypto/index.js";
import { silentLogger, toHex } from "../../src/lib/index.js";
import { chainNames, type Network, startNetwork } from "../../src/network/index.js";
import { loadHome } from "../../src/node/home.js";
import { decodeValidatorSet } from "../../src/node/validator-sets.js";
import { ChainStore } from "../../src/store/index.js";
import {
  type Block,
  blockHash,
  type DoubleSignEvidence,
  decodeCommit,
  decodeConsensusMessage,
  decodeEvidence,
  encodeConsensusMessage,
  type SignedVote,
  signVote,
} from "../../src/types/index.js";

/** What the Byzantine validator saw on the consensus topic. */
export interface SeenProposal {
  height: number;
  round: number;
  blockHash: `0x${string}`;
}

export interface ByzantineValidator {
  /** The consensus address it signs with (the home's priv_validator_key.json). */
  address: Address;
  network: Network;
  /** Proposals heard so far, in arrival order. */
  proposals: SeenProposal[];
  /**
   * Sign and publish two votes of one type for one (height, round) with different values: the
   * double sign. Returns the two votes as sent.
   */
  equivocate(
    type: SignedVote["type"],
    height: number,
    round: number,
    values: readonly [`0x${string}` | null, `0x${string}` | null],
  ): Promise<[SignedVote, SignedVote]>;
  stop(): Promise<void>;
}

/**
 * Join the network of the node home `home` (written by `testnet init`) as its validator, from this
 * process: listen on the home's p2p address with its peer key (the other nodes' persistent-peer
 * entries point there) and dial its persistent peers.
 */
export async function startByzantineValidator(home: string): Promise<ByzantineValidator> {
  const loaded = loadHome(home);
  const chainId = BigInt(loaded.genesis.chainId);
  const names = chainNames(chainId);
  const network = await startNetwork({
    listen: loaded.config.p2p.listen,
    peers: loaded.config.p2p.persistentPeers,
    keyFile: loaded.paths.peerKey,
    log: silentLogger(),
    seenTtlMs: 2_000,
  });
  const proposals: SeenProposal[] = [];
  // Subscribing puts us in the honest nodes' meshes; we take nothing in and forward nothing.
  network.subscribe(names.consensusTopic, (data) => {
    try {
      const m = decodeConsensusMessage(data);
      if (m.kind === "proposal") {
        const { height, round, blockHash } = m.proposal;
        proposals.push({ height, round, blockHash });
      }
    } catch {
      // not ours to judge
    }
    return "ignore";
  });
  const { privateKey, address } = loaded.validatorKey;
  return {
    address,
    network,
    proposals,
    async equivocate(type, height, round, [a, b]) {
      const votes = [a, b].map((value) =>
        signVote({ type, height, round, value, validator: address }, privateKey, chainId),
      ) as [SignedVote, SignedVote];
      for (const vote of votes)
        await network.publish(names.consensusTopic, encodeConsensusMessage({ kind: "vote", vote }));
      return votes;
    },
    stop: () => network.stop(),
  };
}

/** A random 32-byte value: a block hash nobody proposed. */
export function randomHash(): `0x${string}` {
  return toHex(new Uint8Array(randomBytes(32)));
}

/** Blocks of a stopped node's store that carry evidence, with the decoded items. */
export interface EvidenceBlock {
  height: bigint;
  block: Block;
  evidence: DoubleSignEvidence[];
}

/** Read a stopped node's chain from its LMDB: the head, the blocks that carry evidence, the set of a height. */
export function readStoppedChain(home: string): {
  head: bigint;
  evidenceBlocks: EvidenceBlock[];
  setAddresses: (height: bigint) => string[];
  blockHash: (height: bigint) => string;
  /** How many blocks' lastCommit carry each validator's precommit. */
  lastCommitCounts: () => Map<string, number>;
  /** Header times (ms) of blocks 1..head. */
  headerTimes: () => bigint[];
  close: () => Promise<void>;
} {
  const loaded = loadHome(home);
  const store = new ChainStore({ path: loaded.paths.data });
  const head = store.head()?.height ?? 0n;
  const evidenceBlocks: EvidenceBlock[] = [];
  for (let h = 1n; h <= head; h++) {
    const block = store.blockByHeight(h);
    if (block && block.evidence.length > 0) {
      evidenceBlocks.push({ height: h, block, evidence: block.evidence.map((e) => decodeEvidence(e)) });
    }
  }
  return {
    head,
    evidenceBlocks,
    setAddresses: (height) => {
      const raw = store.validatorSetAt(height);
      return raw ? decodeValidatorSet(raw).map((v) => v.address) : [];
    },
    blockHash: (height) => {
      const b = store.blockByHeight(height);
      if (!b) throw new Error(`no block ${height}`);
      return blockHash(b.header);
    },
    lastCommitCounts: () => {
      const counts = new Map<string, number>();
      for (let h = 2n; h <= head; h++) {
        const raw = store.blockByHeight(h)?.lastCommit;
        if (!raw || raw.length === 0) continue;
        for (const s of decodeCommit(raw).signatures) counts.set(s.validator, (counts.get(s.validator) ?? 0) + 1);
      }
      return counts;
    },
    headerTimes: () => {
      const out: bigint[] = [];
      for (let h = 1n; h <= head; h++) out.push(store.blockByHeight(h)?.header.time ?? 0n);
      return out;
    },
    close: () => store.close(),
  };
}
