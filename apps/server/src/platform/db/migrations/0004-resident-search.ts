import { sql, type Kysely } from 'kysely';
import { engineOf } from '../dialect.ts';

/**
 * Pinyin search at city scale: the two pinyin indexes become covering indexes in the order a
 * search lists its matches (initials, pinyin, id), carrying the scope path, so that a prefix search
 * filters by scope, counts and pages inside the index and reads only the rows of the page.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('residents_initials_idx').execute();
  await db.schema.dropIndex('residents_pinyin_idx').execute();
  if (engineOf(db) === 'postgres') {
    await sql`create index residents_initials_idx on residents (name_initials text_pattern_ops, name_pinyin, id, org_path)`.execute(db);
    await sql`create index residents_pinyin_idx on residents (name_pinyin text_pattern_ops, id, org_path, name_initials)`.execute(db);
  } else {
    await db.schema.createIndex('residents_initials_idx').on('residents').columns(['name_initials', 'name_pinyin', 'id', 'org_path']).execute();
    await db.schema.createIndex('residents_pinyin_idx').on('residents').columns(['name_pinyin', 'id', 'org_path', 'name_initials']).execute();
  }
}

export async function down(): Promise<void> {
  throw new Error('Not reversible; restore a backup instead.');
}
