// Loads better-sqlite3 exactly as apps/server resolves it, so the baseline uses the app's native build.
import { createRequire } from 'node:module';
import path from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';

export type SqliteDatabase = BetterSqlite3.Database;

export function loadBetterSqlite(rootDir: string): typeof BetterSqlite3 {
  const requireFromServer = createRequire(path.join(rootDir, 'apps/server/package.json'));
  return requireFromServer('better-sqlite3') as typeof BetterSqlite3;
}

/** Open a file database with the pragmas the app uses: WAL journal, synchronous=NORMAL. */
export function openWalDatabase(rootDir: string, file: string): SqliteDatabase {
  const Database = loadBetterSqlite(rootDir);
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  return db;
}
