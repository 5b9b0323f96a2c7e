// Percentiles over raw samples; exact (nearest-rank), because samples are few enough to sort.

/** Nearest-rank percentile of ascending-sorted samples; p in (0, 100]. NaN when empty. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  if (!(p > 0 && p <= 100)) throw new RangeError(`percentile must be in (0, 100], got ${p}`);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, rank) - 1] as number;
}

/** Sort a copy numerically (typed-array sort is numeric, unlike Array#sort). */
export function sortedCopy(samples: ArrayLike<number>): Float64Array {
  return Float64Array.from(samples).sort();
}
