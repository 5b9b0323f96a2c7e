// `npm run soak`: the mixed workload at half the measured maximum rate, on one or both engines.
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { openPgServer } from './lib/pg-engine.ts';
import { runSoak, MIX, type SoakResult } from './lib/soak-run.ts';
import { renderWindows } from './lib/soak-windows.ts';

const USAGE = `Usage: npm run soak -- [--minutes 10] [--engine sqlite|postgres|both]
  --minutes <n>  steady phase per engine, warm-up included (default 10; windows of 30 s, the first minute is warm-up)
  --engine       which database (default both); postgres uses LINGYAN_BENCH_PG_URL or a throwaway cluster`;

const rootDir = fileURLToPath(new URL('..', import.meta.url));
const log = (m: string): void => void process.stderr.write(`${m}\n`);

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { minutes: { type: 'string', default: '10' }, engine: { type: 'string', default: 'both' }, help: { type: 'boolean', short: 'h' } },
    strict: true,
  });
  const minutes = Number(values.minutes);
  const engines = values.engine === 'both' ? ['sqlite', 'postgres'] : [values.engine];
  if (values.help || !(minutes >= 1 && minutes <= 120) || !engines.every((e) => e === 'sqlite' || e === 'postgres')) {
    log(USAGE);
    return values.help ? 0 : 2;
  }
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));
  const seconds = Math.round(minutes * 60);
  const windows = Math.max(4, Math.round(seconds / 30));
  const warmupWindows = Math.max(1, Math.round(windows / 10));
  const results: SoakResult[] = [];
  for (const engine of engines) {
    const pg = engine === 'postgres' ? await openPgServer(process.env.LINGYAN_BENCH_PG_URL, log) : null;
    try {
      const databaseUrl = pg ? await pg.freshDatabase('lingyan_soak') : undefined;
      results.push(await runSoak({ rootDir, seconds, windows, warmupWindows, rampStepSeconds: 10, ...(databaseUrl ? { databaseUrl } : {}), log }));
    } finally {
      await pg?.stop();
    }
  }
  console.log(
    `mix per 20 requests: ${Object.entries(MIX)
      .map(([op, n]) => `${op} ${n}`)
      .join(', ')}\n`,
  );
  for (const r of results) {
    console.log(
      `## ${r.engine}: maximum ${r.maxRps.toFixed(1)} rps (ramp ${r.ramp.map((s) => `${s.connections}→${s.rps.toFixed(0)}`).join(', ')}), soaked at ${r.rate.toFixed(1)} rps`,
    );
    console.log(renderWindows(r.windows, r.engine));
    console.log(
      `steady p99 by op (ms): ${Object.entries(r.opP99Ms)
        .map(([op, ms]) => `${op} ${ms.toFixed(1)}`)
        .join(', ')}`,
    );
    console.log(
      `errors ${r.verdict.errors}; last/first steady p99 ${r.verdict.p99Ratio.toFixed(2)}×; RSS end/after warm-up ${r.verdict.rssRatio.toFixed(2)}× → ${r.verdict.ok ? 'PASS' : `FAIL: ${r.verdict.failures.join('; ')}`}\n`,
    );
  }
  return results.every((r) => r.verdict.ok) ? 0 : 1;
}

process.exitCode = await main().catch((error: unknown) => {
  log(`soak failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  return 1;
});
