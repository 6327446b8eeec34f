export * from "./address.js";
export * from "./hd.js";
export * from "./keccak.js";
export * from "./keystore.js";
export * from "./native.js";
export * from "./secp256k1.js";
