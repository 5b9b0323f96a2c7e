import { idsOfPath } from '@lingyan/shared';
import type { AppContext } from '../../platform/context.ts';
import type { Job } from '../../platform/jobs.ts';
import { newId } from '../../platform/ids.ts';

const SYSTEM = { actorId: null, actorName: 'system', requestId: null, ip: null };

/**
 * Escalates each overdue step of an open event once: to the level above its community (the
 * township; the city for a township's own grids). A unique (event, step) row makes a second
 * attempt — by this process after a restart, or by another process — a no-op.
 */
export async function escalateOverdueEvents(ctx: AppContext): Promise<number> {
  const now = ctx.clock.now().toISOString();
  const overdue = await ctx.db
    .selectFrom('events as e')
    .leftJoin('event_escalations as x', (j) => j.onRef('x.event_id', '=', 'e.id').onRef('x.step', '=', 'e.clock_step'))
    .select(['e.id', 'e.number', 'e.grid_id', 'e.org_path', 'e.clock_step', 'e.clock_due', 'e.state'])
    .where('e.clock_due', '<', now)
    .where('e.clock_step', 'is not', null)
    .where('x.id', 'is', null)
    .execute();
  let escalated = 0;
  for (const e of overdue) {
    const ids = idsOfPath(e.org_path);
    // city / township / community / grid: escalate two levels above the grid.
    const toOrgId = ids[Math.max(0, ids.length - 3)] ?? null;
    await ctx.db.transaction().execute(async (trx) => {
      const res = await trx
        .insertInto('event_escalations')
        .values({ id: newId(), event_id: e.id, step: e.clock_step!, due: e.clock_due!, to_org_id: toOrgId, created_at: now })
        .onConflict((oc) => oc.columns(['event_id', 'step']).doNothing())
        .executeTakeFirst();
      if (Number(res.numInsertedOrUpdatedRows ?? 0) !== 1) return;
      escalated += 1;
      await trx.updateTable('events').set({ escalated_at: now }).where('id', '=', e.id).where('escalated_at', 'is', null).execute();
      await trx
        .insertInto('event_steps')
        .values({
          id: newId(),
          event_id: e.id,
          at: now,
          actor_id: null,
          actor_name: null,
          action: 'escalate',
          from_state: e.state,
          to_state: e.state,
          note: null,
          data: JSON.stringify({ step: e.clock_step, due: e.clock_due, toOrgId }),
        })
        .execute();
      await ctx.audit(trx, SYSTEM, {
        action: 'event.escalate',
        targetType: 'event',
        targetId: e.id,
        orgId: e.grid_id,
        details: { number: e.number, step: e.clock_step },
      });
    });
  }
  return escalated;
}

export function eventJobs(ctx: AppContext): Job[] {
  return [{ name: 'event-escalation', everyMs: 60_000, run: async () => void (await escalateOverdueEvents(ctx)) }];
}
