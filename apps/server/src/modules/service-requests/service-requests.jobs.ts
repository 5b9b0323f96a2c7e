import { addWorkingDays } from '@lingyan/shared';
import type { AppContext } from '../../platform/context.ts';
import type { Job } from '../../platform/jobs.ts';
import { chinaDate } from '../../platform/auth/actor.ts';
import { newId } from '../../platform/ids.ts';

/**
 * Raises a warning to the handler before a request is due, and escalates an overdue one to the
 * community's leaders — each once: a unique (request, kind[, recipient]) row makes a second
 * attempt, by this process after a restart or by another process, a no-op.
 */
export async function raiseClockNotifications(ctx: AppContext): Promise<{ warnings: number; escalations: number }> {
  const cal = await ctx.calendar.get();
  const today = chinaDate(ctx.clock.now());
  const { warnWorkingDays } = await ctx.settings.get('service.clock');
  const warnBy = addWorkingDays(cal, today, warnWorkingDays).date;
  const now = ctx.clock.now().toISOString();
  const running = ['received', 'accepted'];

  const dueSoon = await ctx.db
    .selectFrom('service_requests as r')
    .leftJoin('request_notifications as n', (j) => j.onRef('n.request_id', '=', 'r.id').on('n.kind', '=', 'warning'))
    .select(['r.id', 'r.handler_id', 'r.owner_id'])
    .where('r.state', 'in', running)
    .where('r.completion_due', '>=', today)
    .where('r.completion_due', '<=', warnBy)
    .where('n.id', 'is', null)
    .execute();
  let warnings = 0;
  for (const r of dueSoon) {
    const res = await ctx.db
      .insertInto('request_notifications')
      .values({ id: newId(), request_id: r.id, kind: 'warning', recipient_id: r.handler_id ?? r.owner_id, created_at: now, read_at: null })
      .onConflict((oc) => oc.columns(['request_id', 'kind']).doNothing())
      .executeTakeFirst();
    warnings += Number(res.numInsertedOrUpdatedRows ?? 0);
  }

  const overdue = await ctx.db
    .selectFrom('service_requests as r')
    .leftJoin('request_notifications as n', (j) => j.onRef('n.request_id', '=', 'r.id').on('n.kind', '=', 'overdue'))
    .select(['r.id', 'r.org_id'])
    .where('r.state', 'in', running)
    .where('r.completion_due', '<', today)
    .where('n.id', 'is', null)
    .execute();
  let escalations = 0;
  for (const r of overdue) {
    await ctx.db.transaction().execute(async (trx) => {
      // One escalation row per request; the leaders read it on their overdue list.
      const res = await trx
        .insertInto('request_notifications')
        .values({ id: newId(), request_id: r.id, kind: 'overdue', recipient_id: null, created_at: now, read_at: null })
        .onConflict((oc) => oc.columns(['request_id', 'kind']).doNothing())
        .executeTakeFirst();
      if (Number(res.numInsertedOrUpdatedRows ?? 0) === 1) {
        escalations += 1;
        await ctx.audit(
          trx,
          { actorId: null, actorName: 'system', requestId: null, ip: null },
          { action: 'service-request.escalate', targetType: 'service-request', targetId: r.id, orgId: r.org_id },
        );
      }
    });
  }
  return { warnings, escalations };
}

export function serviceHallJobs(ctx: AppContext): Job[] {
  return [{ name: 'service-request-clocks', everyMs: 60_000, run: async () => void (await raiseClockNotifications(ctx)) }];
}
