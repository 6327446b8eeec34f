import { join } from "node:path";
import { peerIdFromPrivateKey } from "@libp2p/peer-id";
import { compressedPublicKey, devAccounts } from "../crypto/index.js";
import { silentLogger, toHex } from "../lib/index.js";
import { loadOrCreatePeerKey } from "../network/peer-key.js";
import { NodeConfigSchema } from "../node/config.js";
import { homePaths, initHome, newValidatorKey } from "../node/home.js";
import type { StakingParamsGenesis } from "../state/genesis.js";
import { buildGenesis } from "../state/genesis-build.js";
import { OFFERING_SUPPLY, WEI_PER_CMT } from "../types/index.js";

/** What `testnet init` and `devnet --validators N` lay out. */
export interface TestnetLayout {
  dir: string;
  validators: number;
  chainId: bigint;
  /** Dev accounts of the test mnemonic that share the 700 M offering (the first N operate validators). */
  accounts: number;
  /** Hosts of the machines, one per validator (all 127.0.0.1 for a devnet on one machine). */
  hosts: string[];
  /** Interface to listen on ("127.0.0.1" on one machine, "0.0.0.0" for a real network). */
  listenHost: string;
  rpcBasePort: number;
  p2pBasePort: number;
  /** Ports step per node (a devnet on one machine), or 0 when each node is on its own machine. */
  portStep: number;
  blockIntervalMs: number;
  genesisTime: bigint;
  blockGasLimit?: bigint;
  staking?: StakingParamsGenesis;
}

/** Self-stake each genesis validator bonds out of its operator's offering balance. */
export const GENESIS_SELF_STAKE = 10_000_000n * WEI_PER_CMT;

/**
 * Write one node home per validator (`DIR/node<i>`: config, consensus key, peer key) and one
 * shared genesis in which every validator is bonded by staking with an equal self-stake (the
 * first N dev accounts of the test mnemonic operate them). Each config lists the others as
 * persistent peers, so the nodes find each other with no seed service.
 */
export async function writeTestnet(l: TestnetLayout): Promise<string[]> {
  if (l.validators < 1) throw new RangeError("at least one validator");
  if (l.accounts < l.validators) throw new RangeError(`need at least ${l.validators} accounts (one per validator)`);
  const dev = devAccounts(l.accounts + 2);
  const funded = dev.slice(0, l.accounts);
  const each = OFFERING_SUPPLY / BigInt(l.accounts);
  const nodes = await Promise.all(
    Array.from({ length: l.validators }, async (_, i) => {
      const home = join(l.dir, `node${i}`);
      const key = newValidatorKey();
      const peerKey = await loadOrCreatePeerKey(homePaths(home).peerKey, silentLogger());
      return { i, home, key, peerId: peerIdFromPrivateKey(peerKey).toString() };
    }),
  );
  const port = (base: number, i: number) => base + i * l.portStep;
  const host = (i: number) => l.hosts[i] ?? l.hosts[0] ?? "127.0.0.1";
  const genesis = buildGenesis({
    chainId: l.chainId,
    genesisTime: l.genesisTime,
    // The remainder of an uneven split goes to account 0 so the offering is exactly 700 M.
    offering: funded.map((a, i) => ({
      address: a.address,
      amount: i === 0 ? OFFERING_SUPPLY - each * BigInt(l.accounts - 1) : each,
    })),
    teamBeneficiary: (dev[l.accounts] as (typeof dev)[number]).address,
    fiveMilesBeneficiary: (dev[l.accounts + 1] as (typeof dev)[number]).address,
    staking: {
      ...(l.staking ? { params: l.staking } : {}),
      validators: nodes.map((n) => ({
        operator: (funded[n.i] as (typeof funded)[number]).address,
        pubkey: toHex(compressedPublicKey(n.key.privateKey)),
        selfStake: GENESIS_SELF_STAKE,
        description: { name: `node${n.i}` },
      })),
    },
    ...(l.blockGasLimit === undefined ? {} : { blockGasLimit: l.blockGasLimit }),
  });
  for (const n of nodes) {
    const peers = nodes
      .filter((o) => o.i !== n.i)
      .map((o) => `/ip4/${host(o.i)}/tcp/${port(l.p2pBasePort, o.i)}/p2p/${o.peerId}`);
    const config = NodeConfigSchema.parse({
      moniker: `node${n.i}`,
      rpc: { port: port(l.rpcBasePort, n.i) },
      p2p: { listen: [`/ip4/${l.listenHost}/tcp/${port(l.p2pBasePort, n.i)}`], persistentPeers: peers },
      consensus: { blockIntervalMs: l.blockIntervalMs },
    });
    initHome(n.home, config, genesis, n.key);
  }
  return nodes.map((n) => n.home);
}
