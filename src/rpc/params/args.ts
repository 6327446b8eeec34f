import type { z } from "zod";
import { invalidArgument, RpcError, RpcErrorCode } from "../errors.js";

/** The positional parameter schemas of one method. */
export type ArgSchemas = readonly z.ZodType[];

/** Parsed positional arguments; `.optional()` ones are `undefined` when absent or null. */
export type ParsedArgs<S extends ArgSchemas> = { -readonly [K in keyof S]: z.output<S[K]> };

/** A zod issue as the text after "invalid argument i: ". */
export function describeIssue(issue: z.core.$ZodIssue | undefined): string {
  if (issue === undefined) return "invalid value";
  if (issue.path.length === 0) return issue.message;
  return `${issue.message} for field ${issue.path.map(String).join(".")}`;
}

/**
 * Validate positional params as geth does: too many → "too many arguments, want at most N",
 * a required one missing or null → "missing value for required argument i", a bad one →
 * "invalid argument i: <reason>". Absent and null ones become `undefined` when the schema is optional.
 */
export function parseArgs(params: unknown, schemas: ArgSchemas): unknown[] {
  if (params !== undefined && params !== null && !Array.isArray(params)) {
    throw new RpcError(RpcErrorCode.InvalidParams, "non-array args");
  }
  const list = (params ?? []) as unknown[];
  if (list.length > schemas.length) {
    throw new RpcError(RpcErrorCode.InvalidParams, `too many arguments, want at most ${schemas.length}`);
  }
  const out: unknown[] = [];
  for (let i = 0; i < schemas.length; i++) {
    const schema = schemas[i] as z.ZodType;
    const value = list[i];
    if (value === undefined || value === null) {
      if (!schema.safeParse(undefined).success)
        throw new RpcError(RpcErrorCode.InvalidParams, `missing value for required argument ${i}`);
      out.push(undefined);
      continue;
    }
    const result = schema.safeParse(value);
    if (!result.success) {
      throw invalidArgument(i, describeIssue(result.error.issues[0]));
    }
    out.push(result.data);
  }
  return out;
}
