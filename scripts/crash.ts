// `npm run crash -- [--engine sqlite|postgres|both] [--kills 20] [--rows 50000] [--max-delay-ms 30000] [--tsx]`
// The long crash-safety run (docs/reliability.md, "Crash safety"); the CI form is apps/server/src/test/crash/crash.test.ts.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCrashLoop, type CrashResult } from '../apps/server/src/test/crash/loop.ts';
import { bundleServer, removeBundle } from '../apps/server/src/test/crash/server-process.ts';
import { startPgControl } from '../apps/server/src/test/crash/pg-control.ts';

const args = process.argv.slice(2);
const opt = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1]! : fallback;
};
const engines = opt('engine', 'both') === 'both' ? (['sqlite', 'postgres'] as const) : ([opt('engine', 'sqlite')] as ('sqlite' | 'postgres')[]);
const seed = Number(process.env.LINGYAN_CRASH_SEED ?? opt('seed', String(Math.floor(Math.random() * 2 ** 31))));
const kills = Number(opt('kills', '20'));
const rows = Number(opt('rows', '50000'));
const maxDelayMs = Number(opt('max-delay-ms', '30000'));
const minDelayMs = Number(opt('min-delay-ms', '500'));
const log = (m: string) => console.log(`  ${new Date().toISOString().slice(11, 19)} ${m}`);

console.log(
  `crash loop: seed ${seed} (replay with LINGYAN_CRASH_SEED=${seed}), ${kills} kills, ${rows} rows per import, kills ${minDelayMs}–${maxDelayMs} ms apart`,
);
const bundle = args.includes('--tsx') ? null : await bundleServer();
let failed = false;
try {
  for (const engine of engines) {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `lingyan-crash-${engine}-`));
    const pg = engine === 'postgres' ? await startPgControl() : null;
    try {
      const r: CrashResult = await runCrashLoop({
        seed,
        kills,
        rows,
        minDelayMs,
        maxDelayMs,
        finalImportMs: Number(opt('final-import-ms', '1200000')),
        dataDir,
        databaseUrl: pg?.databaseUrl ?? null,
        bundle,
        ...(pg ? { pg: { control: pg, downMs: Number(opt('pg-down-ms', '3000')) } } : {}),
        log,
      });
      console.log(`\n${engine}: ${JSON.stringify(r, null, 2)}\n`);
      const v = r.verdict;
      const ok =
        v.integrity.startsWith('ok') &&
        v.audit.ok &&
        !v.missing.requests.length &&
        !v.missing.checks.length &&
        !v.missing.imports.length &&
        !v.halfApplied.length &&
        !v.problems.length &&
        !r.unexpected.length &&
        !r.writerErrors.length &&
        !r.deaths.length &&
        r.acknowledged.imports > 0 &&
        (r.outage?.serverAlive ?? true);
      console.log(`${engine}: ${ok ? 'PASS' : 'FAIL'} in ${r.seconds.toFixed(0)} s`);
      failed ||= !ok;
    } finally {
      await pg?.destroy();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }
} finally {
  if (bundle) removeBundle(bundle);
}
process.exit(failed ? 1 : 0);
