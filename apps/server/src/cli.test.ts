import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import Database from 'better-sqlite3';
import { createTestDatabase, type TestDatabase } from './test/test-database.ts';
import { openDatabase, type Database as Db } from './platform/db/database.ts';
import { REPO_ROOT } from './platform/config.ts';

let tdb: TestDatabase;
let env: NodeJS.ProcessEnv;

/** Runs `npm run lingyan -- …` as a person would, against this test's database. */
function lingyan(...args: string[]) {
  const res = spawnSync(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'apps/server/src/cli.ts'), ...args], {
    env,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: res.status, out: `${res.stdout}${res.stderr}` };
}

function open(): Db {
  return openDatabase({ databaseUrl: tdb.databaseUrl, sqliteFile: path.join(tdb.dataDir, 'lingyan.sqlite') });
}

beforeAll(async () => {
  tdb = await createTestDatabase();
  env = { ...process.env, LINGYAN_DATA_DIR: tdb.dataDir, LINGYAN_DEMO_PASSWORD: 'Lingyan-Demo-2026!', LINGYAN_ADMIN_PASSWORD: '' };
  if (tdb.databaseUrl) env.DATABASE_URL = tdb.databaseUrl;
  else delete env.DATABASE_URL;
});
afterAll(() => tdb.drop());

describe('npm run lingyan', () => {
  it('migrate, then seed --demo into the empty database; a second seed refuses', () => {
    expect(lingyan('migrate')).toMatchObject({ code: 0 });
    const seeded = lingyan('seed', '--demo');
    expect(seeded.code).toBe(0);
    expect(seeded.out).toContain('Demo password: Lingyan-Demo-2026!');
    expect(lingyan('seed', '--demo').code).toBe(1);
    expect(lingyan('migrate').out).toContain('up to date');
  });

  it('create-admin refuses a weak password and creates an administrator who must change theirs', async () => {
    const weak = lingyan('create-admin', 'ops', '--password', 'weak');
    expect(weak.code).toBe(1);
    expect(weak.out).toContain('policy');
    expect(lingyan('create-admin', 'ops', '--password', 'Operations-2027', '--role', 'auditor').code).toBe(0);
    const d = open();
    const u = await d.db.selectFrom('users').select(['must_change_password']).where('username', '=', 'ops').executeTakeFirstOrThrow();
    await d.close();
    expect(u.must_change_password).toBe(1);
  });

  it('audit verify passes on an intact chain and names the first altered row', async () => {
    const ok = lingyan('audit', 'verify');
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/Audit chain intact: \d+ rows verified/);
    const d = open();
    if (d.engine === 'postgres') await sql`alter table audit_log disable trigger user`.execute(d.db);
    else await sql`drop trigger audit_log_no_update`.execute(d.db);
    await sql`update audit_log set details = '{"username":"intruder"}' where seq = 1`.execute(d.db);
    await d.close();
    const broken = lingyan('audit', 'verify');
    expect(broken.code).toBe(1);
    expect(broken.out).toContain('BROKEN at row 1');
  });

  it('backup copies the SQLite database (or tells the pg_dump command for PostgreSQL)', () => {
    const target = path.join(tdb.dataDir, 'backups', 'lingyan-backup.sqlite');
    const res = lingyan('backup', target);
    expect(res.code).toBe(0);
    if (tdb.databaseUrl) {
      expect(res.out).toContain('pg_dump --format=custom');
      return;
    }
    expect(res.out).toContain('integrity ok');
    const users = (file: string) => {
      const db = new Database(file, { readonly: true });
      const n = (db.prepare('select count(*) as n from users').get() as { n: number }).n;
      db.close();
      return n;
    };
    // The copy holds the same accounts as the database it was taken from (the demo's, at least the ten named ones).
    expect(users(target)).toBe(users(path.join(tdb.dataDir, 'lingyan.sqlite')));
    expect(users(target)).toBeGreaterThanOrEqual(10);
    expect(lingyan('backup', target).code).toBe(1);
    expect(fs.existsSync(target)).toBe(true);
  });

  it('an unknown command prints the help and fails', () => {
    const res = lingyan('frobnicate');
    expect(res.code).toBe(2);
    expect(res.out).toContain('Usage: npm run lingyan');
  });
});
