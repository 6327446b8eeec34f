#!/usr/bin/env -S node --max-semi-space-size=32
// Entry point of the `cybermiles` command: runs the compiled CLI (built by `npm ci` via `prepare`).
// The V8 flag on the first line is src/cli/node-flags.ts's (why there); `npm start` passes it too.
import { main } from "../dist/cli/main.js";

main(process.argv.slice(2)).then(
  (code) => {
    if (typeof code === "number") process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
