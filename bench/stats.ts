/** Percentile by nearest rank over sorted samples. */
export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  if (!s.length) return NaN;
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

export interface Percentiles {
  p50: number;
  p95: number;
  p99: number;
}

export function percentiles(samples: number[]): Percentiles {
  const s = [...samples].sort((a, b) => a - b);
  return { p50: percentile(s, 50), p95: percentile(s, 95), p99: percentile(s, 99) };
}

/** Median of each percentile over repeated rounds. */
export function medianPercentiles(rounds: Percentiles[]): Percentiles {
  return { p50: median(rounds.map((r) => r.p50)), p95: median(rounds.map((r) => r.p95)), p99: median(rounds.map((r) => r.p99)) };
}

export const ms = (x: number, digits = 3) => (Number.isFinite(x) ? x.toFixed(digits) : 'n/a');
