import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, type MigrationProvider } from 'kysely';
import type { DB } from './schema.ts';
import type { Engine } from './dialect.ts';
import { migrations } from './migrations/index.ts';

export type Database = { db: Kysely<DB>; engine: Engine; describe: string; close(): Promise<void>; sqliteFile: string | null };

// PostgreSQL returns bigint and numeric as strings; the app wants numbers on both engines.
pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10));
pg.types.setTypeParser(1700, (v) => Number.parseFloat(v));

export type DatabaseOptions = { databaseUrl: string | null; sqliteFile?: string; poolSize?: number };

export function openDatabase(opts: DatabaseOptions): Database {
  if (opts.databaseUrl) {
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: opts.poolSize ?? 10 });
    // An idle client losing its connection (server restart) must not crash the process.
    pool.on('error', () => undefined);
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    const url = new URL(opts.databaseUrl);
    return { db, engine: 'postgres', describe: `PostgreSQL ${url.host}${url.pathname}`, close: () => db.destroy(), sqliteFile: null };
  }
  const file = opts.sqliteFile;
  if (!file) throw new Error('openDatabase: sqliteFile is required without a databaseUrl');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // LIKE compares case-sensitively, as on PostgreSQL, which lets SQLite serve a prefix LIKE
  // (scope paths, pinyin keys) from an ordinary index instead of scanning the table.
  sqlite.pragma('case_sensitive_like = ON');
  // 64 MiB of page cache (the default is 2 MiB): bulk writes touch many index pages.
  sqlite.pragma('cache_size = -65536');
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  return { db, engine: 'sqlite', describe: `SQLite ${file}`, close: () => db.destroy(), sqliteFile: file };
}

const provider: MigrationProvider = { getMigrations: async () => migrations };

/** Brings the schema to the latest migration; throws with the failing migration's name. */
export async function migrateToLatest(db: Kysely<DB>): Promise<string[]> {
  // Migrations run in name order on a new database. Several streams of work land migrations at
  // once, so a database that already ran a later one still runs an earlier one that landed after
  // it (each migration stands on its own tables).
  const migrator = new Migrator({ db, provider, allowUnorderedMigrations: true });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`Migration ${failed?.migrationName ?? ''} failed: ${reason}`);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/**
 * better-sqlite3 as Kysely sees it, keeping prepared statements for reuse (Kysely prepares every
 * query anew, which costs as much as running a small one). Least recently used statements are
 * dropped past `size`; a statement still being iterated is never handed out twice.
 */
function withStatementCache(sqlite: Database.Database, size = 500) {
  const cache = new Map<string, Database.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(source: string) {
      const hit = cache.get(source);
      if (hit && !hit.busy) {
        cache.delete(source);
        cache.set(source, hit);
        return hit;
      }
      const statement = sqlite.prepare(source);
      if (!hit) {
        cache.set(source, statement);
        if (cache.size > size) cache.delete(cache.keys().next().value!);
      }
      return statement;
    },
  };
}
