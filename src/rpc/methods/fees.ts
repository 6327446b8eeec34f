import { z } from "zod";
import { type Hex, toQuantity } from "../../lib/index.js";
import type { BlockView, RpcBackend } from "../backend.js";
import { heightOf } from "../blocks.js";
import { serverError } from "../errors.js";
import { zBlockNumber } from "../params/index.js";
import { type Method, method } from "./method.js";

/** Most blocks one eth_feeHistory answer covers (geth's default MaxHeaderHistory). */
export const MAX_FEE_HISTORY = 1024;

/** geth's math.HexOrDecimal64: a JSON number, a decimal string or a hex string. */
const zBlockCount = z
  .union([z.number().int().nonnegative(), z.string().regex(/^(0x[0-9a-fA-F]+|[0-9]+)$/)], {
    error: "invalid block count",
  })
  .transform((v) => BigInt(v));

const zPercentiles = z.array(z.number(), { error: "invalid reward percentiles" }).optional();

function checkPercentiles(ps: number[]): void {
  ps.forEach((p, i) => {
    if (p < 0 || p > 100) throw serverError(`invalid reward percentile: ${p.toFixed(6)}`);
    const prev = ps[i - 1];
    if (prev !== undefined && p <= prev) {
      throw serverError(`invalid reward percentile: #${i - 1}:${prev.toFixed(6)} >= #${i}:${p.toFixed(6)}`);
    }
  });
}

/** Tips at the given percentiles of a block's gas, as geth computes them (gas-weighted). */
export function blockRewards(view: BlockView, percentiles: number[]): Hex[] {
  const baseFee = view.block.header.baseFeePerGas;
  const sorted = view.receipts
    .map((r) => ({ tip: r.effectiveGasPrice > baseFee ? r.effectiveGasPrice - baseFee : 0n, gas: Number(r.gasUsed) }))
    .sort((a, b) => (a.tip < b.tip ? -1 : a.tip > b.tip ? 1 : 0));
  const first = sorted[0];
  if (first === undefined) return percentiles.map(() => "0x0");
  const gasUsed = Number(view.block.header.gasUsed);
  let i = 0;
  let sum = first.gas;
  return percentiles.map((p) => {
    const threshold = Math.floor((gasUsed * p) / 100);
    while (sum < threshold && i < sorted.length - 1) {
      i++;
      sum += (sorted[i] as { gas: number }).gas;
    }
    return toQuantity((sorted[i] as { tip: bigint }).tip);
  });
}

function feeHistory(backend: RpcBackend, count: bigint, newest: bigint, percentiles: number[] | undefined) {
  const head = backend.headHeight();
  if (newest > head) throw serverError(`request beyond head block: requested ${newest}, head ${head}`);
  if (percentiles !== undefined) checkPercentiles(percentiles);
  const views: BlockView[] = [];
  const want = count < BigInt(MAX_FEE_HISTORY) ? count : BigInt(MAX_FEE_HISTORY);
  // Walk back from the newest block; stop at the first missing one (e.g. no stored genesis block).
  for (let h = newest; h >= 0n && BigInt(views.length) < want; h--) {
    const view = backend.blockByHeight(h);
    if (view === null) break;
    views.unshift(view);
  }
  const oldest = views[0];
  if (oldest === undefined) return { oldestBlock: "0x0", baseFeePerGas: [], gasUsedRatio: [] };
  const newestView = views[views.length - 1] as BlockView;
  const after = newest < head ? backend.blockByHeight(newest + 1n) : null;
  const nextBaseFee =
    after?.block.header.baseFeePerGas ?? backend.nextBaseFeePerGas?.() ?? newestView.block.header.baseFeePerGas;
  const result: Record<string, unknown> = {
    oldestBlock: toQuantity(oldest.block.header.height),
    baseFeePerGas: [...views.map((v) => toQuantity(v.block.header.baseFeePerGas)), toQuantity(nextBaseFee)],
    gasUsedRatio: views.map((v) => {
      const { gasUsed, gasLimit } = v.block.header;
      return gasLimit === 0n ? 0 : Number(gasUsed) / Number(gasLimit);
    }),
  };
  if (percentiles !== undefined && percentiles.length > 0) {
    result.reward = views.map((v) => blockRewards(v, percentiles));
  }
  return result;
}

/** Gas price suggestions and fee history. */
export const feeMethods: Record<string, Method> = {
  eth_gasPrice: method([], (_, { backend }) => toQuantity(backend.gasPrice())),
  eth_maxPriorityFeePerGas: method([], (_, { backend }) => toQuantity(backend.maxPriorityFeePerGas())),
  eth_feeHistory: method([zBlockCount, zBlockNumber, zPercentiles], ([count, tag, percentiles], { backend }) =>
    feeHistory(backend, count, heightOf(backend, tag) ?? backend.headHeight(), percentiles),
  ),
};
