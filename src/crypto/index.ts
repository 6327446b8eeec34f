export * from "./address.js";
export * from "./keccak.js";
export * from "./secp256k1.js";
export * from "./hd.js";
export * from "./keystore.js";
