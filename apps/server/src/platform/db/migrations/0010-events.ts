import { sql, type Kysely } from 'kysely';
import { engineOf } from '../dialect.ts';

/**
 * The event loop of GB/T 30428 (issue 5): the two-level category code table with each category's
 * time limits and closing condition, events with their clocks, their timeline, and the escalation
 * rows that make an overdue step escalate exactly once.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = engineOf(db) === 'postgres';
  const real = pg ? 'double precision' : 'real';

  await db.schema
    .createTable('event_categories')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('parent_id', 'text', (c) => c.references('event_categories.id'))
    .addColumn('level', 'integer', (c) => c.notNull())
    .addColumn('register_limit', real as 'real', (c) => c.notNull())
    .addColumn('register_unit', 'text', (c) => c.notNull())
    .addColumn('dispatch_limit', real as 'real', (c) => c.notNull())
    .addColumn('dispatch_unit', 'text', (c) => c.notNull())
    .addColumn('handle_limit', real as 'real', (c) => c.notNull())
    .addColumn('handle_unit', 'text', (c) => c.notNull())
    .addColumn('closing_condition', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('event_categories_code_idx').on('event_categories').columns(['kind', 'code']).unique().execute();

  await db.schema
    .createTable('events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('number', 'text', (c) => c.notNull().unique())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('grid_id', 'text', (c) => c.notNull().references('org_nodes.id'))
    .addColumn('org_path', 'text', (c) => c.notNull())
    .addColumn('category_id', 'text', (c) => c.references('event_categories.id'))
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('address', 'text')
    .addColumn('lat', real as 'real')
    .addColumn('lng', real as 'real')
    .addColumn('visit_id', 'text')
    .addColumn('reporter_id', 'text', (c) => c.references('users.id'))
    .addColumn('reported_at', 'text', (c) => c.notNull())
    .addColumn('reported_date', 'text', (c) => c.notNull())
    .addColumn('register_due', 'text', (c) => c.notNull())
    .addColumn('registered_at', 'text')
    .addColumn('voided_at', 'text')
    .addColumn('void_reason', 'text')
    .addColumn('dispatch_started_at', 'text')
    .addColumn('dispatch_due', 'text')
    .addColumn('dispatched_at', 'text')
    .addColumn('handler_org_id', 'text', (c) => c.references('org_nodes.id'))
    .addColumn('handler_user_id', 'text', (c) => c.references('users.id'))
    .addColumn('handle_started_at', 'text')
    .addColumn('handle_due', 'text')
    .addColumn('handle_clock', 'text')
    .addColumn('fed_back_at', 'text')
    .addColumn('closed_at', 'text')
    .addColumn('evaluated_at', 'text')
    .addColumn('grade', 'text')
    .addColumn('dispatch_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('return_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('feedback_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('rework_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('escalated_at', 'text')
    // The clock of the step under way (null when none runs): when it began, is due, and turns to warning.
    .addColumn('clock_step', 'text')
    .addColumn('clock_started_at', 'text')
    .addColumn('clock_due', 'text')
    .addColumn('clock_warn_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  if (pg) {
    await sql`create index events_path_idx on events (org_path text_pattern_ops, reported_date)`.execute(db);
    await sql`create index events_state_path_idx on events (state, org_path text_pattern_ops)`.execute(db);
  } else {
    await db.schema.createIndex('events_path_idx').on('events').columns(['org_path', 'reported_date']).execute();
    await db.schema.createIndex('events_state_path_idx').on('events').columns(['state', 'org_path']).execute();
  }
  await db.schema.createIndex('events_clock_due_idx').on('events').columns(['clock_due']).execute();
  await db.schema.createIndex('events_grid_state_idx').on('events').columns(['grid_id', 'state']).execute();
  await db.schema.createIndex('events_handler_org_idx').on('events').columns(['handler_org_id', 'state']).execute();
  await db.schema.createIndex('events_handler_user_idx').on('events').columns(['handler_user_id', 'state']).execute();
  await db.schema.createIndex('events_reporter_idx').on('events').columns(['reporter_id', 'reported_date']).execute();

  await db.schema
    .createTable('event_steps')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('event_id', 'text', (c) => c.notNull().references('events.id'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('actor_name', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('from_state', 'text')
    .addColumn('to_state', 'text')
    .addColumn('note', 'text')
    .addColumn('data', 'text')
    .execute();
  await db.schema.createIndex('event_steps_event_idx').on('event_steps').columns(['event_id', 'at']).execute();

  // One row per event and clock step: an overdue step escalates exactly once, whoever runs the job.
  await db.schema
    .createTable('event_escalations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('event_id', 'text', (c) => c.notNull().references('events.id'))
    .addColumn('step', 'text', (c) => c.notNull())
    .addColumn('due', 'text', (c) => c.notNull())
    .addColumn('to_org_id', 'text', (c) => c.references('org_nodes.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('event_escalations_once_idx').on('event_escalations').columns(['event_id', 'step']).unique().execute();
}

export async function down(): Promise<void> {
  throw new Error('Not reversible; restore a backup instead.');
}
