// Number formatting for the report: readable magnitudes, no false precision.

/** 215,432 · 412 · 12.3 · 1.27 · 0.043 */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  if (abs >= 1000) return Math.round(value).toLocaleString('en-US');
  if (abs >= 100) return value.toFixed(0);
  if (abs >= 10) return value.toFixed(1);
  if (abs >= 0.1 || abs === 0) return value.toFixed(2);
  return value.toPrecision(2);
}

/** A multiplier such as 0.1× or 1.25×, three significant digits at most. */
export function formatRatioFactor(value: number): string {
  return `${Number(value.toPrecision(3))}×`;
}
