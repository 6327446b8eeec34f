export { escrowAbi, escrowResolvedEvent } from "./abi.js";
export type { EscrowBank } from "./deps.js";
export { EscrowErrorCode } from "./errors.js";
export { EscrowKeeper, escrowModule } from "./module.js";
export { MAX_CARRIERS } from "./open.js";
export { MAX_PAGE } from "./queries.js";
export { Ruling } from "./settle.js";
export { allEscrows, type Escrow, EscrowState, heldFor, readEscrow } from "./state.js";
