import type { Kysely } from 'kysely';

/**
 * Star rating (星级化创建): reviewing departments, the yearly catalog, the annual cycle with its
 * per-community entries and per-star work, the resident survey, objections, the stars held now
 * and their history, quarterly checks, applications for a star, and notifications.
 * Existing databases get the new permissions on the roles that hold them by default, and the
 * event permissions that 0010 did not grant to existing roles.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('departments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('department_members')
    .addColumn('department_id', 'text', (c) => c.notNull().references('departments.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('department_members_pk', ['department_id', 'user_id'])
    .execute();
  await db.schema.createIndex('department_members_user_idx').on('department_members').column('user_id').execute();

  await db.schema
    .createTable('star_catalogs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('year', 'integer', (c) => c.notNull().unique())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('locked_at', 'text')
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.references('users.id'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('star_cycles')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('year', 'integer', (c) => c.notNull().unique())
    .addColumn('catalog_id', 'text', (c) => c.notNull().references('star_catalogs.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('notice_working_days', 'integer', (c) => c.notNull())
    .addColumn('phases', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('star_entries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('cycle_id', 'text', (c) => c.notNull().references('star_cycles.id'))
    .addColumn('community_id', 'text', (c) => c.notNull().references('org_nodes.id'))
    .addColumn('community_path', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('survey_token', 'text', (c) => c.notNull().unique())
    .addColumn('submitted_at', 'text')
    .addColumn('submitted_by', 'text', (c) => c.references('users.id'))
    .addColumn('scored_at', 'text')
    .addColumn('scored_by', 'text', (c) => c.references('users.id'))
    .addColumn('approved_at', 'text')
    .addColumn('approved_by', 'text', (c) => c.references('users.id'))
    .addColumn('awarded', 'text')
    .addColumn('displayed_at', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('star_entries_cycle_community_uq', ['cycle_id', 'community_id'])
    .execute();
  await db.schema.createIndex('star_entries_path_idx').on('star_entries').columns(['cycle_id', 'community_path']).execute();

  await db.schema
    .createTable('star_entry_stars')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('entry_id', 'text', (c) => c.notNull().references('star_entries.id'))
    .addColumn('star_code', 'text', (c) => c.notNull())
    .addColumn('self_scores', 'text')
    .addColumn('self_note', 'text')
    .addColumn('evidence_links', 'text')
    .addColumn('township_scores', 'text')
    .addColumn('township_note', 'text')
    .addColumn('score', 'real')
    .addColumn('review_state', 'text', (c) => c.notNull())
    .addColumn('review_reason', 'text')
    .addColumn('reviewed_by', 'text', (c) => c.references('users.id'))
    .addColumn('reviewed_at', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('star_entry_stars_entry_star_uq', ['entry_id', 'star_code'])
    .execute();
  await db.schema.createIndex('star_entry_stars_review_idx').on('star_entry_stars').columns(['star_code', 'review_state']).execute();

  await db.schema
    .createTable('star_steps')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('entry_id', 'text', (c) => c.notNull().references('star_entries.id'))
    .addColumn('star_code', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text', (c) => c.references('users.id'))
    .addColumn('actor_name', 'text')
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .execute();
  await db.schema.createIndex('star_steps_entry_idx').on('star_steps').columns(['entry_id', 'at']).execute();

  await db.schema
    .createTable('star_objections')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('entry_id', 'text', (c) => c.notNull().references('star_entries.id'))
    .addColumn('star_code', 'text')
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('contact_enc', 'text')
    .addColumn('submitted_at', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text')
    .addColumn('answer', 'text')
    .addColumn('answered_by', 'text', (c) => c.references('users.id'))
    .addColumn('answered_at', 'text')
    .execute();
  await db.schema.createIndex('star_objections_entry_idx').on('star_objections').columns(['entry_id', 'answered_at']).execute();

  // Resident survey: household codes handed out by grid workers, and responses keyed by a MAC of
  // the household (one per household per entry) so that staff never see who answered.
  await db.schema
    .createTable('star_survey_codes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('entry_id', 'text', (c) => c.notNull().references('star_entries.id'))
    .addColumn('household_key', 'text', (c) => c.notNull())
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('issued_by', 'text', (c) => c.references('users.id'))
    .addColumn('issued_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .addUniqueConstraint('star_survey_codes_entry_code_uq', ['entry_id', 'code_hash'])
    .addUniqueConstraint('star_survey_codes_entry_household_uq', ['entry_id', 'household_key'])
    .execute();
  await db.schema
    .createTable('star_survey_responses')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('entry_id', 'text', (c) => c.notNull().references('star_entries.id'))
    .addColumn('household_key', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('entered_by', 'text', (c) => c.references('users.id'))
    .addColumn('submitted_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('star_survey_responses_entry_household_uq', ['entry_id', 'household_key'])
    .execute();
  await db.schema
    .createTable('star_survey_answers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('response_id', 'text', (c) => c.notNull().references('star_survey_responses.id'))
    .addColumn('entry_id', 'text', (c) => c.notNull().references('star_entries.id'))
    .addColumn('star_code', 'text', (c) => c.notNull())
    .addColumn('answer', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('star_survey_answers_entry_idx').on('star_survey_answers').columns(['entry_id', 'star_code', 'answer']).execute();

  // What each community holds now, and every change with who, when and why.
  await db.schema
    .createTable('community_stars')
    .addColumn('community_id', 'text', (c) => c.notNull().references('org_nodes.id'))
    .addColumn('community_path', 'text', (c) => c.notNull())
    .addColumn('star_code', 'text', (c) => c.notNull())
    .addColumn('since', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('community_stars_pk', ['community_id', 'star_code'])
    .execute();
  await db.schema.createIndex('community_stars_path_idx').on('community_stars').column('community_path').execute();
  await db.schema
    .createTable('star_history')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('community_id', 'text', (c) => c.notNull().references('org_nodes.id'))
    .addColumn('community_path', 'text', (c) => c.notNull())
    .addColumn('star_code', 'text', (c) => c.notNull())
    .addColumn('change', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text', (c) => c.references('users.id'))
    .addColumn('actor_name', 'text')
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('source_type', 'text', (c) => c.notNull())
    .addColumn('source_id', 'text')
    .execute();
  await db.schema.createIndex('star_history_community_idx').on('star_history').columns(['community_id', 'at']).execute();

  await db.schema
    .createTable('star_checks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('community_id', 'text', (c) => c.notNull().references('org_nodes.id'))
    .addColumn('community_path', 'text', (c) => c.notNull())
    .addColumn('quarter', 'text', (c) => c.notNull())
    .addColumn('results', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('checked_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('checked_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('star_checks_community_quarter_uq', ['community_id', 'quarter'])
    .execute();
  await db.schema.createIndex('star_checks_path_idx').on('star_checks').columns(['community_path', 'quarter']).execute();

  await db.schema
    .createTable('star_applications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('community_id', 'text', (c) => c.notNull().references('org_nodes.id'))
    .addColumn('community_path', 'text', (c) => c.notNull())
    .addColumn('star_code', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('applied_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('applied_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('star_applications_path_idx').on('star_applications').columns(['community_path', 'state']).execute();
  await db.schema
    .createTable('star_application_steps')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('application_id', 'text', (c) => c.notNull().references('star_applications.id'))
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text', (c) => c.references('users.id'))
    .addColumn('actor_name', 'text')
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .execute();
  await db.schema.createIndex('star_application_steps_app_idx').on('star_application_steps').columns(['application_id', 'at']).execute();

  await db.schema
    .createTable('star_notifications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('community_id', 'text', (c) => c.notNull().references('org_nodes.id'))
    .addColumn('community_path', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('star_code', 'text')
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('star_notifications_path_idx').on('star_notifications').columns(['community_path', 'created_at']).execute();

  const events = {
    'city-admin': ['event:read', 'event:categories', 'event:figures'],
    'township-officer': ['event:read', 'event:report', 'event:dispatch', 'event:handle', 'event:figures'],
    'department-officer': ['event:handle'],
    'community-leader': ['event:read', 'event:report', 'event:dispatch', 'event:handle', 'event:figures'],
    'window-worker': ['event:read', 'event:report', 'event:handle'],
    'grid-worker': ['event:read', 'event:report', 'event:handle'],
  };
  const grants: Record<string, string[]> = {
    'city-admin': ['star:read', 'star:catalog', 'star:approve', 'star:export', ...events['city-admin']],
    'township-officer': ['star:read', 'star:score', 'star:check', 'star:export', ...events['township-officer']],
    'department-officer': ['star:read', 'star:review', ...events['department-officer']],
    'community-leader': ['star:read', 'star:self-assess', 'star:survey', ...events['community-leader']],
    'window-worker': ['star:read', 'star:survey', ...events['window-worker']],
    'grid-worker': ['star:survey', ...events['grid-worker']],
  };
  for (const [code, add] of Object.entries(grants)) {
    const row = await db.selectFrom('roles').select('permissions').where('code', '=', code).executeTakeFirst();
    if (!row) continue;
    const held = JSON.parse(row.permissions as string) as string[];
    const next = [...held, ...add.filter((p) => !held.includes(p))];
    if (next.length !== held.length)
      await db
        .updateTable('roles')
        .set({ permissions: JSON.stringify(next) })
        .where('code', '=', code)
        .execute();
  }
}

export async function down(): Promise<void> {
  throw new Error('0012-stars cannot be undone');
}
