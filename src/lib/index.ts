export * from "./bytes.js";
export * from "./errors.js";
export * from "./hex.js";
export * from "./log.js";
export { mulberry32 } from "./prng.js";
export { VERSION } from "./version.js";
