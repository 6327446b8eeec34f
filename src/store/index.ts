export * from "./chain-store.js";
export * from "./codec.js";
export type { StateTree, TreeProof, TreeUpdate } from "./tree/interface.js";
