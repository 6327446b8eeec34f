export { bankAbi } from "./abi.js";
export { BankErrorCode } from "./errors.js";
export { BankKeeper } from "./keeper.js";
export { bankModule } from "./module.js";
