// Real node processes for integration tests: spawn the built CLI, wait for its banner, stop it
// with a signal, and wait for the exit. No sleeps: every wait is on an event with a timeout.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll } from "vitest";

const BIN = resolve(import.meta.dirname, "../../bin/cybermiles.js");

/** A free TCP port on loopback. */
export async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.once("error", rej);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      srv.close(() => res(port));
    });
  });
}

/** Whether `port` can be bound on loopback now. */
function portIsFree(port: number): Promise<boolean> {
  return new Promise((res) => {
    const srv = createServer();
    srv.once("error", () => res(false));
    srv.listen(port, "127.0.0.1", () => srv.close(() => res(true)));
  });
}

/** `n` consecutive free loopback ports (node i of a devnet uses base + i); returns the base. */
export async function freePortBlock(n: number): Promise<number> {
  for (;;) {
    const base = 20_000 + Math.floor(Math.random() * 30_000);
    const free = await Promise.all(Array.from({ length: n }, (_, i) => portIsFree(base + i)));
    if (free.every(Boolean)) return base;
  }
}

/** A fresh temp directory. */
export function tempDir(prefix = "cmt-it-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export interface NodeProcess {
  proc: ChildProcess;
  rpcUrl: string;
  wsUrl: string;
  /** Everything printed so far. */
  output(): string;
  /** Send a signal and wait for the exit code (null when killed by a signal). */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  exited: Promise<number | null>;
}

/** Run `cybermiles <args>` and wait until it serves RPC. */
export async function startCli(args: string[], timeoutMs = 30_000): Promise<NodeProcess> {
  const proc = spawn(process.execPath, [BIN, ...args], { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env } });
  let out = "";
  let err = "";
  proc.stdout?.on("data", (d: Buffer) => {
    out += d.toString();
  });
  proc.stderr?.on("data", (d: Buffer) => {
    err += d.toString();
  });
  const exited = new Promise<number | null>((res) => proc.once("exit", (code) => res(code)));
  const ready = await new Promise<{ rpc: string; ws: string }>((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`node did not start in ${timeoutMs} ms\n${out}\n${err}`)), timeoutMs);
    const check = () => {
      const rpc = /RPC:\s+(\S+)/.exec(out)?.[1];
      const ws = /WebSocket:\s+(\S+)/.exec(out)?.[1];
      if (rpc && ws && out.includes("Press Ctrl-C")) {
        clearTimeout(timer);
        res({ rpc, ws });
      }
    };
    proc.stdout?.on("data", check);
    exited.then((code) => {
      clearTimeout(timer);
      rej(new Error(`node exited with ${code} before serving\n${out}\n${err}`));
    });
  });
  return {
    proc,
    rpcUrl: ready.rpc,
    wsUrl: ready.ws,
    output: () => out + err,
    exited,
    async stop(signal = "SIGTERM") {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
      return exited;
    },
  };
}

/** Start a one-validator devnet in `dir` on `port`. */
export function startDevnet(dir: string, port: number, extra: string[] = []): Promise<NodeProcess> {
  return startCli(["devnet", "--dir", dir, "--rpc-port", String(port), ...extra]);
}

/**
 * A one-validator devnet for a whole test file: started in a temporary directory before its tests,
 * stopped and removed after them. Read `.node` inside tests (it is set by the time they run).
 */
export function devnetForFile(extra: string[] = []): { readonly node: NodeProcess } {
  const held: { node: NodeProcess; dir: string } = {} as { node: NodeProcess; dir: string };
  beforeAll(async () => {
    held.dir = tempDir();
    held.node = await startDevnet(held.dir, await freePort(), extra);
  });
  afterAll(async () => {
    await held.node?.stop();
    if (held.dir) rmSync(held.dir, { recursive: true, force: true });
  });
  return held;
}

/** Poll `fn` until it returns a truthy value or the timeout passes (for chain progress). */
export async function waitFor<T>(
  fn: () => Promise<T | null | undefined | false>,
  timeoutMs = 20_000,
  what = "condition",
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
