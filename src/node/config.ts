import { readFileSync, writeFileSync } from "node:fs";
import { z } from "zod";
import { CmtError } from "../lib/index.js";
import { DEFAULT_STATE_HISTORY } from "../store/index.js";

/** A node's configuration file (`config.json` in its home). */
export const NodeConfigSchema = z.object({
  /** Human name shown in logs and status. */
  moniker: z.string().min(1).default("node"),
  rpc: z
    .object({
      host: z.string().default("127.0.0.1"),
      port: z.number().int().min(0).max(65535).default(8545),
      maxBodyBytes: z
        .number()
        .int()
        .positive()
        .default(5 * 1024 * 1024),
      maxBatch: z.number().int().positive().default(1000),
    })
    .prefault({}),
  consensus: z
    .object({
      /** Target time between blocks. */
      blockIntervalMs: z.number().int().min(10).default(1000),
      /** Produce blocks with no transactions (keeps block time moving for deadlines). */
      createEmptyBlocks: z.boolean().default(true),
      /** Tendermint round timeouts in ms: base + round × delta (src/consensus/README.md). */
      timeoutProposeMs: z.number().int().min(1).default(3000),
      timeoutPrevoteMs: z.number().int().min(1).default(1000),
      timeoutPrecommitMs: z.number().int().min(1).default(1000),
      timeoutDeltaMs: z.number().int().min(0).default(500),
      /** Upper bound on a block's encoded transactions. */
      maxBlockBytes: z
        .number()
        .int()
        .positive()
        .default(8 * 1024 * 1024),
    })
    .prefault({}),
  p2p: z
    .object({
      /** libp2p listen multiaddrs (a real network listens on 0.0.0.0 or a public address). */
      listen: z.array(z.string()).default(["/ip4/127.0.0.1/tcp/26656"]),
      /** Peers dialled at start and redialled forever: multiaddrs ending in /p2p/<peer id>. */
      persistentPeers: z.array(z.string()).default([]),
    })
    .prefault({}),
  mempool: z
    .object({
      maxPerSender: z.number().int().min(1).default(100),
      maxTotal: z.number().int().min(1).default(50_000),
      maxTotalBytes: z
        .number()
        .int()
        .min(1)
        .default(64 * 1024 * 1024),
      maxTxBytes: z
        .number()
        .int()
        .min(1)
        .default(128 * 1024),
      maxNonceGap: z.number().int().min(0).default(64),
      priceBumpPercent: z.number().int().min(0).default(10),
      recoveryThreads: z.number().int().min(0).optional(),
    })
    .prefault({}),
  store: z
    .object({
      /**
       * Blocks of past state kept for queries at an earlier block (eth_getBalance, eth_call, ...
       * with a block number): 128 as a geth full node; 0 answers the latest state only.
       */
      stateHistory: z.number().int().min(0).default(DEFAULT_STATE_HISTORY),
    })
    .prefault({}),
  log: z
    .object({ level: z.enum(["trace", "debug", "info", "warn", "error", "fatal", "silent"]).default("info") })
    .prefault({}),
});

/** Parsed node configuration. */
export type NodeConfig = z.infer<typeof NodeConfigSchema>;

/** The configuration file could not be read or is invalid. */
export class ConfigError extends CmtError<"CONFIG_INVALID"> {}

/** Read and validate `config.json`; every missing field takes its default. */
export function loadConfig(path: string): NodeConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, "utf8"));
  } catch (err) {
    throw new ConfigError("CONFIG_INVALID", `cannot read config ${path}: ${(err as Error).message}`);
  }
  const parsed = NodeConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new ConfigError("CONFIG_INVALID", `invalid config ${path}: ${issues}`);
  }
  return parsed.data;
}

/** Write a configuration file. */
export function saveConfig(path: string, config: NodeConfig): void {
  writeFileSync(path, `${JSON.stringify(config, null, 2)}\n`);
}
