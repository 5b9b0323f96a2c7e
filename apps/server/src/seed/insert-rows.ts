import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../platform/db/schema.ts';

/** Inserts many rows in batches well under SQLite's 32,766 bound parameters per statement (and PostgreSQL's 65,535). */
export async function insertRows<T extends keyof DB>(db: Kysely<DB> | Transaction<DB>, table: T, rows: DB[T][]): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0] as object).length;
  const batch = Math.max(1, Math.min(500, Math.floor(16_000 / columns)));
  for (let i = 0; i < rows.length; i += batch)
    await db
      .insertInto(table)
      .values(rows.slice(i, i + batch) as never)
      .execute();
}
