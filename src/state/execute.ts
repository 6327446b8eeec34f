import type { Address } from "../crypto/index.js";
import {
  effectiveGasPrice,
  intrinsicGas,
  type Log,
  type Receipt,
  type SignedTx,
  TxError,
  TxErrorCode,
} from "../types/index.js";
import { encodeRevert } from "./abi.js";
import { type Account, getAccount, InsufficientBalanceError, putAccount, transfer } from "./accounts.js";
import { GasMeter, OutOfGasError } from "./gas.js";
import { type BlockInfo, ModuleError } from "./module.js";
import { callContext, type ModuleRegistry, runModuleCall } from "./runtime.js";
import type { StateDB } from "./statedb.js";

/** What transaction execution needs besides the state. */
export interface ExecEnv {
  block: BlockInfo;
  baseFee: bigint;
  feeCollector: Address;
  modules: ModuleRegistry;
}

/** Result of the body of a call (after the fee was taken). */
export interface CallOutcome {
  status: 0 | 1;
  output: Uint8Array;
  logs: Log[];
  /** Gas used by the body (excluding intrinsic gas). */
  gasUsed: bigint;
}

/**
 * Run a message's body: a native CMT transfer, or a module call with the value credited to the
 * module first. A failure reverts the body's writes (not the fee) and yields revert data.
 */
export function runMessage(
  env: ExecEnv,
  state: StateDB,
  msg: { from: Address; to: Address | null; value: bigint; data: Uint8Array; gasLimit: bigint },
): CallOutcome {
  const snap = state.snapshot();
  const gas = new GasMeter(msg.gasLimit);
  const logs: Log[] = [];
  try {
    if (msg.to === null) throw new ModuleError("CONTRACT_CREATION", "contract creation is not supported yet");
    transfer(state, msg.from, msg.to, msg.value);
    const abi = env.modules.at(msg.to);
    let output: Uint8Array = new Uint8Array(0);
    if (abi) {
      const ctx = callContext(abi, state, gas, env.block, logs, { sender: msg.from, value: msg.value });
      output = runModuleCall(abi, ctx, msg.data);
    }
    return { status: 1, output, logs, gasUsed: gas.used };
  } catch (err) {
    state.revert(snap);
    return { status: 0, output: revertData(err), logs: [], gasUsed: gas.used };
  }
}

function revertData(err: unknown): Uint8Array {
  if (err instanceof ModuleError) return encodeRevert(err.reason);
  if (err instanceof OutOfGasError) return new Uint8Array(0);
  if (err instanceof InsufficientBalanceError) return encodeRevert("insufficient balance for transfer");
  throw err; // a bug, not a revert: the block must not silently diverge
}

/**
 * Check that `tx` can be executed now (Ethereum's pre-execution rules). A tx that fails here
 * cannot be in a block.
 */
export function precheckTx(env: ExecEnv, state: StateDB, tx: SignedTx, sender: Address): Account {
  const acct = getAccount(state, sender);
  if (tx.nonce < acct.nonce)
    throw new TxError(TxErrorCode.NonceTooLow, "nonce too low", { have: tx.nonce, want: acct.nonce });
  if (tx.nonce > acct.nonce)
    throw new TxError(TxErrorCode.NonceTooHigh, "nonce too high", { have: tx.nonce, want: acct.nonce });
  if (tx.maxFeePerGas < env.baseFee)
    throw new TxError(TxErrorCode.FeeCapTooLow, "max fee per gas less than block base fee");
  if (tx.gasLimit < intrinsicGas(tx)) throw new TxError(TxErrorCode.IntrinsicGas, "intrinsic gas too low");
  if (acct.balance < tx.gasLimit * tx.maxFeePerGas + tx.value) {
    throw new TxError(TxErrorCode.InsufficientFunds, "insufficient funds for gas * price + value");
  }
  return acct;
}

/**
 * Execute one transaction: buy gas, bump the nonce, run the body, refund unused gas, pay the fee
 * (gas used × effective gas price) to the fee collector. Throws TxError if the precheck fails.
 */
export function applyTx(
  env: ExecEnv,
  state: StateDB,
  tx: SignedTx,
  sender: Address,
  cumulativeGasBefore: bigint,
): Receipt {
  const acct = precheckTx(env, state, tx, sender);
  const price = effectiveGasPrice(tx, env.baseFee);
  putAccount(state, sender, { nonce: acct.nonce + 1n, balance: acct.balance - tx.gasLimit * price });
  const intrinsic = intrinsicGas(tx);
  const out = runMessage(env, state, {
    from: sender,
    to: tx.to,
    value: tx.value,
    data: tx.data,
    gasLimit: tx.gasLimit - intrinsic,
  });
  const gasUsed = intrinsic + out.gasUsed;
  const after = getAccount(state, sender);
  putAccount(state, sender, { nonce: after.nonce, balance: after.balance + (tx.gasLimit - gasUsed) * price });
  const fc = getAccount(state, env.feeCollector);
  putAccount(state, env.feeCollector, { nonce: fc.nonce, balance: fc.balance + gasUsed * price });
  return {
    status: out.status,
    gasUsed,
    cumulativeGasUsed: cumulativeGasBefore + gasUsed,
    effectiveGasPrice: price,
    logs: out.logs,
    output: out.output,
  };
}
