import { sql, type Kysely } from 'kysely';
import { engineOf } from '../dialect.ts';

// The one-stop service hall: the working-day calendar's overrides, the service catalog, requests
// with their clocks, timeline, agency authorisations, home visits, notifications, one-time codes.
export async function up(db: Kysely<any>): Promise<void> {
  const pg = engineOf(db) === 'postgres';

  await db.schema
    .createTable('calendar_overrides')
    .addColumn('date', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .execute();
  await db.schema
    .createTable('calendar_years')
    .addColumn('year', 'integer', (c) => c.primaryKey())
    .addColumn('confirmed_at', 'text', (c) => c.notNull())
    .addColumn('confirmed_by', 'text')
    .execute();

  await db.schema
    .createTable('service_items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('department', 'text', (c) => c.notNull())
    .addColumn('materials', 'text', (c) => c.notNull())
    .addColumn('legal_basis', 'text')
    .addColumn('limit_days', 'integer', (c) => c.notNull())
    .addColumn('response_days', 'integer', (c) => c.notNull())
    .addColumn('agency', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('home_visit', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('one_trip', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('online', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('counters')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('value', 'integer', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('service_requests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('number', 'text', (c) => c.notNull().unique())
    .addColumn('org_id', 'text', (c) => c.notNull().references('org_nodes.id'))
    .addColumn('org_path', 'text', (c) => c.notNull())
    .addColumn('item_id', 'text', (c) => c.notNull().references('service_items.id'))
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('resident_id', 'text', (c) => c.references('residents.id'))
    .addColumn('visitor_name', 'text')
    .addColumn('contact_phone_enc', 'text')
    .addColumn('contact_phone_idx', 'text')
    .addColumn('contact_phone_masked', 'text')
    .addColumn('contact_phone_last4', 'text')
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'text', (c) => c.references('users.id'))
    .addColumn('handler_id', 'text', (c) => c.references('users.id'))
    .addColumn('handler_org_id', 'text', (c) => c.references('org_nodes.id'))
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('received_date', 'text', (c) => c.notNull())
    .addColumn('response_due', 'text', (c) => c.notNull())
    .addColumn('responded_at', 'text')
    .addColumn('response_clock', 'text')
    .addColumn('completion_due', 'text', (c) => c.notNull())
    .addColumn('due_provisional', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('paused_on', 'text')
    .addColumn('paused_days', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('completed_at', 'text')
    .addColumn('completion_clock', 'text')
    .addColumn('informed_at', 'text')
    .addColumn('inform_method', 'text')
    .addColumn('closed_at', 'text')
    .addColumn('refused_reason', 'text')
    .addColumn('trips', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('agency_authorized', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('rating', 'text')
    .addColumn('rating_comment', 'text')
    .addColumn('rated_at', 'text')
    .addColumn('rating_source', 'text')
    .addColumn('follow_up_needed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('excluded', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('excluded_reason', 'text')
    .addColumn('reopened_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  if (pg) await sql`create index service_requests_org_path_idx on service_requests (org_path text_pattern_ops, received_at)`.execute(db);
  else await db.schema.createIndex('service_requests_org_path_idx').on('service_requests').columns(['org_path', 'received_at']).execute();
  await db.schema.createIndex('service_requests_state_idx').on('service_requests').columns(['state', 'completion_due']).execute();
  await db.schema.createIndex('service_requests_owner_idx').on('service_requests').columns(['owner_id', 'state']).execute();
  await db.schema.createIndex('service_requests_handler_idx').on('service_requests').columns(['handler_id', 'state']).execute();
  await db.schema.createIndex('service_requests_received_idx').on('service_requests').columns(['received_date']).execute();
  await db.schema.createIndex('service_requests_resident_idx').on('service_requests').column('resident_id').execute();

  await db.schema
    .createTable('service_request_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('request_id', 'text', (c) => c.notNull().references('service_requests.id'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('actor_name', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('from_state', 'text')
    .addColumn('to_state', 'text')
    .addColumn('note', 'text')
    .addColumn('data', 'text')
    .execute();
  await db.schema.createIndex('service_request_events_request_idx').on('service_request_events').columns(['request_id', 'at']).execute();

  await db.schema
    .createTable('agency_authorizations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('request_id', 'text', (c) => c.notNull().references('service_requests.id'))
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('valid_until', 'text', (c) => c.notNull())
    .addColumn('signed_how', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('agency_authorizations_request_idx').on('agency_authorizations').column('request_id').execute();

  await db.schema
    .createTable('home_visits')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('request_id', 'text', (c) => c.notNull().references('service_requests.id'))
    .addColumn('scheduled_for', 'text', (c) => c.notNull())
    .addColumn('assignee_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('outcome', 'text')
    .addColumn('done_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('home_visits_request_idx').on('home_visits').column('request_id').execute();
  await db.schema.createIndex('home_visits_assignee_idx').on('home_visits').columns(['assignee_id', 'scheduled_for']).execute();

  // One row per request and kind: a warning or an escalation is raised once, whatever the process.
  await db.schema
    .createTable('request_notifications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('request_id', 'text', (c) => c.notNull().references('service_requests.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('recipient_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('read_at', 'text')
    .execute();
  await db.schema.createIndex('request_notifications_once_idx').on('request_notifications').columns(['request_id', 'kind']).unique().execute();
  await db.schema.createIndex('request_notifications_recipient_idx').on('request_notifications').columns(['recipient_id', 'read_at']).execute();

  await db.schema
    .createTable('one_time_codes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('used_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('one_time_codes_subject_idx').on('one_time_codes').columns(['purpose', 'subject']).execute();
}

export async function down(): Promise<void> {
  throw new Error('Not reversible; restore a backup instead.');
}
