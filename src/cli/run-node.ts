import { checksumAddress, devAccounts } from "../crypto/index.js";
import { createLogger, toHex } from "../lib/index.js";
import type { LoadedHome } from "../node/home.js";
import { startNode } from "../node/node.js";
import { formatCmt } from "../types/index.js";
import type { CliIo } from "./io.js";

/** Start a node from a loaded home, print how to reach it, run until asked to stop. */
export async function runNodeUntilStopped(
  home: LoadedHome,
  io: CliIo,
  opts: { rpcPort?: number; showDevAccounts?: number } = {},
): Promise<number> {
  const log = createLogger({ level: home.config.log.level, name: home.config.moniker });
  const node = await startNode(home, log, opts.rpcPort === undefined ? {} : { rpcPort: opts.rpcPort });
  const head = node.head();
  const lines = [
    "CyberMiles node running",
    `  home:      ${home.paths.home}`,
    `  chain id:  ${node.chainId} (0x${node.chainId.toString(16)})`,
    `  RPC:       ${node.rpcUrl}`,
    `  WebSocket: ${node.wsUrl}`,
    `  height:    ${head.height}  state root ${head.stateRoot}`,
    `  validator: ${home.validatorKey.address}`,
    `  p2p:       ${node.p2pAddresses.join(" ") || "(not listening)"}`,
  ];
  io.stdout(`${lines.join("\n")}\n`);
  if (opts.showDevAccounts) printDevAccounts(io, opts.showDevAccounts, (a) => node.balance(a));
  io.stdout("\nPress Ctrl-C to stop.\n");
  if (!io.stopSignal.aborted)
    await new Promise((resolve) => io.stopSignal.addEventListener("abort", resolve, { once: true }));
  io.stdout("stopping...\n");
  await node.stop();
  io.stdout("stopped\n");
  return 0;
}

/** The dev accounts of the test mnemonic with their keys (and balances when a node is at hand). */
export function printDevAccounts(io: CliIo, count: number, balance?: (a: `0x${string}`) => bigint): void {
  const lines = ["", "Dev accounts (test mnemonic, m/44'/60'/0'/0/i) — never use them on a real network:"];
  for (const [i, a] of devAccounts(count).entries()) {
    const held = balance ? `  ${formatCmt(balance(a.address))} CMT` : "";
    lines.push(`  (${i}) ${checksumAddress(a.address)}${held}  key ${toHex(a.privateKey)}`);
  }
  io.stdout(`${lines.join("\n")}\n`);
}
