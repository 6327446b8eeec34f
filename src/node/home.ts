import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type Address, isValidPrivateKey, privateKeyToAddress } from "../crypto/index.js";
import { CmtError, fromHex, toHex } from "../lib/index.js";
import type { GenesisDoc, GenesisHead } from "../state/index.js";
import { loadConfig, type NodeConfig, saveConfig } from "./config.js";
import { readGenesisDoc, readGenesisHead } from "./genesis-file.js";

/** Paths inside a node home. */
export function homePaths(home: string) {
  return {
    home,
    config: join(home, "config.json"),
    genesis: join(home, "genesis.json"),
    validatorKey: join(home, "priv_validator_key.json"),
    /** The signing guard's last-signed state (never sign twice for one height/round/step). */
    validatorState: join(home, "data", "priv_validator_state.json"),
    /** The consensus write-ahead log. */
    wal: join(home, "data", "cs.wal"),
    /** The libp2p peer key (node identity on the network). */
    peerKey: join(home, "node_key.json"),
    data: join(home, "data"),
  };
}

/** The home is missing or broken. */
export class HomeError extends CmtError<"HOME_MISSING" | "HOME_EXISTS" | "HOME_INVALID"> {}

/** The validator's signing key (like CometBFT's priv_validator_key.json: mode 0600, needed unattended). */
export interface ValidatorKey {
  address: Address;
  privateKey: Uint8Array;
}

/** Create a node home: config, validator key and (if known yet) the genesis. Refuses an existing home. */
export function initHome(home: string, config: NodeConfig, genesis: GenesisDoc | null, key: ValidatorKey): void {
  const p = homePaths(home);
  if (existsSync(p.config)) throw new HomeError("HOME_EXISTS", `${home} already holds a node (config.json exists)`);
  mkdirSync(p.data, { recursive: true });
  saveConfig(p.config, config);
  if (genesis) writeFileSync(p.genesis, `${JSON.stringify(genesis, null, 2)}\n`);
  writeFileSync(
    p.validatorKey,
    `${JSON.stringify({ address: key.address, privateKey: toHex(key.privateKey) }, null, 2)}\n`,
    { mode: 0o600 },
  );
}

/** A new random validator key. */
export function newValidatorKey(): ValidatorKey {
  let pk: Uint8Array;
  do pk = new Uint8Array(randomBytes(32));
  while (!isValidPrivateKey(pk));
  return { address: privateKeyToAddress(pk), privateKey: pk };
}

/** Everything a node needs from its home. */
export interface LoadedHome {
  paths: ReturnType<typeof homePaths>;
  config: NodeConfig;
  /** genesis.json without its module sections: all a node needs once block 0 is committed. */
  genesis: GenesisHead;
  /**
   * Parse the whole genesis.json: only to commit block 0. Not kept: with 1 M accounts the parsed
   * document is ~250 MB, and it used to stay alive for the node's lifetime.
   */
  readGenesis(): GenesisDoc;
  validatorKey: ValidatorKey;
}

/** Read a node home written by `initHome`. */
export function loadHome(home: string): LoadedHome {
  const paths = homePaths(home);
  if (!existsSync(paths.config))
    throw new HomeError("HOME_MISSING", `no node at ${home} (config.json not found); run 'cybermiles init' first`);
  const config = loadConfig(paths.config);
  if (!existsSync(paths.genesis)) {
    throw new HomeError(
      "HOME_INVALID",
      `no genesis.json in ${home}; build one with 'cybermiles genesis build --out ${paths.genesis}'`,
    );
  }
  const invalid = (err: unknown) =>
    new HomeError("HOME_INVALID", `cannot read node home ${home}: ${(err as Error).message}`);
  let genesis: GenesisHead;
  let keyJson: { address: string; privateKey: string };
  try {
    genesis = readGenesisHead(paths.genesis);
    keyJson = JSON.parse(readFileSync(paths.validatorKey, "utf8"));
  } catch (err) {
    throw invalid(err);
  }
  const privateKey = fromHex(keyJson.privateKey);
  if (!isValidPrivateKey(privateKey))
    throw new HomeError("HOME_INVALID", "priv_validator_key.json holds an invalid key");
  const readGenesis = () => {
    try {
      return readGenesisDoc(paths.genesis);
    } catch (err) {
      throw invalid(err);
    }
  };
  return {
    paths,
    config,
    genesis,
    readGenesis,
    validatorKey: { address: privateKeyToAddress(privateKey), privateKey },
  };
}
