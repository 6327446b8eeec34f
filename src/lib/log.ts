import { pino } from "pino";

/** The project's structured logger type (pino). */
export type Logger = pino.Logger;

/** Root logger: JSON lines on stderr; level from options, never from the state machine. */
export function createLogger(opts: { level?: string; name?: string } = {}): Logger {
  return pino({ level: opts.level ?? "info", name: opts.name ?? "cybermiles" }, pino.destination(2));
}

/** A logger that drops everything (tests and tools that print their own output). */
export function silentLogger(): Logger {
  return pino({ level: "silent" });
}
