import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { CliIo } from "./io.js";
import { childNodeFlags } from "./node-flags.js";

/** The CLI's entry script (bin/cybermiles.js), resolved from this compiled file. */
export function cliEntry(): string {
  return fileURLToPath(new URL("../../bin/cybermiles.js", import.meta.url));
}

/** One supervised node process. */
interface Child {
  name: string;
  home: string;
  proc: ChildProcess;
  exited: Promise<number | null>;
}

/**
 * Runs one `cybermiles start --home H` OS process per home and supervises them: output is
 * forwarded line by line with the node's name, an exit is reported and the others keep running
 * (a killed validator does not stop the network), and the stop signal is forwarded to every live
 * child. Returns when every child has exited after a stop, or when all have exited on their own.
 */
export async function superviseNodes(nodes: Array<{ name: string; home: string }>, io: CliIo): Promise<number> {
  const children: Child[] = nodes.map(({ name, home }) => {
    const proc = spawn(process.execPath, [...childNodeFlags(), cliEntry(), "start", "--home", home], {
      stdio: ["ignore", "pipe", "pipe"],
      env: process.env,
    });
    forwardLines(proc.stdout, (line) => io.stdout(`[${name}] ${line}\n`));
    forwardLines(proc.stderr, (line) => io.stderr(`[${name}] ${line}\n`));
    const exited = new Promise<number | null>((resolve) => {
      proc.on("exit", (code, signal) => {
        io.stdout(
          `[launcher] ${name} (pid ${proc.pid}) exited ${signal ? `by ${signal}` : `with code ${code}`}; ` +
            `the other nodes keep running. Restart it alone with: cybermiles start --home ${home}\n`,
        );
        resolve(code);
      });
    });
    io.stdout(`[launcher] started ${name} (pid ${proc.pid}) from ${home}\n`);
    return { name, home, proc, exited };
  });
  const stop = () => {
    for (const c of children) if (c.proc.exitCode === null && c.proc.signalCode === null) c.proc.kill("SIGINT");
  };
  if (io.stopSignal.aborted) stop();
  else io.stopSignal.addEventListener("abort", stop, { once: true });
  await Promise.all(children.map((c) => c.exited));
  io.stopSignal.removeEventListener("abort", stop);
  return 0;
}

function forwardLines(stream: NodeJS.ReadableStream | null, out: (line: string) => void): void {
  if (!stream) return;
  let rest = "";
  stream.setEncoding("utf8");
  stream.on("data", (chunk: string) => {
    const lines = (rest + chunk).split("\n");
    rest = lines.pop() ?? "";
    for (const l of lines) out(l);
  });
  stream.on("end", () => {
    if (rest) out(rest);
  });
}
