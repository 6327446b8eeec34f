// Where the node's time goes: self time per function and per source area from the V8 .cpuprofile
// files `node --cpu-prof` writes when the node exits (one per thread: main and recovery workers).
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
  startTime: number;
  endTime: number;
}

/** One thread's profile: busy (non-idle) self time by function and by area. */
export interface ThreadProfile {
  /** Wall time the profile covers. */
  wallMs: number;
  busyMs: number;
  idleMs: number;
  /** Self time by function, largest first. */
  functions: Array<{ name: string; where: string; ms: number }>;
  /** Self time by source area (our dist/ file, a dependency, GC, native), largest first. */
  areas: Array<{ area: string; ms: number }>;
}

export interface ProfileSummary {
  /** The main thread first, then the workers, by busy time. */
  threads: ThreadProfile[];
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

function summariseOne(p: CpuProfile, top: number): ThreadProfile {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  p.samples.forEach((id, i) => {
    self.set(id, (self.get(id) ?? 0) + (p.timeDeltas[i] ?? 0) / 1000);
  });
  const fns = new Map<string, { name: string; where: string; ms: number }>();
  const areas = new Map<string, number>();
  let busyMs = 0;
  let idleMs = 0;
  for (const [id, ms] of self) {
    const n = byId.get(id);
    if (!n) continue;
    const { functionName, url, lineNumber } = n.callFrame;
    if (functionName === "(idle)") {
      idleMs += ms;
      continue;
    }
    busyMs += ms;
    const name = functionName || "(anonymous)";
    const a = area(url, name);
    const key = `${name}@${url}:${lineNumber}`;
    const f = fns.get(key) ?? { name, where: url ? `${a}:${lineNumber + 1}` : a, ms: 0 };
    f.ms += ms;
    fns.set(key, f);
    areas.set(a, (areas.get(a) ?? 0) + ms);
  }
  return {
    wallMs: (p.endTime - p.startTime) / 1000,
    busyMs,
    idleMs,
    functions: [...fns.values()].sort((x, y) => y.ms - x.ms).slice(0, top),
    areas: [...areas]
      .map(([a, ms]) => ({ area: a, ms }))
      .sort((x, y) => y.ms - x.ms)
      .slice(0, top),
  };
}

/** Summarise every .cpuprofile in `dir`; the main thread is the one that covers the longest wall time. */
export function summariseProfile(dir: string, top = 15): ProfileSummary | null {
  const files = readdirSync(dir).filter((f) => f.endsWith(".cpuprofile"));
  if (files.length === 0) return null;
  const threads = files.map((f) => summariseOne(JSON.parse(readFileSync(join(dir, f), "utf8")) as CpuProfile, top));
  threads.sort((a, b) => b.wallMs - a.wallMs);
  const [main, ...workers] = threads;
  return { threads: [main as ThreadProfile, ...workers.sort((a, b) => b.busyMs - a.busyMs)] };
}
