export { listingTermsTuple, listingTuple, marketAbi, orderTuple, reputationTuple } from "./abi.js";
export type { MarketEscrow, OrderEscrow, OrderEscrowTerms } from "./deps.js";
export { MarketErrorCode } from "./errors.js";
export { MAX_PAGE } from "./indexes.js";
export { LIMITS } from "./listings.js";
export { marketModule } from "./module.js";
export { CONTROLLER, orderStateName } from "./orders.js";
export {
  DEFAULT_MARKET_PARAMS,
  type MarketGenesis,
  type MarketParams,
  readMarketParams,
  validateMarketParams,
} from "./params.js";
export { AVERAGE_SCALE, MAX_SCORE, MIN_SCORE } from "./ratings.js";
export { type Listing, ListingState, type ListingTerms, type Order } from "./state.js";
