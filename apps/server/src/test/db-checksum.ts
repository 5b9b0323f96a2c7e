import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../platform/db/schema.ts';

/**
 * Tables a rejected request may still touch without writing anything of the caller's: a session's
 * last_seen (touched once a minute, or deleted once expired), a bearer token's last use, job locks.
 */
export const CHECKSUM_IGNORED_TABLES = ['sessions', 'job_locks', 'kysely_migration', 'kysely_migration_lock'] as const;

/**
 * One SHA-256 over every row of every table (rows sorted, so the engine's order does not matter),
 * and one per table so a failure names what changed. Meant for small test databases.
 */
export async function dbChecksum(
  db: Kysely<DB>,
  ignore: readonly string[] = CHECKSUM_IGNORED_TABLES,
): Promise<{ total: string; tables: Record<string, string> }> {
  const names = (await db.introspection.getTables()).map((t) => t.name).filter((n) => !ignore.includes(n));
  const tables: Record<string, string> = {};
  const total = createHash('sha256');
  for (const name of names.sort()) {
    const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(name)}`.execute(db);
    const lines = rows
      .map((r) =>
        JSON.stringify(
          Object.keys(r)
            .sort()
            .map((k) => [k, r[k] instanceof Buffer ? (r[k] as Buffer).toString('base64') : r[k]]),
        ),
      )
      .sort();
    const h = createHash('sha256').update(name).update('\n').update(lines.join('\n')).digest('hex');
    tables[name] = h;
    total.update(`${name}:${h}\n`);
  }
  return { total: total.digest('hex'), tables };
}

/** The names of the tables whose rows differ between two checksums. */
export function changedTables(before: { tables: Record<string, string> }, after: { tables: Record<string, string> }): string[] {
  const keys = new Set([...Object.keys(before.tables), ...Object.keys(after.tables)]);
  return [...keys].filter((k) => before.tables[k] !== after.tables[k]).sort();
}
