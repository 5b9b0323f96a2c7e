import { gridTaskStepAllowed, type GridTargetState, type GridTaskState, type GridTaskStep } from '@lingyan/shared';
import type { AppContext } from '../../platform/context.ts';
import type { AuditContext } from '../../platform/audit/audit.ts';
import { chinaDate, type Actor } from '../../platform/auth/actor.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { loadOrgFor } from '../../platform/policy/org-filter.ts';
import { attachFiles } from '../files/files.commands.ts';
import { findTaskRow, targetsForTask } from './grid-tasks.repo.ts';
import { isGridSide, isSenderSide } from './grid-tasks.policy.ts';

const SENDER_KINDS = ['township', 'community', 'village'];

export type SendTaskInput = {
  orgId: string;
  title: string;
  description: string;
  dueDate: string;
  admittedItemRef?: string | null | undefined;
  gridIds?: string[] | null | undefined;
  attachmentIds: string[];
};

/** Sends a task down to some or all grids below a township or community (任务下沉). */
export async function sendTask(ctx: AppContext, audit: AuditContext, actor: Actor, input: SendTaskInput): Promise<string> {
  const org = await loadOrgFor(ctx.db, actor, input.orgId, 'grid-task:send');
  if (!SENDER_KINDS.includes(org.kind)) throw new AppError('GRID_TASK_NO_GRIDS');
  const now = ctx.clock.now();
  const at = now.toISOString();
  if (input.dueDate < chinaDate(now)) throw new AppError('VALIDATION_FAILED', {}, [{ path: '/dueDate', message: 'dueDate is in the past' }]);
  const below = await ctx.db.selectFrom('org_nodes').select(['id', 'path']).where('kind', '=', 'grid').where('path', 'like', `${org.path}%`).execute();
  let grids = below;
  if (input.gridIds) {
    const wanted = new Set(input.gridIds);
    grids = below.filter((g) => wanted.has(g.id));
    if (grids.length !== wanted.size) throw new AppError('ORG_NOT_FOUND');
  }
  if (grids.length === 0) throw new AppError('GRID_TASK_NO_GRIDS');
  const id = newId();
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('grid_tasks')
      .values({
        id,
        title: input.title,
        description: input.description,
        due_date: input.dueDate,
        admitted_item_ref: input.admittedItemRef ?? null,
        sender_org_id: org.id,
        sender_org_path: org.path,
        created_by: actor.userId,
        created_at: at,
        state: 'open',
        closed_at: null,
        updated_at: at,
      })
      .execute();
    for (let i = 0; i < grids.length; i += 200) {
      await trx
        .insertInto('grid_task_targets')
        .values(
          grids.slice(i, i + 200).map((g) => ({
            id: newId(),
            task_id: id,
            grid_id: g.id,
            grid_path: g.path,
            state: 'pending',
            note: null,
            reported_by: null,
            reported_at: null,
            returned_reason: null,
            updated_at: at,
          })),
        )
        .execute();
    }
    await attachFiles(trx, actor, input.attachmentIds, { type: 'grid-task', id, orgPath: org.path });
    await ctx.audit(trx, audit, {
      action: 'grid-task.send',
      targetType: 'grid-task',
      targetId: id,
      orgId: org.id,
      details: { grids: grids.length, attachments: input.attachmentIds.length, admittedItemRef: input.admittedItemRef ?? null },
    });
  });
  return id;
}

export type StepInput =
  { step: 'report'; gridId?: string | undefined; note: string; photoIds: string[] } | { step: 'return'; gridId: string; reason: string } | { step: 'close' };

const stateError = (state: string) => new AppError('GRID_TASK_STATE', { state: `gridTask.state.${state}` }, { state });

/**
 * One step on a task: a grid reports its part done (its grid worker), the sender's side sends a
 * report back or closes the task. Outside the caller's view 404; a step not theirs 403; a step the
 * state does not allow 409.
 */
export async function applyTaskStep(ctx: AppContext, audit: AuditContext, actor: Actor, id: string, input: StepInput): Promise<void> {
  const task = await findTaskRow(ctx.db, actor, id);
  if (!task) throw new AppError('GRID_TASK_NOT_FOUND');
  const targets = await targetsForTask(ctx.db, id);
  const at = ctx.clock.now().toISOString();
  const taskState = task.state as GridTaskState;
  const check = (step: GridTaskStep, target: { state: string } | null) => {
    if (!gridTaskStepAllowed(step, taskState, (target?.state ?? null) as GridTargetState | null))
      throw stateError(taskState === 'open' && target ? target.state : taskState);
  };

  if (input.step === 'report') {
    const mine = targets.filter((g) => isGridSide(actor, g));
    if (mine.length === 0) throw new AppError('FORBIDDEN');
    const target = input.gridId ? mine.find((g) => g.grid_id === input.gridId) : mine.length === 1 ? mine[0] : undefined;
    if (!target) {
      if (input.gridId) throw new AppError('ORG_NOT_FOUND');
      throw new AppError('VALIDATION_FAILED', {}, [{ path: '/gridId', message: 'several grids: say which one reports' }]);
    }
    check('report', target);
    await ctx.db.transaction().execute(async (trx) => {
      const res = await trx
        .updateTable('grid_task_targets')
        .set({ state: 'done', note: input.note, reported_by: actor.userId, reported_at: at, updated_at: at })
        .where('id', '=', target.id)
        .where('state', '=', 'pending')
        .executeTakeFirst();
      if (Number(res.numUpdatedRows) !== 1) throw stateError('done');
      await attachFiles(trx, actor, input.photoIds, { type: 'grid-task-report', id: target.id, orgPath: target.grid_path });
      await ctx.audit(trx, audit, {
        action: 'grid-task.report',
        targetType: 'grid-task',
        targetId: id,
        orgId: target.grid_id,
        details: { gridId: target.grid_id, photos: input.photoIds.length },
      });
    });
    return;
  }

  if (!isSenderSide(actor, task)) throw new AppError('FORBIDDEN');
  if (input.step === 'return') {
    const target = targets.find((g) => g.grid_id === input.gridId);
    if (!target) throw new AppError('ORG_NOT_FOUND');
    check('return', target);
    await ctx.db.transaction().execute(async (trx) => {
      await trx.updateTable('grid_task_targets').set({ state: 'pending', returned_reason: input.reason, updated_at: at }).where('id', '=', target.id).execute();
      await ctx.audit(trx, audit, {
        action: 'grid-task.return',
        targetType: 'grid-task',
        targetId: id,
        orgId: task.sender_org_id,
        details: { gridId: target.grid_id },
      });
    });
    return;
  }

  check('close', null);
  await ctx.db.transaction().execute(async (trx) => {
    await trx.updateTable('grid_tasks').set({ state: 'closed', closed_at: at, updated_at: at }).where('id', '=', id).execute();
    const done = targets.filter((g) => g.state === 'done').length;
    await ctx.audit(trx, audit, {
      action: 'grid-task.close',
      targetType: 'grid-task',
      targetId: id,
      orgId: task.sender_org_id,
      details: { grids: targets.length, done },
    });
  });
}
