import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Database as Db } from './database.ts';

/**
 * SQLite: an online backup through SQLite's backup API (safe while the server writes).
 * PostgreSQL: the dump is pg_dump's job; this says the command to run.
 */
export async function backupDatabase(database: Db, target: string): Promise<string> {
  if (database.engine === 'postgres' || !database.sqliteFile) {
    return `PostgreSQL: run\n  pg_dump --format=custom --file=${JSON.stringify(target)} "$DATABASE_URL"\nand restore with\n  pg_restore --clean --if-exists --dbname="$DATABASE_URL" ${JSON.stringify(target)}`;
  }
  if (fs.existsSync(target)) throw new Error(`${target} exists already; choose a new file name.`);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const source = new Database(database.sqliteFile, { readonly: true, fileMustExist: true });
  try {
    await source.backup(target);
  } finally {
    source.close();
  }
  const check = new Database(target, { readonly: true });
  try {
    const result = check.pragma('integrity_check', { simple: true });
    if (result !== 'ok') throw new Error(`The backup failed its integrity check: ${String(result)}`);
  } finally {
    check.close();
  }
  return `Backed up ${database.sqliteFile} to ${target} (${fs.statSync(target).size} bytes, integrity ok).`;
}
