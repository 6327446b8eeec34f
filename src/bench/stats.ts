// Small helpers for medians and formatting of the bench's figures.

/** Median of a non-empty list (mean of the middle two for an even count). */
export function median(xs: number[]): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

/** Integer with thousands separators. */
export const int = (x: number) => (Number.isFinite(x) ? Math.round(x).toLocaleString("en") : "–");

/** Mebibytes, rounded. */
export const mb = (bytes: number) => int(bytes / 2 ** 20);

/** Fixed decimals. */
export const fix = (x: number, d = 2) => (Number.isFinite(x) ? x.toFixed(d) : "–");
