// The one-minute soak of CI (server suite): 60 s at half the measured maximum rate, three windows of
// 20 s, the first one warm-up. Ratios of the same run only; absolute speed lives in `npm run bench`.
// It runs in each engine's pass of the server suite (LINGYAN_SOAK_ENGINE limits it to one); `npm run soak` is the long form.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openPgServer } from './lib/pg-engine.ts';
import { runSoak } from './lib/soak-run.ts';
import { renderWindows } from './lib/soak-windows.ts';

const engine = process.env.LINGYAN_TEST_DB ?? 'sqlite';
/** Which passes of the server suite run it: both unless LINGYAN_SOAK_ENGINE names one. */
const soakEngine = process.env.LINGYAN_SOAK_ENGINE ?? engine;
const seconds = Number(process.env.LINGYAN_SOAK_SECONDS ?? 60);

describe.runIf(engine === soakEngine)(`soak (${engine}, ${seconds} s)`, () => {
  it('answers a mixed load at half its maximum rate with no error, a steady p99 and flat memory', { timeout: 600_000 }, async () => {
    const pg = engine === 'postgres' ? await openPgServer(process.env.LINGYAN_TEST_PG_URL, () => {}) : null;
    try {
      const databaseUrl = pg ? await pg.freshDatabase('lingyan_soak') : undefined;
      const result = await runSoak({
        rootDir: fileURLToPath(new URL('..', import.meta.url)),
        seconds,
        windows: 3,
        warmupWindows: 1,
        rampStepSeconds: 3,
        // The CI form shares the machine with the other engine's suite: p99 may grow 2× net of the CPU probe (the long form: 1.5×).
        limits: { p99Growth: Number(process.env.LINGYAN_SOAK_P99_LIMIT ?? 2), rssGrowth: 1.1 },
        ...(databaseUrl ? { databaseUrl } : {}),
      });
      console.log(`soak ${engine}: maximum ${result.maxRps.toFixed(1)} rps, soaked at ${result.rate.toFixed(1)} rps\n${renderWindows(result.windows, engine)}`);
      expect(result.verdict.failures).toEqual([]);
      expect(result.windows.every((w) => w.requests > 0)).toBe(true);
    } finally {
      await pg?.stop();
    }
  });
});
