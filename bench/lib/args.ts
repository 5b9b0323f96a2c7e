// CLI parsing and workload selection, pure so `--only` mistakes are caught by unit tests.
import { parseArgs } from 'node:util';
import type { Engine, Workload } from './types.ts';

export interface CliOptions {
  quick: boolean;
  only: string[] | null;
  help: boolean;
  engines: Engine[];
}

export const USAGE = `Usage: npm run bench -- [--quick] [--only name,name] [--engine sqlite|postgres|both]
  --quick        smoke-test sizes (1 s of load, 10x fewer rows); figures not representative
  --only <list>  run only these workloads (comma-separated); baselines always run
  --engine <e>   sqlite, postgres or both (default both); postgres uses LINGYAN_BENCH_PG_URL or a throwaway cluster
env: LINGYAN_BENCH_SECONDS  seconds of HTTP load per workload (default 5, 1 with --quick)`;

export function parseCliArgs(argv: readonly string[]): CliOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      quick: { type: 'boolean', default: false },
      only: { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h', default: false },
      engine: { type: 'string', default: 'both' },
    },
    strict: true,
    allowPositionals: false,
  });
  const only = values.only
    ?.flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v.length > 0);
  const engine = values.engine ?? 'both';
  if (engine !== 'sqlite' && engine !== 'postgres' && engine !== 'both') throw new Error(`--engine must be sqlite, postgres or both, got "${engine}"`);
  return {
    engines: engine === 'both' ? ['sqlite', 'postgres'] : [engine],
    quick: values.quick ?? false,
    help: values.help ?? false,
    only: only && only.length > 0 ? only : null,
  };
}

/** Seconds of load: env override wins, then quick/full defaults. */
export function resolveSeconds(env: string | undefined, quick: boolean): number {
  if (env === undefined || env.trim() === '') return quick ? 1 : 5;
  const seconds = Number(env);
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > 600) {
    throw new Error(`LINGYAN_BENCH_SECONDS must be an integer from 1 to 600, got "${env}"`);
  }
  return seconds;
}

/** Baselines first, always; then the registry order filtered by `--only`. Unknown names throw. */
export function selectWorkloads(baselines: readonly Workload[], workloads: readonly Workload[], only: readonly string[] | null): Workload[] {
  const names = [...baselines, ...workloads].map((w) => w.name);
  const known = new Set(names);
  if (known.size !== names.length) throw new Error(`duplicate workload names in registry: ${names.join(', ')}`);
  const unknown = (only ?? []).filter((name) => !known.has(name));
  if (unknown.length > 0) {
    throw new Error(`unknown workload(s): ${unknown.join(', ')}; known: ${[...known].join(', ')}`);
  }
  const chosen = only === null ? workloads : workloads.filter((w) => only.includes(w.name));
  return [...baselines, ...chosen];
}
