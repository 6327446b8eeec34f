/** What a command may touch of its process: output streams and the environment. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  env: Readonly<Record<string, string | undefined>>;
  /** Resolves when the process is asked to stop (SIGINT/SIGTERM); long-running commands wait on it. */
  stopSignal: AbortSignal;
}

/** A command: parses its own argv (after the command word) and returns the exit code. */
export type Command = (argv: string[], io: CliIo) => Promise<number>;

/** An error the CLI prints as `error: <message>` with exit code 1 (or `exitCode`). */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = "CliError";
  }
}
