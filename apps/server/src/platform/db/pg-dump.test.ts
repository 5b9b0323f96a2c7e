import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/harness.ts';
import { testEngine } from '../../test/test-database.ts';
import { postgresChecksum } from '../../test/backup-checksum.ts';
import { loadConfig } from '../config.ts';
import { openRuntime } from '../runtime.ts';
import { verifyAuditChain } from '../audit/audit.ts';

/** pg_dump and pg_restore: $LINGYAN_PG_BIN, the highest /usr/lib/postgresql/<v>/bin, or $PATH. */
function pgBin(name: string): string {
  const dirs = process.env.LINGYAN_PG_BIN ? [process.env.LINGYAN_PG_BIN] : [];
  if (fs.existsSync('/usr/lib/postgresql'))
    dirs.push(
      ...fs
        .readdirSync('/usr/lib/postgresql')
        .filter((v) => /^\d+$/.test(v))
        .sort((a, b) => Number(b) - Number(a))
        .map((v) => `/usr/lib/postgresql/${v}/bin`),
    );
  dirs.push(...(process.env.PATH ?? '').split(path.delimiter));
  const found = dirs.map((d) => path.join(d, name)).find((f) => fs.existsSync(f));
  if (!found) throw new Error(`${name} not found`);
  return found;
}

let t: TestApp;
let freshUrl: string;
const freshName = `lingyan_restore_${process.pid}`;

beforeAll(async () => {
  if (testEngine() !== 'postgres') return;
  t = await createTestApp({ clock: 'fixed' });
});
afterAll(async () => {
  if (testEngine() !== 'postgres') return;
  await t.close();
  const admin = new pg.Client({ connectionString: process.env.LINGYAN_TEST_PG_URL });
  await admin.connect();
  await admin.query(`drop database if exists ${freshName} with (force)`);
  await admin.end();
});

describe.runIf(testEngine() === 'postgres')('PostgreSQL backup with pg_dump and pg_restore (the commands in docs/operations.md)', () => {
  it('pg_dump --format=custom, then pg_restore --no-owner into a fresh database, gives the same tables; the audit chain verifies there', async () => {
    // Some writes beyond the seed: sign-ins (sessions, audit) and a changed setting.
    await t.login('tianshan');
    await t.login('city');
    await t.runtime.ctx.settings.set(t.runtime.ctx.db, 'auth.lockout', { maxFailures: 6, lockMinutes: 20 }, null);

    const dump = path.join(t.database.dataDir, 'lingyan.pgdump');
    execFileSync(pgBin('pg_dump'), ['--format=custom', `--file=${dump}`, t.database.databaseUrl!], { timeout: 120_000 });
    const admin = new pg.Client({ connectionString: process.env.LINGYAN_TEST_PG_URL });
    await admin.connect();
    await admin.query(`create database ${freshName}`);
    await admin.end();
    const url = new URL(process.env.LINGYAN_TEST_PG_URL!);
    url.pathname = `/${freshName}`;
    freshUrl = url.toString();
    execFileSync(pgBin('pg_restore'), ['--no-owner', '--exit-on-error', `--dbname=${freshUrl}`, dump], { timeout: 120_000 });

    const before = await postgresChecksum(t.database.databaseUrl!);
    expect(Object.keys(before).length).toBeGreaterThan(20);
    expect(before.audit_log!.rows).toBeGreaterThan(0);
    expect(await postgresChecksum(freshUrl)).toEqual(before);

    // The restored database, with the installation's key, is a working one.
    const rt = await openRuntime(loadConfig({ LINGYAN_DATA_DIR: t.database.dataDir, DATABASE_URL: freshUrl }));
    try {
      expect(rt.migrated).toEqual([]);
      expect((await verifyAuditChain(rt.ctx.db, rt.ctx.crypto)).ok).toBe(true);
    } finally {
      await rt.close();
    }
  }, 180_000);
});
