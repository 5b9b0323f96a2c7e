import { sql, type Kysely } from 'kysely';
import { engineOf } from '../dialect.ts';

/**
 * The board at city scale: lists narrow the visible requests by state first (open ones are few),
 * then by the scope's path prefix, newest first — one index seek per state instead of a scan.
 */
export async function up(db: Kysely<any>): Promise<void> {
  if (engineOf(db) === 'postgres')
    await sql`create index service_requests_state_path_idx on service_requests (state, org_path text_pattern_ops, received_at)`.execute(db);
  else await db.schema.createIndex('service_requests_state_path_idx').on('service_requests').columns(['state', 'org_path', 'received_at']).execute();
}

export async function down(): Promise<void> {
  throw new Error('Not reversible; restore a backup instead.');
}
