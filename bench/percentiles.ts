export type Percentiles = { n: number; p50: number; p95: number; p99: number; max: number; mean: number };

/** Nearest-rank percentiles, in the unit given, rounded to 0.01. */
export function percentiles(values: number[]): Percentiles {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => sorted.length ? sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]! : NaN;
  const r = (x: number) => Math.round(x * 100) / 100;
  const mean = sorted.length ? sorted.reduce((a, b) => a + b, 0) / sorted.length : NaN;
  return { n: sorted.length, p50: r(at(50)), p95: r(at(95)), p99: r(at(99)), max: r(at(100)), mean: r(mean) };
}
