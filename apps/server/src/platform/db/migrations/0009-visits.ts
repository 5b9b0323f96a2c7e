import { sql, type Kysely } from 'kysely';
import { engineOf } from '../dialect.ts';

// Visits to households (入户走访), the people met, each household's last visit (for coverage and the
// not-yet-visited list at city scale) and the needs found on visits (kept for the co-building lists).
export async function up(db: Kysely<any>): Promise<void> {
  const pg = engineOf(db) === 'postgres';
  const pathIndex = async (table: string, name: string, rest: string[] = []) => {
    if (pg)
      await sql`create index ${sql.raw(name)} on ${sql.table(table)} (org_path text_pattern_ops${sql.raw(rest.map((c) => `, ${c}`).join(''))})`.execute(db);
    else
      await db.schema
        .createIndex(name)
        .on(table)
        .columns(['org_path', ...rest])
        .execute();
  };

  await db.schema
    .createTable('visits')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('household_id', 'text', (c) => c.notNull().references('households.id'))
    .addColumn('grid_id', 'text', (c) => c.notNull().references('org_nodes.id'))
    .addColumn('org_path', 'text', (c) => c.notNull())
    .addColumn('visited_on', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('notes', 'text')
    .addColumn('visitor_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('raised_type', 'text')
    .addColumn('raised_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await pathIndex('visits', 'visits_org_path_idx', ['visited_on']);
  await db.schema.createIndex('visits_household_idx').on('visits').columns(['household_id', 'visited_on']).execute();

  await db.schema
    .createTable('visit_people')
    .addColumn('visit_id', 'text', (c) => c.notNull().references('visits.id'))
    .addColumn('resident_id', 'text', (c) => c.notNull().references('residents.id'))
    .addPrimaryKeyConstraint('visit_people_pk', ['visit_id', 'resident_id'])
    .execute();

  // One row per household ever visited: coverage of the current period is one covering index scan.
  await db.schema
    .createTable('household_last_visits')
    .addColumn('household_id', 'text', (c) => c.primaryKey().references('households.id'))
    .addColumn('org_path', 'text', (c) => c.notNull())
    .addColumn('last_visited_on', 'text', (c) => c.notNull())
    .execute();
  await pathIndex('household_last_visits', 'household_last_visits_path_idx', ['last_visited_on']);
  await db.schema.createIndex('household_last_visits_last_idx').on('household_last_visits').column('last_visited_on').execute();

  await db.schema
    .createTable('needs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('household_id', 'text', (c) => c.notNull().references('households.id'))
    .addColumn('grid_id', 'text', (c) => c.notNull().references('org_nodes.id'))
    .addColumn('org_path', 'text', (c) => c.notNull())
    .addColumn('visit_id', 'text', (c) => c.references('visits.id'))
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await pathIndex('needs', 'needs_org_path_idx', ['status']);
}

export async function down(): Promise<void> {
  throw new Error('Not reversible; restore a backup instead.');
}
