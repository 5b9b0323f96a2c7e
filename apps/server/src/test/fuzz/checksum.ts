import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.ts';

/**
 * What a rejected request may legitimately change, and why; everything else is compared.
 * - audit_log rows whose outcome is not `success`: a refused login or a wrong current password
 *   is itself recorded (that is the point of an audit); a success row on a rejected request is not.
 * - audit_head: the chain's head (seq and hash of the last row) moves with any row appended,
 *   failed ones included; a wrongful success row already shows in audit_log.
 * - users.failed_logins / locked_until: a wrong password counts toward the lockout.
 * - one_time_codes.attempts: a wrong code counts toward the code's limit of tries.
 * - sessions.last_seen_at: touched at most once a minute by any signed-in request (the clock is
 *   fixed in this test, so in practice it never moves).
 */
const SKIP_TABLES = new Set(['audit_head']);
const SKIP_COLUMNS: Record<string, string[]> = {
  users: ['failed_logins', 'locked_until'],
  one_time_codes: ['attempts'],
  sessions: ['last_seen_at'],
};
const ROW_FILTER: Record<string, (row: Record<string, unknown>) => boolean> = {
  audit_log: (row) => row.outcome === 'success',
};

const TABLES = new WeakMap<Kysely<DB>, string[]>();

/** The database's tables, read once (introspection costs more than hashing a small database). */
async function tableNames(db: Kysely<DB>): Promise<string[]> {
  let names = TABLES.get(db);
  if (!names) {
    names = (await db.introspection.getTables()).map((t) => t.name).sort();
    TABLES.set(db, names);
  }
  return names;
}

export type Checksum = { total: string; tables: Map<string, string> };

/** A hash of every table's rows (row order ignored), on either engine; per table, to name what changed. */
export async function databaseChecksum(db: Kysely<DB>): Promise<Checksum> {
  const tables = await tableNames(db);
  const out = new Map<string, string>();
  const total = createHash('sha256');
  for (const name of tables) {
    if (SKIP_TABLES.has(name)) continue;
    const skip = SKIP_COLUMNS[name] ?? [];
    const keep = ROW_FILTER[name] ?? (() => true);
    const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(name)}`.execute(db);
    const lines = rows.filter(keep).map((row) =>
      JSON.stringify(
        Object.keys(row)
          .filter((k) => !skip.includes(k))
          .sort()
          .map((k) => [k, row[k] instanceof Uint8Array ? Buffer.from(row[k]).toString('base64') : row[k]]),
      ),
    );
    lines.sort();
    const h = createHash('sha256');
    for (const line of lines) h.update(line).update('\n');
    const digest = h.digest('hex');
    out.set(name, digest);
    total.update(`${name}:${digest}\n`);
  }
  return { total: total.digest('hex'), tables: out };
}

/** The tables whose hash differs between two checksums. */
export function changedTables(a: Checksum, b: Checksum): string[] {
  const names = new Set([...a.tables.keys(), ...b.tables.keys()]);
  return [...names].filter((n) => a.tables.get(n) !== b.tables.get(n)).sort();
}
