export * from "./block.js";
export * from "./receipt.js";
export * from "./tx.js";
