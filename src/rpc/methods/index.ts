import { blockMethods } from "./blocks.js";
import { cmtMethods } from "./cmt.js";
import { feeMethods } from "./fees.js";
import { logMethods } from "./logs.js";
import type { Method } from "./method.js";
import { nodeMethods } from "./node.js";
import { stateMethods } from "./state.js";
import { txpoolMethods } from "./txpool.js";
import { txMethods } from "./txs.js";

export type { Method, MethodContext } from "./method.js";
export { SEND_RAW_TRANSACTION } from "./txs.js";

/** Every method the server answers, by name. */
export const METHODS: ReadonlyMap<string, Method> = new Map(
  Object.entries({
    ...nodeMethods,
    ...stateMethods,
    ...blockMethods,
    ...txMethods,
    ...txpoolMethods,
    ...feeMethods,
    ...logMethods,
    ...cmtMethods,
  }),
);
