// Where the node's time goes: self time per function and per source area from a V8 .cpuprofile
// (written by `node --cpu-prof` when the node process exits).
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  /** Threads profiled (main + workers). */
  files: number;
  /** Idle samples, summed over the threads (not in totalMs). */
  idleMs: number;
  /** Busy (non-idle) self time summed over the threads. */
  totalMs: number;
  /** Self time by function, largest first. */
  functions: Array<{ name: string; where: string; ms: number }>;
  /** Self time by source area (our layer/file, a dependency, GC, idle), largest first. */
  areas: Array<{ area: string; ms: number }>;
}

function area(url: string, fn: string): string {
  if (!url) return fn.startsWith("(") ? fn : "(native)";
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nm) return `dep ${nm[1]}`;
  const src = /\/dist\/(.+)\.js$/.exec(url) ?? /\/src\/(.+)\.ts$/.exec(url);
  if (src) return src[1] as string;
  if (url.startsWith("node:")) return url;
  return url.replace(/^file:\/\//, "");
}

/**
 * Summarise every .cpuprofile in `dir` together (the main thread and the worker threads each write
 * one): self time by function and by area, idle time left out of the total.
 */
export function summariseProfile(dir: string, top = 20): ProfileSummary | null {
  const files = readdirSync(dir).filter((f) => f.endsWith(".cpuprofile"));
  if (files.length === 0) return null;
  const fns = new Map<string, { name: string; where: string; ms: number }>();
  const areas = new Map<string, number>();
  let totalMs = 0;
  let idleMs = 0;
  for (const f of files) {
    const p = JSON.parse(readFileSync(join(dir, f), "utf8")) as CpuProfile;
    const byId = new Map(p.nodes.map((n) => [n.id, n]));
    const self = new Map<number, number>();
    p.samples.forEach((id, i) => {
      self.set(id, (self.get(id) ?? 0) + (p.timeDeltas[i] ?? 0) / 1000);
    });
    for (const [id, ms] of self) {
      const n = byId.get(id);
      if (!n) continue;
      if (n.callFrame.functionName === "(idle)") {
        idleMs += ms;
        continue;
      }
      totalMs += ms;
      const { functionName, url, lineNumber } = n.callFrame;
      const a = area(url, functionName || "(anonymous)");
      const name = functionName || "(anonymous)";
      const key = `${name}@${url}:${lineNumber}`;
      const f = fns.get(key) ?? { name, where: url ? `${a}:${lineNumber + 1}` : a, ms: 0 };
      f.ms += ms;
      fns.set(key, f);
      areas.set(a, (areas.get(a) ?? 0) + ms);
    }
  }
  return {
    files: files.length,
    idleMs,
    totalMs,
    functions: [...fns.values()].sort((x, y) => y.ms - x.ms).slice(0, top),
    areas: [...areas]
      .map(([a, ms]) => ({ area: a, ms }))
      .sort((x, y) => y.ms - x.ms)
      .slice(0, top),
  };
}
