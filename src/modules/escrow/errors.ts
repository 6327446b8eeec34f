import { ModuleError } from "../../state/index.js";

/** Stable error codes of the escrow module (never renumber). */
export const EscrowErrorCode = {
  UnknownEscrow: "ESCROW_UNKNOWN",
  WrongCaller: "ESCROW_WRONG_CALLER",
  WrongState: "ESCROW_WRONG_STATE",
  WrongValue: "ESCROW_WRONG_VALUE",
  InvalidTerms: "ESCROW_INVALID_TERMS",
  DeadlinePassed: "ESCROW_DEADLINE_PASSED",
  UnknownRuling: "ESCROW_UNKNOWN_RULING",
} as const;

export function unknownEscrow(id: bigint): ModuleError {
  return new ModuleError(EscrowErrorCode.UnknownEscrow, `escrow: no escrow with id ${id}`, { id });
}

export function wrongCaller(action: string, who: string): ModuleError {
  return new ModuleError(EscrowErrorCode.WrongCaller, `escrow: only ${who} can ${action}`, { action });
}

export function wrongState(action: string, state: string): ModuleError {
  return new ModuleError(EscrowErrorCode.WrongState, `escrow: cannot ${action} an escrow that is ${state}`, {
    action,
    state,
  });
}

export function wrongValue(expected: bigint, sent: bigint): ModuleError {
  return new ModuleError(EscrowErrorCode.WrongValue, `escrow: send exactly ${expected} wei, not ${sent}`, {
    expected,
    sent,
  });
}

export function invalidTerms(reason: string): ModuleError {
  return new ModuleError(EscrowErrorCode.InvalidTerms, `escrow: ${reason}`);
}

export function deadlinePassed(): ModuleError {
  return new ModuleError(EscrowErrorCode.DeadlinePassed, "escrow: the delivery deadline has passed");
}

export function unknownRuling(ruling: number): ModuleError {
  return new ModuleError(EscrowErrorCode.UnknownRuling, `escrow: unknown ruling ${ruling}`, { ruling });
}
