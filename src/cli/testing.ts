import type { CliIo } from "./io.js";

/** A CliIo that records what a command prints (for in-process command tests). */
export function captureIo(env: Record<string, string | undefined> = {}): CliIo & { out: string; err: string } {
  const io = {
    out: "",
    err: "",
    stdout: (t: string) => {
      io.out += t;
    },
    stderr: (t: string) => {
      io.err += t;
    },
    env,
    stopSignal: new AbortController().signal,
  };
  return io;
}
