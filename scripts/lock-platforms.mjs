// Adds lockfile entries for the other-platform builds of optional native packages (biome,
// msgpackr-extract, ...) that this machine's npm registry mirror does not serve. `npm install`
// here leaves them out of package-lock.json, and `npm ci` then refuses the lockfile as out of
// sync. The entries carry only version, os, cpu and libc, so npm ci skips them on this platform
// exactly as it would skip the real ones. Run after changing dependencies: `npm run lock`.
import { readFileSync, writeFileSync } from "node:fs";

const lockPath = new URL("../package-lock.json", import.meta.url);
const lock = JSON.parse(readFileSync(lockPath, "utf8"));
const pkgs = lock.packages;
const PLATFORM = /-(android|darwin|freebsd|linux|openbsd|sunos|win32)-(arm64|x64|arm|ia32|ppc64|riscv64|s390x|loong64)(?:-(gnu|musl|msvc))?$/;
let added = 0;

for (const [path, entry] of Object.entries(pkgs)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const where = `node_modules/${name}`;
    if (pkgs[where]) continue;
    const m = PLATFORM.exec(name);
    if (!m) continue;
    const [, os, cpu, libc] = m;
    pkgs[where] = {
      version,
      ...(entry.dev ? { dev: true } : {}),
      cpu: [cpu],
      ...(libc === "musl" || libc === "gnu" ? { libc: [libc === "gnu" ? "glibc" : "musl"] } : {}),
      optional: true,
      os: [os],
    };
    added++;
    process.stdout.write(`added ${where}@${version} (${os}/${cpu}${libc ? `/${libc}` : ""}) for ${path || "root"}\n`);
  }
}
lock.packages = Object.fromEntries(Object.entries(pkgs).sort(([a], [b]) => (a === "" ? -1 : b === "" ? 1 : a < b ? -1 : 1)));
writeFileSync(lockPath, `${JSON.stringify(lock, null, 2)}\n`);
process.stdout.write(`${added} entries added\n`);
