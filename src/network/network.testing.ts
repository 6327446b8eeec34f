// Helpers for network tests: real libp2p nodes on 127.0.0.1 with a key in a temp dir.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach } from "vitest";
import { silentLogger } from "../lib/index.js";
import type { Network } from "./interface.js";
import { startNetwork } from "./network.js";
import type { NetworkOptions } from "./options.js";

const running = new Set<Network>();
const dirs: string[] = [];

afterEach(async () => {
  await Promise.all([...running].map((n) => n.stop()));
  running.clear();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A fresh temp dir, removed after the test. */
export function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), "cmt-net-"));
  dirs.push(d);
  return d;
}

/** Start a node listening on a free loopback port; stopped after the test. */
export async function startTestNode(
  dir: string,
  name: string,
  opts: Partial<Omit<NetworkOptions, "keyFile" | "log">> = {},
): Promise<Network> {
  const net = await startNetwork({
    listen: ["/ip4/127.0.0.1/tcp/0"],
    peers: [],
    keyFile: join(dir, `${name}.key`),
    log: silentLogger(),
    heartbeatMs: 100,
    ...opts,
  });
  running.add(net);
  const stop = net.stop.bind(net);
  net.stop = async () => {
    running.delete(net);
    await stop();
  };
  return net;
}

/** Poll `check` every 20 ms until it is true; fail after `timeoutMs`. */
export async function waitFor(what: string, check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The node's first listen address (ends in /p2p/<peerId>). */
export function addrOf(net: Network): string {
  const a = net.addresses()[0];
  if (a === undefined) throw new Error(`${net.peerId} has no address`);
  return a;
}

export const text = (s: string): Uint8Array => new TextEncoder().encode(s);
export const str = (b: Uint8Array): string => new TextDecoder().decode(b);
