import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export type TestEngine = 'sqlite' | 'postgres';

/** The engine this run of the server suite uses (scripts/test.mjs runs the suite once per engine). */
export function testEngine(): TestEngine {
  const e = process.env.LINGYAN_TEST_DB ?? 'sqlite';
  if (e !== 'sqlite' && e !== 'postgres') throw new Error(`LINGYAN_TEST_DB must be sqlite or postgres, got ${e}`);
  return e;
}

export type TestDatabase = { dataDir: string; databaseUrl: string | null; drop(): Promise<void> };

/** A fresh, empty database for one test file: a temp SQLite file, or a new PostgreSQL database. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lingyan-test-'));
  if (testEngine() === 'sqlite') {
    return { dataDir, databaseUrl: null, drop: async () => fs.rmSync(dataDir, { recursive: true, force: true }) };
  }
  const serverUrl = process.env.LINGYAN_TEST_PG_URL;
  if (!serverUrl) throw new Error('LINGYAN_TEST_DB=postgres needs LINGYAN_TEST_PG_URL (a server to create test databases in)');
  const name = `lingyan_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    dataDir,
    databaseUrl: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
