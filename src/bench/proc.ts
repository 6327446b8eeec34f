// CPU time and peak RSS of a process tree from /proc (Linux), for the node processes under load.
import { readdirSync, readFileSync } from "node:fs";

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

function readStat(pid: number): { ppid: number; cpuTicks: number } | null {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name (which may contain spaces) start after the last ')'.
    const f = s.slice(s.lastIndexOf(")") + 2).split(" ");
    return { ppid: Number(f[1]), cpuTicks: Number(f[11]) + Number(f[12]) };
  } catch {
    return null;
  }
}

/** Peak (VmHWM) or current (VmRSS) resident set size of a process, in bytes; 0 when it is gone. */
export function peakRss(pid: number, field: "VmHWM" | "VmRSS" = "VmHWM"): number {
  try {
    const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** The pid and all its descendants alive now. */
export function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const d of readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    const st = readStat(Number(d));
    if (st) children.set(st.ppid, [...(children.get(st.ppid) ?? []), Number(d)]);
  }
  const out: number[] = [];
  const todo = [root];
  while (todo.length > 0) {
    const p = todo.pop() as number;
    out.push(p);
    todo.push(...(children.get(p) ?? []));
  }
  return out;
}

/** CPU seconds used so far by each process (user + system). */
export function cpuSeconds(pids: number[]): Map<number, number> {
  return new Map(pids.map((p) => [p, (readStat(p)?.cpuTicks ?? 0) / TICKS_PER_SECOND]));
}

/** What the node processes used over a measured interval. */
export interface ProcUsage {
  /** CPU seconds of all node processes during the interval. */
  cpuSeconds: number;
  /** Peak RSS of the largest node process (bytes). */
  peakRssMax: number;
  /** Sum of the peak RSS of all node processes (bytes). */
  peakRssSum: number;
  /** RSS of the largest node process at the end of the interval (bytes). */
  rssEndMax: number;
}

/** Start measuring the given processes; the returned function ends the interval. */
export function measureProcs(pids: number[]): () => ProcUsage {
  const before = cpuSeconds(pids);
  return () => {
    const after = cpuSeconds(pids);
    const rss = pids.map((p) => peakRss(p));
    let cpu = 0;
    for (const p of pids) cpu += (after.get(p) ?? 0) - (before.get(p) ?? 0);
    return {
      cpuSeconds: cpu,
      peakRssMax: Math.max(0, ...rss),
      peakRssSum: rss.reduce((a, b) => a + b, 0),
      rssEndMax: Math.max(0, ...pids.map((p) => peakRss(p, "VmRSS"))),
    };
  };
}
