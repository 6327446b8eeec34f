export * from "./chain-store.js";
export * from "./codec.js";
export { inRange, type Overlay, overlayRange } from "./overlay.js";
export { DEFAULT_STATE_HISTORY } from "./state-history.js";
export type { StateTree, TreeProof, TreeUpdate } from "./tree/interface.js";
