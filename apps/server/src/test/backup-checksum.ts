import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';

/** Table name → row count and a hash of its rows (order-independent), for comparing two copies of a database. */
export type TableSums = Record<string, { rows: number; sha256: string }>;

const cell = (v: unknown): unknown => (v instanceof Date ? v.toISOString() : Buffer.isBuffer(v) ? v.toString('hex') : typeof v === 'bigint' ? String(v) : v);

function sumRows(rows: Record<string, unknown>[]): { rows: number; sha256: string } {
  const lines = rows
    .map((r) =>
      JSON.stringify(
        Object.keys(r)
          .sort()
          .map((k) => [k, cell(r[k])]),
      ),
    )
    .sort();
  const hash = crypto.createHash('sha256');
  for (const line of lines) hash.update(line).update('\n');
  return { rows: rows.length, sha256: hash.digest('hex') };
}

/** Every table of a SQLite file, read through a read-only connection. */
export function sqliteChecksum(file: string): TableSums {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const tables = db.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name").pluck().all() as string[];
    return Object.fromEntries(tables.map((t) => [t, sumRows(db.prepare(`select * from "${t}"`).all() as Record<string, unknown>[])]));
  } finally {
    db.close();
  }
}

/** Every table of the public schema of a PostgreSQL database. */
export async function postgresChecksum(url: string): Promise<TableSums> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const tables = (
      await c.query<{ t: string }>(
        "select table_name as t from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1",
      )
    ).rows.map((r) => r.t);
    const out: TableSums = {};
    for (const t of tables) out[t] = sumRows((await c.query(`select * from "${t}"`)).rows as Record<string, unknown>[]);
    return out;
  } finally {
    await c.end();
  }
}

/** Relative path → sha256 of every file under a folder (empty when it does not exist). */
export function folderChecksum(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!fs.existsSync(dir)) return out;
  for (const e of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!e.isFile()) continue;
    const full = path.join(e.parentPath, e.name);
    out[path.relative(dir, full)] = crypto.createHash('sha256').update(fs.readFileSync(full)).digest('hex');
  }
  return out;
}
