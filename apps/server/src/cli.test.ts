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

/** The same, against another data folder (SQLite only). */
function lingyanIn(dataDir: string, ...args: string[]) {
  const res = spawnSync(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'apps/server/src/cli.ts'), ...args], {
    env: { ...env, LINGYAN_DATA_DIR: dataDir },
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
  }, 120_000);

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

  it('backup writes a folder with the database, the files and a manifest; restore into a fresh folder gives the same data', () => {
    // An uploaded file, as the files module stores it (random name under <dataDir>/files).
    const stored = path.join(tdb.dataDir, 'files', '2026', 'ab', 'photo-bytes');
    fs.mkdirSync(path.dirname(stored), { recursive: true });
    fs.writeFileSync(stored, Buffer.from('not really a photo'));
    const target = path.join(tdb.dataDir, 'backups', 'nightly');
    const res = lingyan('backup', target);
    expect(res.code).toBe(0);
    const manifest = JSON.parse(fs.readFileSync(path.join(target, 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({ format: 'lingyan-backup-1', files: { count: 1 }, key: false });
    expect(fs.readFileSync(path.join(target, 'files', '2026', 'ab', 'photo-bytes'), 'utf8')).toBe('not really a photo');
    expect(fs.existsSync(path.join(target, 'keys'))).toBe(false);
    expect(res.out).toContain('Key: not in this backup');
    // A second backup into the same folder is refused.
    expect(lingyan('backup', target).code).toBe(1);
    if (tdb.databaseUrl) {
      expect(res.out).toContain('pg_dump --format=custom');
      expect(manifest.database).toBeNull();
      return;
    }
    expect(res.out).toContain('integrity ok');
    const count = (file: string, table: string) => {
      const db = new Database(file, { readonly: true });
      const n = (db.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
      db.close();
      return n;
    };
    const live = path.join(tdb.dataDir, 'lingyan.sqlite');
    expect(count(path.join(target, 'lingyan.sqlite'), 'users')).toBeGreaterThanOrEqual(10);

    // Restore into a fresh data folder: same rows in every table, the file back, and the server's own checks pass there.
    const fresh = fs.mkdtempSync(path.join(tdb.dataDir, 'restored-'));
    const restored = lingyanIn(fresh, 'restore', target);
    expect(restored.code).toBe(0);
    for (const table of ['users', 'org_nodes', 'audit_log', 'roles']) {
      expect(count(path.join(fresh, 'lingyan.sqlite'), table), table).toBe(count(live, table));
    }
    expect(fs.readFileSync(path.join(fresh, 'files', '2026', 'ab', 'photo-bytes'), 'utf8')).toBe('not really a photo');
    // Restoring over a folder that has a database is refused and changes nothing.
    const before = fs.statSync(path.join(fresh, 'lingyan.sqlite')).mtimeMs;
    expect(lingyanIn(fresh, 'restore', target).code).toBe(1);
    expect(fs.statSync(path.join(fresh, 'lingyan.sqlite')).mtimeMs).toBe(before);
    // A damaged backup is refused before anything is copied.
    fs.appendFileSync(path.join(target, 'lingyan.sqlite'), 'x');
    const other = fs.mkdtempSync(path.join(tdb.dataDir, 'restored-'));
    const damaged = lingyanIn(other, 'restore', target);
    expect(damaged.code).toBe(1);
    expect(damaged.out).toContain('checksum');
    expect(fs.readdirSync(other)).toEqual([]);
  }, 120_000);

  it('backup --with-key carries the master key, and restore puts it back', () => {
    const target = path.join(tdb.dataDir, 'backups', 'with-key');
    expect(lingyan('backup', target, '--with-key').code).toBe(0);
    if (tdb.databaseUrl) return;
    const fresh = fs.mkdtempSync(path.join(tdb.dataDir, 'restored-'));
    expect(lingyanIn(fresh, 'restore', target).code).toBe(0);
    const key = path.join(fresh, 'keys', 'master.key');
    expect(fs.readFileSync(key)).toEqual(fs.readFileSync(path.join(tdb.dataDir, 'keys', 'master.key')));
    expect(fs.statSync(key).mode & 0o777).toBe(0o600);
  }, 120_000);

  it('an unknown command prints the help and fails', () => {
    const res = lingyan('frobnicate');
    expect(res.code).toBe(2);
    expect(res.out).toContain('Usage: npm run lingyan');
  });
});
