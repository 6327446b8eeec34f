export { escrowAbi, escrowTuple } from "./abi.js";
export { escrowArbitrable } from "./arbitrable.js";
export type { EscrowBank } from "./deps.js";
export { EscrowErrorCode } from "./errors.js";
export { EscrowKeeper } from "./keeper.js";
export { escrowModule } from "./module.js";
export { type EscrowTerms, MAX_CARRIERS, MAX_CATEGORY, MAX_WINDOW_MS } from "./open.js";
export { MAX_PAGE } from "./queries.js";
export { allEscrows, type Escrow, EscrowState, heldFor, isFinal, readEscrow, ZERO_HASH } from "./state.js";
