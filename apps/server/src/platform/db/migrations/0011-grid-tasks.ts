import type { Kysely } from 'kysely';

/**
 * Tasks sent down to grids (任务下沉) with each grid's report, and emergency notices with each
 * grid worker's acknowledgement. Existing databases get the new permissions on the roles that
 * hold them by default (a role's permissions are data; these did not exist before).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('grid_tasks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('due_date', 'text', (c) => c.notNull())
    .addColumn('admitted_item_ref', 'text')
    .addColumn('sender_org_id', 'text', (c) => c.notNull().references('org_nodes.id'))
    .addColumn('sender_org_path', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('closed_at', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('grid_tasks_sender_idx').on('grid_tasks').columns(['sender_org_path', 'created_at']).execute();

  await db.schema
    .createTable('grid_task_targets')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('task_id', 'text', (c) => c.notNull().references('grid_tasks.id'))
    .addColumn('grid_id', 'text', (c) => c.notNull().references('org_nodes.id'))
    .addColumn('grid_path', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('reported_by', 'text', (c) => c.references('users.id'))
    .addColumn('reported_at', 'text')
    .addColumn('returned_reason', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('grid_task_targets_task_grid_uq', ['task_id', 'grid_id'])
    .execute();
  await db.schema.createIndex('grid_task_targets_grid_idx').on('grid_task_targets').columns(['grid_path', 'task_id']).execute();

  await db.schema
    .createTable('notices')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('sender_org_id', 'text', (c) => c.notNull().references('org_nodes.id'))
    .addColumn('sender_org_path', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('notices_sender_idx').on('notices').columns(['sender_org_path', 'created_at']).execute();

  await db.schema
    .createTable('notice_recipients')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('notice_id', 'text', (c) => c.notNull().references('notices.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('grid_id', 'text', (c) => c.notNull().references('org_nodes.id'))
    .addColumn('grid_path', 'text', (c) => c.notNull())
    .addColumn('acknowledged_at', 'text')
    .addUniqueConstraint('notice_recipients_notice_user_uq', ['notice_id', 'user_id'])
    .execute();
  await db.schema.createIndex('notice_recipients_user_idx').on('notice_recipients').columns(['user_id', 'acknowledged_at']).execute();

  const grants: Record<string, string[]> = {
    'township-officer': ['grid-task:send', 'notice:send'],
    'community-leader': ['grid-task:send', 'notice:send'],
    'grid-worker': ['grid-task:report', 'notice:acknowledge'],
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
  throw new Error('Not reversible; restore a backup instead.');
}
