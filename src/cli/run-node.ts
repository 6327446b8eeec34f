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
  ];
  if (opts.showDevAccounts) {
    lines.push("", "Dev accounts (test mnemonic, m/44'/60'/0'/0/i) — never use them on a real network:");
    for (const [i, a] of devAccounts(opts.showDevAccounts).entries()) {
      lines.push(
        `  (${i}) ${checksumAddress(a.address)}  ${formatCmt(node.balance(a.address))} CMT  key ${toHex(a.privateKey)}`,
      );
    }
  }
  io.stdout(`${lines.join("\n")}\n\nPress Ctrl-C to stop.\n`);
  if (!io.stopSignal.aborted)
    await new Promise((resolve) => io.stopSignal.addEventListener("abort", resolve, { once: true }));
  io.stdout("stopping...\n");
  await node.stop();
  io.stdout("stopped\n");
  return 0;
}
