/**
 * V8 flags every node process runs with (the `start`/`devnet` launchers, `npm start`, the bench).
 *
 * A node keeps many young objects alive between scavenges (pooled transactions, a block being
 * executed), and V8's default 16 MB semi-space made it copy them over and over: 20 k transfers
 * admitted and built into two blocks took 124 scavenges and 805 ms of GC; with 32 MB, 79 and
 * 573 ms (`node --trace-gc`, docs/BENCHMARKS.md). The flag only works on the command line (V8
 * sizes the young generation at start-up), hence this list rather than a setting.
 */
export const NODE_V8_FLAGS: readonly string[] = ["--max-semi-space-size=32"];

/**
 * Node flags for the children a launcher spawns: the V8 flags above, then the space-separated
 * `CYBERMILES_NODE_ARGS` (diagnosis, e.g. "--cpu-prof --cpu-prof-dir /tmp/p" profiles every
 * validator of a devnet; NODE_OPTIONS refuses --cpu-prof).
 */
export function childNodeFlags(env: NodeJS.ProcessEnv = process.env): string[] {
  return [...NODE_V8_FLAGS, ...(env.CYBERMILES_NODE_ARGS?.split(" ").filter(Boolean) ?? [])];
}
