// Shared shapes for the benchmark harness; kept free of I/O so lib/* stays unit-testable.

/** Measured figures of one workload, e.g. `{ rps, p50Ms, p99Ms }` or `{ rowsPerSec }`. */
export type Figures = Record<string, number>;

export type Op = '<' | '<=' | '>' | '>=';

/** `{ figure: 'p99Ms', op: '<', value: 30 }` — the figure itself is compared with `value`. */
export interface AbsoluteTarget {
  figure: string;
  op: Op;
  value: number;
}

/**
 * `{ figure: 'rps', op: '>=', value: 0.1, of: 'http-hello' }` — figure / baseline figure is
 * compared with `value` (0.1 = "at least 10% of the baseline").
 */
export interface RatioTarget {
  figure: string;
  op: Op;
  value: number;
  /** Baseline workload name (its presence is what makes this a ratio target). */
  of: string;
  /** Baseline figure to divide by; defaults to `figure`. */
  ofFigure?: string;
}

export type Target = AbsoluteTarget | RatioTarget;

export type Engine = 'sqlite' | 'postgres';

/** Everything a workload may use; the harness owns cleanup so workloads can just `defer`. */
export interface BenchContext {
  /** True under `--quick`: smoke-test sizes, figures are not representative. */
  quick: boolean;
  /** Load duration for time-bounded workloads (LINGYAN_BENCH_SECONDS, default 5, quick 1). */
  seconds: number;
  /** Private temp directory, removed after the workload finishes or crashes. */
  tmpDir: string;
  /** Repository root, for resolving workspace files. */
  rootDir: string;
  /** The database engine this run of the workload measures. */
  engine: Engine;
  /** A fresh, empty PostgreSQL database (dropped after the run); throws when engine is sqlite. */
  freshPgDatabase(prefix: string): Promise<string>;
  /** Pick a size: the full value normally, the quick value under `--quick`. */
  scale(full: number, quick: number): number;
  /** Register cleanup (kill a child, close a db); runs in reverse order even on crash. */
  defer(fn: () => void | Promise<void>): void;
  /** Progress line on stderr, so stdout keeps only the result table. */
  log(message: string): void;
}

export interface Workload {
  name: string;
  description: string;
  /** Baseline whose same-named figures get a ratio column even without a target. */
  baseline?: string;
  target?: Target | readonly Target[];
  /** Engines it runs on (default sqlite only); a baseline runs once, whatever the engine. */
  engines?: readonly Engine[];
  /** Why it is not measured on PostgreSQL, when `engines` lacks it: printed in docs/performance.md. */
  postgresGap?: string;
  /** Why a target is missed, by figure (`p99Ms` for SQLite, `postgres:p99Ms` for PostgreSQL): printed with the shortfall in docs/performance.md. */
  whyMissed?: Readonly<Record<string, string>>;
  /** Hard cap for the whole workload; default 120 s. */
  timeoutMs?: number;
  run(ctx: BenchContext): Promise<Figures>;
}

export type Verdict = 'met' | 'missed' | 'n/a';

/** What a workload produced in this run; `error` set means it crashed. */
export interface WorkloadResult {
  /** The workload's name, with ` [engine]` after it for non-baselines. */
  name: string;
  engine?: Engine;
  description: string;
  isBaseline: boolean;
  baseline?: string;
  targets: readonly Target[];
  figures: Figures;
  elapsedMs: number;
  error?: string;
}

/** One table row: a figure with its ratio, target and verdict. */
export interface Row {
  workload: string;
  figure: string;
  value: number | null;
  ratio: { value: number; baseline: string; figure: string } | null;
  target: string | null;
  verdict: Verdict | null;
}

export interface MachineFacts {
  node: string;
  cpu: string;
  cores: number;
  platform: string;
  totalMemMb: number;
  loadAvg1m: number;
  date: string;
}

export interface Report {
  startedAt: string;
  finishedAt: string;
  quick: boolean;
  seconds: number;
  machine: MachineFacts;
  results: WorkloadResult[];
  rows: Row[];
  engines: Engine[];
  /** Selected workloads not measured on PostgreSQL in this run, with the reason. */
  postgresGaps: { name: string; why: string }[];
  /** `whyMissed` of the measured workloads, keyed by result name then figure. */
  whyMissed: Record<string, Readonly<Record<string, string>>>;
}
