// Pure reduction of a soak run into windows and its stability verdicts (ratios within one run).
import { percentile, sortedCopy } from './stats.ts';

/** One answered (or failed) request: when it was due, how long it took from then, and whether it failed. */
export interface Sample {
  /** Milliseconds since the steady phase started, when the request was scheduled. */
  at: number;
  ms: number;
  op: string;
  error: boolean;
}

export interface Window {
  index: number;
  warmup: boolean;
  requests: number;
  errors: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  /** Median of the p99s of the window's quarters: what the verdict compares, so one stall of a shared machine does not decide it. */
  stableP99Ms: number;
  /** Highest server VmRSS (MB) of the readings taken during the window (about one a second). */
  rssMb: number;
  /** Median time of the fixed CPU probe run in the client during the window: how much machine the run had. */
  probeMs: number;
}

/** One run of the fixed CPU probe: when (ms since the steady phase began) and how long it took. */
export interface Probe {
  at: number;
  ms: number;
}

export interface SoakLimits {
  /** Last window's p99 (median of its quarters) at most this times the first post-warm-up window's. */
  p99Growth: number;
  /** Last window's RSS at most this times the first post-warm-up window's. */
  rssGrowth: number;
}

export const DEFAULT_LIMITS: SoakLimits = { p99Growth: 1.5, rssGrowth: 1.1 };

export interface Verdict {
  ok: boolean;
  errors: number;
  p99Ratio: number;
  /** The probe's slowdown from the first steady window to the last (≥ 1 counts; a faster machine is not credited). */
  machineRatio: number;
  rssRatio: number;
  failures: string[];
}

/** Splits samples into `count` windows of `windowMs`; `rssMb[i]` is window i's highest RSS reading. */
export function toWindows(
  samples: readonly Sample[],
  count: number,
  windowMs: number,
  warmupWindows: number,
  rssMb: readonly number[],
  probes: readonly Probe[] = [],
): Window[] {
  if (warmupWindows < 1 || warmupWindows >= count - 1)
    throw new RangeError(`need at least one warm-up window and two after it, got ${warmupWindows} of ${count}`);
  const buckets: Sample[][] = Array.from({ length: count }, () => []);
  for (const s of samples) buckets[Math.min(count - 1, Math.max(0, Math.floor(s.at / windowMs)))]!.push(s);
  return buckets.map((bucket, index) => {
    const sorted = sortedCopy(bucket.map((s) => s.ms));
    const quarters = [0, 1, 2, 3].map((q) => bucket.filter((s) => Math.min(3, Math.floor(((s.at - index * windowMs) / windowMs) * 4)) === q).map((s) => s.ms));
    const quarterP99 = sortedCopy(quarters.filter((q) => q.length > 0).map((q) => percentile(sortedCopy(q), 99)));
    return {
      index,
      warmup: index < warmupWindows,
      requests: bucket.length,
      errors: bucket.filter((s) => s.error).length,
      rps: bucket.length / (windowMs / 1000),
      p50Ms: percentile(sorted, 50),
      p99Ms: percentile(sorted, 99),
      stableP99Ms: median(quarterP99),
      rssMb: rssMb[index] ?? Number.NaN,
      probeMs: median(sortedCopy(probes.filter((pr) => Math.floor(pr.at / windowMs) === index).map((pr) => pr.ms))),
    };
  });
}

function median(sorted: Float64Array): number {
  if (sorted.length === 0) return Number.NaN;
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Zero errors anywhere (warm-up included); the last window's p99 and RSS against the first window after warm-up. */
export function judge(windows: readonly Window[], limits: SoakLimits = DEFAULT_LIMITS): Verdict {
  const steady = windows.filter((w) => !w.warmup);
  const first = steady[0];
  const last = steady.at(-1);
  if (!first || !last || first === last || !windows[0]?.warmup) throw new RangeError('judge needs a warm-up window and two steady windows');
  const errors = windows.reduce((n, w) => n + w.errors, 0);
  // A neighbour that takes the machine slows the probe as much as the server: p99 growth is judged net of it.
  const probeRatio = last.probeMs / first.probeMs;
  const machineRatio = Number.isFinite(probeRatio) ? Math.max(1, probeRatio) : 1;
  const p99Ratio = last.stableP99Ms / first.stableP99Ms / machineRatio;
  const rssRatio = last.rssMb / first.rssMb;
  const failures: string[] = [];
  if (errors > 0) failures.push(`${errors} requests failed`);
  if (windows.some((w) => w.requests === 0)) failures.push('a window answered no request');
  if (!(p99Ratio <= limits.p99Growth))
    failures.push(
      `p99 grew ${p99Ratio.toFixed(2)}× net of the machine (median quarter p99 of the last window ${last.stableP99Ms.toFixed(1)} ms, of the first steady window ${first.stableP99Ms.toFixed(1)} ms; CPU probe ${machineRatio.toFixed(2)}× slower; limit ${limits.p99Growth}×)`,
    );
  if (!(rssRatio <= limits.rssGrowth))
    failures.push(
      `RSS grew ${rssRatio.toFixed(2)}× (${first.rssMb.toFixed(0)} MB after warm-up, ${last.rssMb.toFixed(0)} MB at the end; limit ${limits.rssGrowth}×)`,
    );
  return { ok: failures.length === 0, errors, p99Ratio, machineRatio, rssRatio, failures };
}

/** The fixed mix as a repeating sequence, interleaved so every op recurs evenly (largest remainder per slot). */
export function mixSequence(weights: Readonly<Record<string, number>>): string[] {
  const entries = Object.entries(weights).filter(([, w]) => w > 0);
  const total = entries.reduce((n, [, w]) => n + w, 0);
  if (entries.some(([, w]) => !Number.isInteger(w)) || total === 0) throw new RangeError('weights must be positive integers');
  const credit = new Map(entries.map(([op]) => [op, 0]));
  const out: string[] = [];
  for (let i = 0; i < total; i++) {
    for (const [op, w] of entries) credit.set(op, credit.get(op)! + w);
    const [best] = [...credit.entries()].reduce((a, b) => (b[1] > a[1] ? b : a));
    credit.set(best, credit.get(best)! - total);
    out.push(best);
  }
  return out;
}

export function renderWindows(windows: readonly Window[], label: string): string {
  const head = `| ${label} window | requests | errors | rps | p50 ms | p99 ms | p99, median of quarters | CPU probe ms | RSS MB |\n|---|---|---|---|---|---|---|---|---|`;
  const rows = windows.map(
    (w) =>
      `| ${w.index + 1}${w.warmup ? ' (warm-up)' : ''} | ${w.requests} | ${w.errors} | ${w.rps.toFixed(1)} | ${w.p50Ms.toFixed(1)} | ${w.p99Ms.toFixed(1)} | ${w.stableP99Ms.toFixed(1)} | ${w.probeMs.toFixed(2)} | ${w.rssMb.toFixed(0)} |`,
  );
  return [head, ...rows].join('\n');
}

/** VmRSS of a process in MB from the text of /proc/<pid>/status. */
export function parseVmRssMb(status: string): number {
  const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
  if (!m) throw new Error('no VmRSS line in /proc/<pid>/status');
  return Number(m[1]) / 1024;
}
