// The module addresses are protocol constants that lower layers (genesis checks) need too, so
// they live in types/; modules re-export them for their own use.
export { ModuleAddress } from "../types/index.js";
