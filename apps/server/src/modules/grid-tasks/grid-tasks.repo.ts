import { sql, type Kysely } from 'kysely';
import { gridTaskProgress, type GridTask, type GridTaskTarget } from '@lingyan/shared';
import type { DB } from '../../platform/db/schema.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { inScope } from '../../platform/policy/scope.ts';
import { filesOf } from '../files/files.commands.ts';
import { isSenderSide, isGridSide, targetAbilities, taskAbilities } from './grid-tasks.policy.ts';

const taskColumns = [
  't.id',
  't.title',
  't.description',
  't.due_date',
  't.admitted_item_ref',
  't.sender_org_id',
  't.sender_org_path',
  't.created_at',
  't.state',
  't.closed_at',
  'o.name as sender_org_name',
  'u.display_name as created_by_name',
] as const;

function baseQuery(db: Kysely<DB>, actor: Actor) {
  return db
    .selectFrom('grid_tasks as t')
    .innerJoin('org_nodes as o', 'o.id', 't.sender_org_id')
    .innerJoin('users as u', 'u.id', 't.created_by')
    .where((eb) =>
      eb.or([
        inScope(eb, 't.sender_org_path', actor, 'grid-task:send'),
        eb.exists(
          eb
            .selectFrom('grid_task_targets as g')
            .select('g.id')
            .whereRef('g.task_id', '=', 't.id')
            .where((e2) => inScope(e2, 'g.grid_path', actor, 'grid-task:report')),
        ),
      ]),
    );
}

export type TaskRow = Awaited<ReturnType<typeof findTaskRow>> & {};

/** A task the actor may see (as its sender's side or one of its grids), or undefined. */
export function findTaskRow(db: Kysely<DB>, actor: Actor, id: string) {
  return baseQuery(db, actor).select(taskColumns).where('t.id', '=', id).executeTakeFirst();
}

async function targetsOf(db: Kysely<DB>, taskIds: string[]) {
  if (taskIds.length === 0) return [];
  return db
    .selectFrom('grid_task_targets as g')
    .innerJoin('org_nodes as n', 'n.id', 'g.grid_id')
    .leftJoin('users as r', 'r.id', 'g.reported_by')
    .select(['g.id', 'g.task_id', 'g.grid_id', 'g.grid_path', 'g.state', 'g.note', 'g.reported_at', 'g.returned_reason', 'n.name', 'n.code', 'r.display_name'])
    .where('g.task_id', 'in', taskIds)
    .orderBy('n.code')
    .orderBy('n.name')
    .execute();
}

type Target = Awaited<ReturnType<typeof targetsOf>>[number];

function present(actor: Actor, row: NonNullable<TaskRow>, targets: Target[], today: string): GridTask {
  const mine = targets.filter((g) => isGridSide(actor, g));
  const myState = mine.find((g) => g.state === 'pending')?.state ?? mine[0]?.state ?? null;
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    dueDate: row.due_date,
    admittedItemRef: row.admitted_item_ref,
    senderOrgId: row.sender_org_id,
    senderOrgName: row.sender_org_name,
    createdByName: row.created_by_name,
    createdAt: row.created_at,
    state: row.state as GridTask['state'],
    closedAt: row.closed_at,
    progress: gridTaskProgress(targets, row.due_date, today),
    myState: myState as GridTask['myState'],
    abilities: taskAbilities(actor, row),
  };
}

export async function listTasks(
  db: Kysely<DB>,
  actor: Actor,
  filter: { state?: string | undefined; pending?: boolean | undefined },
  page: { page: number; pageSize: number },
  today: string,
) {
  let q = baseQuery(db, actor);
  if (filter.state) q = q.where('t.state', '=', filter.state);
  if (filter.pending)
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('grid_task_targets as g')
          .select('g.id')
          .whereRef('g.task_id', '=', 't.id')
          .where('g.state', '=', 'pending')
          .where((e2) => inScope(e2, 'g.grid_path', actor, 'grid-task:report')),
      ),
    );
  const [{ total }] = (await q.select(sql<number>`count(*)`.as('total')).execute()) as [{ total: number }];
  const rows = await q
    .select(taskColumns)
    .orderBy('t.created_at', 'desc')
    .orderBy('t.id', 'desc')
    .limit(page.pageSize)
    .offset((page.page - 1) * page.pageSize)
    .execute();
  const targets = await targetsOf(
    db,
    rows.map((r) => r.id),
  );
  return {
    items: rows.map((r) =>
      present(
        actor,
        r,
        targets.filter((g) => g.task_id === r.id),
        today,
      ),
    ),
    total: Number(total),
    page: page.page,
    pageSize: page.pageSize,
  };
}

/** The task with its grids: the sender's side sees every grid, a grid worker only their own. */
export async function taskDetail(db: Kysely<DB>, actor: Actor, row: NonNullable<TaskRow>, today: string) {
  const all = await targetsOf(db, [row.id]);
  const visible = isSenderSide(actor, row) ? all : all.filter((g) => isGridSide(actor, g));
  const [attachments, photos] = await Promise.all([
    filesOf(db, 'grid-task', [row.id]),
    filesOf(
      db,
      'grid-task-report',
      visible.map((g) => g.id),
    ),
  ]);
  const targets: GridTaskTarget[] = visible.map((g) => ({
    id: g.id,
    gridId: g.grid_id,
    gridName: g.name,
    gridCode: g.code,
    state: g.state as GridTaskTarget['state'],
    note: g.note,
    reportedByName: g.display_name,
    reportedAt: g.reported_at,
    returnedReason: g.returned_reason,
    photos: photos.get(g.id) ?? [],
    abilities: targetAbilities(actor, row, g),
  }));
  return { ...present(actor, row, all, today), attachments: attachments.get(row.id) ?? [], targets };
}

export function targetsForTask(db: Kysely<DB>, taskId: string) {
  return db.selectFrom('grid_task_targets').selectAll().where('task_id', '=', taskId).execute();
}
