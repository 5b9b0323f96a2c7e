// `npm run bench`: baselines, then workloads; writes bench/results/*.json and docs/performance.md.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { USAGE, parseCliArgs, resolveSeconds, selectWorkloads, type CliOptions } from './lib/args.ts';
import { runWorkload, type RunSettings } from './lib/harness.ts';
import { machineFacts } from './lib/machine.ts';
import { renderMarkdown, renderTable } from './lib/report.ts';
import { buildRows } from './lib/targets.ts';
import { openPgServer, type PgServer } from './lib/pg-engine.ts';
import type { Figures, Report, Workload, WorkloadResult } from './lib/types.ts';
import { baselines, workloads } from './workloads/index.ts';

const rootDir = fileURLToPath(new URL('..', import.meta.url));
const resultsDir = path.join(rootDir, 'bench', 'results');
const docFile = path.join(rootDir, 'docs', 'performance.md');
const log = (message: string): void => void process.stderr.write(`${message}\n`);

async function main(): Promise<number> {
  let cli: CliOptions;
  let settings: RunSettings;
  let selected: Workload[];
  try {
    cli = parseCliArgs(process.argv.slice(2));
    settings = {
      quick: cli.quick,
      seconds: resolveSeconds(process.env.LINGYAN_BENCH_SECONDS, cli.quick),
      rootDir,
      log,
    };
    selected = selectWorkloads(baselines, workloads, cli.only);
  } catch (error) {
    log(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    return 2;
  }
  if (cli.help) {
    console.log(USAGE);
    return 0;
  }

  // Exit via 'exit' hooks on Ctrl-C, so child servers are killed and temp dirs removed.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));

  const machine = machineFacts();
  const baselineNames = new Set(baselines.map((b) => b.name));
  const results: WorkloadResult[] = [];
  const postgresGaps: Report['postgresGaps'] = [];
  const whyMissed: Report['whyMissed'] = {};
  const runOne = async (workload: Workload, engine: 'sqlite' | 'postgres') => {
    const isBaseline = baselineNames.has(workload.name);
    log(`▶ ${workload.name}${isBaseline ? '' : ` [${engine}]`}`);
    const result = await runWorkload(workload, isBaseline, settings, engine);
    log(result.error === undefined ? `  done in ${(result.elapsedMs / 1000).toFixed(1)} s` : `  CRASHED: ${result.error}`);
    if (workload.whyMissed) whyMissed[result.name] = whyFor(workload.whyMissed, engine);
    results.push(result);
  };
  // Baselines once (they measure the machine, not an engine); then every workload per engine.
  for (const workload of selected.filter((w) => baselineNames.has(w.name))) await runOne(workload, 'sqlite');
  for (const engine of cli.engines) {
    const own = selected.filter((w) => !baselineNames.has(w.name));
    const runnable = own.filter((w) => (w.engines ?? ['sqlite']).includes(engine));
    if (engine === 'postgres') {
      for (const w of own.filter((w) => !runnable.includes(w))) postgresGaps.push({ name: w.name, why: w.postgresGap ?? 'not written for PostgreSQL yet' });
    }
    let pg: PgServer | null = null;
    try {
      if (engine === 'postgres' && runnable.length > 0) {
        pg = await openPgServer(process.env.LINGYAN_BENCH_PG_URL, log);
        settings.freshPgDatabase = pg.freshDatabase;
      }
      for (const workload of runnable) await runOne(workload, engine);
    } finally {
      delete settings.freshPgDatabase;
      await pg?.stop();
    }
  }

  const baselineFigures = new Map<string, Figures>(results.filter((r) => r.isBaseline && r.error === undefined).map((r) => [r.name, r.figures]));
  const report: Report = {
    startedAt: machine.date,
    finishedAt: new Date().toISOString(),
    quick: settings.quick,
    seconds: settings.seconds,
    machine,
    results,
    rows: results.flatMap((r) => buildRows(r, baselineFigures)),
    engines: cli.engines,
    postgresGaps,
    whyMissed,
  };
  await writeOutputs(report);
  console.log(renderTable(report.rows));

  const crashed = results.filter((r) => r.error !== undefined).map((r) => r.name);
  if (crashed.length > 0) log(`\ncrashed: ${crashed.join(', ')}`);
  return crashed.length > 0 ? 1 : 0; // a missed target is a finding, a crash is a failure
}

/** A workload's reasons for one engine: bare figure names are SQLite's, `postgres:<figure>` PostgreSQL's. */
function whyFor(why: Readonly<Record<string, string>>, engine: 'sqlite' | 'postgres'): Record<string, string> {
  const entries = Object.entries(why);
  if (engine === 'sqlite') return Object.fromEntries(entries.filter(([k]) => !k.includes(':')));
  return Object.fromEntries(entries.filter(([k]) => k.startsWith(`${engine}:`)).map(([k, v]) => [k.slice(engine.length + 1), v]));
}

async function writeOutputs(report: Report): Promise<void> {
  await mkdir(resultsDir, { recursive: true });
  const json = `${JSON.stringify(report, null, 2)}\n`;
  const stamp = report.startedAt.replaceAll(':', '-'); // colons are not portable in file names
  await writeFile(path.join(resultsDir, `${stamp}.json`), json);
  await writeFile(path.join(resultsDir, 'latest.json'), json);
  await mkdir(path.dirname(docFile), { recursive: true });
  await writeFile(docFile, renderMarkdown(report));
  log(`wrote bench/results/${stamp}.json, bench/results/latest.json, docs/performance.md\n`);
}

process.exitCode = await main().catch((error: unknown) => {
  log(`bench harness failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  return 1;
});
