/**
 * Base of every typed error in the project: a stable string code (part of the protocol or the
 * public API, never renumbered), a readable message, and optional structured details.
 */
export class CmtError<C extends string = string> extends Error {
  readonly code: C;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: C, message: string, details: Record<string, unknown> = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "CmtError";
    this.code = code;
    this.details = details;
  }
}
