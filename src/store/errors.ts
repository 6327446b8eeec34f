import { CmtError } from "../lib/index.js";

/** The store could not be opened or is inconsistent. */
export class StoreError extends CmtError<"STORE_CORRUPT" | "STORE_CONFLICT"> {}
