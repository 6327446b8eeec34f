export * from "./block.js";
export * from "./bloom.js";
export * from "./gas.js";
export * from "./merkle.js";
export * from "./receipt.js";
export * from "./rlp.js";
export * from "./tx.js";
export * from "./tx-errors.js";
