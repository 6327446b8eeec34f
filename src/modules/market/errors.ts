import { ModuleError } from "../../state/index.js";

/** Stable error codes of the market module (never renumber). */
export const MarketErrorCode = {
  UnknownListing: "MARKET_UNKNOWN_LISTING",
  UnknownOrder: "MARKET_UNKNOWN_ORDER",
  WrongCaller: "MARKET_WRONG_CALLER",
  WrongState: "MARKET_WRONG_STATE",
  WrongValue: "MARKET_WRONG_VALUE",
  InvalidListing: "MARKET_INVALID_LISTING",
  InvalidOrder: "MARKET_INVALID_ORDER",
  DeadlinePassed: "MARKET_DEADLINE_PASSED",
  AlreadyRated: "MARKET_ALREADY_RATED",
  InvalidRating: "MARKET_INVALID_RATING",
  InvalidQuery: "MARKET_INVALID_QUERY",
} as const;

const err = (code: string, reason: string, details: Record<string, unknown> = {}) =>
  new ModuleError(code, `market: ${reason}`, details);

export const unknownListing = (id: bigint) => err(MarketErrorCode.UnknownListing, `no listing with id ${id}`, { id });
export const unknownOrder = (id: bigint) => err(MarketErrorCode.UnknownOrder, `no order with id ${id}`, { id });
export const wrongCaller = (who: string, action: string) =>
  err(MarketErrorCode.WrongCaller, `only ${who} can ${action}`, { action });
export const wrongState = (action: string, what: string, state: string) =>
  err(MarketErrorCode.WrongState, `cannot ${action} ${what} that is ${state}`, { action, state });
export const orderInState = (action: string, state: string) =>
  err(MarketErrorCode.WrongState, `cannot ${action}: the order is ${state}`, { action, state });
export const wrongValue = (expected: bigint, sent: bigint) =>
  err(MarketErrorCode.WrongValue, `send exactly ${expected} wei, not ${sent}`, { expected, sent });
export const invalidListing = (reason: string) => err(MarketErrorCode.InvalidListing, reason);
export const invalidOrder = (reason: string) => err(MarketErrorCode.InvalidOrder, reason);
export const deadlinePassed = (which: string) => err(MarketErrorCode.DeadlinePassed, `the ${which} has passed`);
export const alreadyRated = (orderId: bigint) =>
  err(MarketErrorCode.AlreadyRated, `you already rated order ${orderId}`, { orderId });
export const invalidRating = (reason: string) => err(MarketErrorCode.InvalidRating, reason);
export const invalidQuery = (reason: string) => err(MarketErrorCode.InvalidQuery, reason);
