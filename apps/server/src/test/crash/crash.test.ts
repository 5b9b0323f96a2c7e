// Crash safety, CI form: 20 SIGKILLs of the real server under writes, on this run's engine; `npm run crash` is the long form.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testEngine, type TestDatabase } from '../test-database.ts';
import { runCrashLoop, type CrashResult } from './loop.ts';
import { bundleServer, removeBundle } from './server-process.ts';
import { hasPgBinaries, startPgControl, type PgControl } from './pg-control.ts';

const SEED = Number(process.env.LINGYAN_CRASH_SEED ?? Math.floor(Math.random() * 2 ** 31));
const engine = testEngine();
let bundle: string;
let pg: PgControl | null = null;
let dataDir: string;
let external: TestDatabase | null = null;

beforeAll(async () => {
  console.log(`crash loop (${engine}): seed ${SEED} — replay with LINGYAN_CRASH_SEED=${SEED}`);
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lingyan-crash-'));
  bundle = await bundleServer();
  // PostgreSQL: a throwaway cluster of its own, since the loop stops and starts it. Against a
  // server given by LINGYAN_TEST_PG_URL alone (no binaries here), the loop runs without the restart.
  if (engine === 'postgres' && (await hasPgBinaries())) pg = await startPgControl();
  else if (engine === 'postgres') {
    console.log('crash loop: no PostgreSQL binaries here, so no database restart under load (kills only)');
    external = await createTestDatabase();
  }
}, 120_000);

afterAll(async () => {
  removeBundle(bundle);
  await pg?.destroy();
  await external?.drop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe(`crash safety on ${engine}`, () => {
  it('survives 20 SIGKILLs under writes (and, on PostgreSQL, a database restart): nothing acknowledged is lost, nothing half-applied', async () => {
    const r: CrashResult = await runCrashLoop({
      seed: SEED,
      kills: 20,
      rows: 300,
      minDelayMs: 200,
      maxDelayMs: 1500,
      finalImportMs: 60_000,
      dataDir,
      databaseUrl: pg?.databaseUrl ?? external?.databaseUrl ?? null,
      bundle,
      ...(pg ? { pg: { control: pg, downMs: 1500 } } : {}),
      log: (m) => console.log(`  ${m}`),
    });
    console.log(`crash loop (${engine}, seed ${SEED}): ${JSON.stringify({ ...r, startupMs: undefined, verdict: { ...r.verdict, missing: undefined } })}`);
    expect(r.writerErrors).toEqual([]);
    expect(r.deaths).toEqual([]);
    expect(r.verdict.integrity).toMatch(/^ok/);
    expect(r.verdict.audit).toMatchObject({ ok: true });
    expect(r.verdict.missing).toEqual({ requests: [], checks: [], imports: [] });
    expect(r.verdict.halfApplied).toEqual([]);
    expect(r.verdict.problems).toEqual([]);
    // Only lost connections, 409s of retried writes and 503 SERVICE_UNAVAILABLE while PostgreSQL is down.
    expect(r.unexpected).toEqual([]);
    // The loop did write: without acknowledged writes, the checks above prove nothing.
    expect(r.acknowledged.requests).toBeGreaterThan(0);
    expect(r.acknowledged.checks).toBeGreaterThan(0);
    expect(r.acknowledged.imports).toBeGreaterThan(0);
    expect(r.verdict.importedRows).toBeGreaterThanOrEqual(300);
    if (pg) {
      expect(r.outage?.serverAlive).toBe(true);
      expect(r.outage?.firstAckAfterMs).toBeGreaterThanOrEqual(0);
    }
  }, 900_000);
});
