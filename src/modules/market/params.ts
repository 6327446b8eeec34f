/** Market parameters (constructor options; governance will set them once the gov module exists). */
export interface MarketParams {
  /** Deposit each side posts per unit when a listing leaves it 0: this share of the price (bps). */
  defaultDepositBps: bigint;
  /** Time a seller has to accept (post its deposit) after an order, ms. */
  acceptWindowMs: bigint;
  /** Longest shipping or inspection window a listing may set, ms. */
  maxWindowMs: bigint;
}

const DAY = 86_400_000n;

/** Defaults: 10 % deposit (the example), 2 days to accept, windows of at most 90 days. */
export const DEFAULT_MARKET_PARAMS: MarketParams = {
  defaultDepositBps: 1_000n,
  acceptWindowMs: 2n * DAY,
  maxWindowMs: 90n * DAY,
};
