// Runs one workload in a fresh context: private temp dir, deferred cleanup, hard time limit.
import { rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { BenchContext, Engine, Figures, Workload, WorkloadResult } from './types.ts';
import { normalizeTargets } from './targets.ts';

export interface RunSettings {
  quick: boolean;
  seconds: number;
  rootDir: string;
  log(message: string): void;
  /** Creates an empty PostgreSQL database; absent when the run has no PostgreSQL. */
  freshPgDatabase?: (prefix: string) => Promise<string>;
}

const DEFAULT_TIMEOUT_MS = 120_000;
const liveTmpDirs = new Set<string>();

// If the harness is interrupted mid-workload, still leave no temp dirs behind.
process.on('exit', () => {
  for (const dir of liveTmpDirs) rmSync(dir, { recursive: true, force: true });
});

export async function runWorkload(workload: Workload, isBaseline: boolean, settings: RunSettings, engine: Engine = 'sqlite'): Promise<WorkloadResult> {
  const tmpDir = await mkdtemp(path.join(os.tmpdir(), `lingyan-bench-${workload.name}-`));
  liveTmpDirs.add(tmpDir);
  const cleanups: Array<() => void | Promise<void>> = [];
  const ctx: BenchContext = {
    quick: settings.quick,
    seconds: settings.seconds,
    tmpDir,
    rootDir: settings.rootDir,
    engine,
    freshPgDatabase: (prefix) => {
      if (engine !== 'postgres' || !settings.freshPgDatabase) throw new Error(`${workload.name} asked for PostgreSQL in a ${engine} run`);
      return settings.freshPgDatabase(prefix);
    },
    scale: (full, quick) => (settings.quick ? quick : full),
    defer: (fn) => void cleanups.push(fn),
    log: settings.log,
  };
  const base = {
    name: isBaseline ? workload.name : `${workload.name} [${engine}]`,
    ...(isBaseline ? {} : { engine }),
    description: workload.description,
    isBaseline,
    ...(workload.baseline !== undefined ? { baseline: workload.baseline } : {}),
    targets: normalizeTargets(workload.target),
  };
  const started = performance.now();
  try {
    const figures = await withTimeout(workload.run(ctx), workload.timeoutMs ?? DEFAULT_TIMEOUT_MS, workload.name);
    return { ...base, figures: checkFigures(figures), elapsedMs: performance.now() - started };
  } catch (error) {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    return { ...base, figures: {}, elapsedMs: performance.now() - started, error: message };
  } finally {
    await runCleanups(cleanups, settings.log);
    await rm(tmpDir, { recursive: true, force: true });
    liveTmpDirs.delete(tmpDir);
  }
}

// A figure that is not a finite number would silently poison ratios and JSON.
function checkFigures(figures: Figures): Figures {
  for (const [name, value] of Object.entries(figures)) {
    if (typeof value !== 'number' || !Number.isFinite(value)) throw new Error(`figure ${name} is not a finite number: ${value}`);
  }
  return figures;
}

async function runCleanups(cleanups: Array<() => void | Promise<void>>, log: (m: string) => void): Promise<void> {
  for (const fn of cleanups.reverse()) {
    try {
      await fn();
    } catch (error) {
      log(`cleanup failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, name: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${name} exceeded its ${ms} ms time limit`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
