import { ModuleError } from "../../state/index.js";

/** Stable error codes of the arbitration module (never renumber). */
export const ArbitrationErrorCode = {
  UnknownArbiter: "ARBITRATION_UNKNOWN_ARBITER",
  AlreadyRegistered: "ARBITRATION_ALREADY_REGISTERED",
  BondTooLow: "ARBITRATION_BOND_TOO_LOW",
  InvalidProfile: "ARBITRATION_INVALID_PROFILE",
  WrongValue: "ARBITRATION_WRONG_VALUE",
  ArbiterState: "ARBITRATION_ARBITER_STATE",
  CoolingPeriod: "ARBITRATION_COOLING_PERIOD",
  OpenCases: "ARBITRATION_OPEN_CASES",
  UnknownCase: "ARBITRATION_UNKNOWN_CASE",
  UnknownBid: "ARBITRATION_UNKNOWN_BID",
  WrongCaller: "ARBITRATION_WRONG_CALLER",
  WrongState: "ARBITRATION_WRONG_STATE",
  NotEligible: "ARBITRATION_NOT_ELIGIBLE",
  AlreadyBid: "ARBITRATION_ALREADY_BID",
  TooManyBids: "ARBITRATION_TOO_MANY_BIDS",
  InvalidBid: "ARBITRATION_INVALID_BID",
  DeadlinePassed: "ARBITRATION_DEADLINE_PASSED",
  InvalidRuling: "ARBITRATION_INVALID_RULING",
  InvalidDispute: "ARBITRATION_INVALID_DISPUTE",
  InvalidEvidence: "ARBITRATION_INVALID_EVIDENCE",
  InvalidQuery: "ARBITRATION_INVALID_QUERY",
} as const;
export type ArbitrationErrorCode = (typeof ArbitrationErrorCode)[keyof typeof ArbitrationErrorCode];

/** A refusal of the arbitration module: `reason` is the revert reason a wallet shows. */
export function refuse(code: ArbitrationErrorCode, reason: string, details: Record<string, unknown> = {}): ModuleError {
  return new ModuleError(code, `arbitration: ${reason}`, details);
}

export const unknownArbiter = (who: string) =>
  refuse(ArbitrationErrorCode.UnknownArbiter, `${who} is not a registered arbiter`, { who });

export const unknownCase = (id: bigint) => refuse(ArbitrationErrorCode.UnknownCase, `no case with id ${id}`, { id });

export const wrongCaller = (action: string, who: string) =>
  refuse(ArbitrationErrorCode.WrongCaller, `only ${who} can ${action}`, { action });

export const wrongState = (action: string, state: string) =>
  refuse(ArbitrationErrorCode.WrongState, `cannot ${action} a case that is ${state}`, { action, state });

export const notEligible = (reason: string) => refuse(ArbitrationErrorCode.NotEligible, reason);
