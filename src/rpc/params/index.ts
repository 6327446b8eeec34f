export * from "./args.js";
export * from "./block-tag.js";
export * from "./call.js";
export * from "./filter.js";
export * from "./hex.js";
