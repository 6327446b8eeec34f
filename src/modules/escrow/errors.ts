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
  /** A module-controlled escrow was called directly, or by another module. */
  Controlled: "ESCROW_CONTROLLED",
  /** No arbitrator is wired into this node's escrow: disputes cannot be opened. */
  NoArbitrator: "ESCROW_NO_ARBITRATOR",
  /** An arbiter's fee larger than the deposit. */
  InvalidFee: "ESCROW_INVALID_FEE",
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

/** `which`: "funding deadline", "shipping deadline", "inspection window". */
export function deadlinePassed(which: string): ModuleError {
  return new ModuleError(EscrowErrorCode.DeadlinePassed, `escrow: the ${which} has passed`, { which });
}

export function unknownRuling(ruling: number): ModuleError {
  return new ModuleError(EscrowErrorCode.UnknownRuling, `escrow: unknown ruling ${ruling}`, { ruling });
}

export function controlled(id: bigint, controller: string): ModuleError {
  return new ModuleError(
    EscrowErrorCode.Controlled,
    controller === ""
      ? `escrow: escrow ${id} was opened directly; a module cannot move it`
      : `escrow: escrow ${id} is managed by the ${controller} module; call that module`,
    { id, controller },
  );
}

export function noArbitrator(): ModuleError {
  return new ModuleError(EscrowErrorCode.NoArbitrator, "escrow: no arbitration module is available for disputes");
}

export function invalidFee(fee: bigint, deposit: bigint): ModuleError {
  return new ModuleError(EscrowErrorCode.InvalidFee, `escrow: arbiter fee ${fee} exceeds the deposit ${deposit}`, {
    fee,
    deposit,
  });
}
