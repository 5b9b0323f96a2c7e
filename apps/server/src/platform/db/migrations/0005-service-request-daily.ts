import { sql, type CreateTableBuilder, type Kysely } from 'kysely';
import { engineOf } from '../dialect.ts';
import type { DB } from '../schema.ts';
import { rebuildDaily } from '../../../modules/service-requests/service-requests.tally.ts';

/**
 * The service-hall figures read a running tally instead of aggregating the requests: one row per
 * org node (a request counts at its community and each ancestor), received day (China date), and
 * item or channel ('*' = all), holding the counts figures.ts needs. Filled from the requests
 * already stored; kept up to date by every step in its own transaction (service-requests.tally.ts).
 * The primary key leads with the node, so a node's period is one index range on either engine.
 */
export async function up(db: Kysely<any>): Promise<void> {
  let table: CreateTableBuilder<string, string> = db.schema
    .createTable('service_request_daily')
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('item_id', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull());
  for (const name of [
    'requests',
    'excluded',
    'counted',
    'responded_on_time',
    'completed',
    'resolved',
    'rated',
    'satisfied',
    'completed_on_time',
    'completed_one_trip',
  ])
    table = table.addColumn(name, 'integer', (c) => c.notNull().defaultTo(0));
  table = table.addPrimaryKeyConstraint('service_request_daily_pk', ['org_id', 'item_id', 'channel', 'day']);
  // SQLite: the rows live in the primary key's b-tree, in the order a node's period is read.
  if (engineOf(db) === 'sqlite') table = table.modifyEnd(sql`without rowid`);
  await table.execute();
  // The rows of the requests stored before this migration. (The rule is the module's current one:
  // a later change of the counters' meaning comes with a migration that rebuilds again.)
  await rebuildDaily(db as Kysely<DB>);
}

export async function down(): Promise<void> {
  throw new Error('Not reversible; restore a backup instead.');
}
