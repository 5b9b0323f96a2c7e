import {
  addWorkingDays,
  currentClocks as sharedCurrentClocks,
  finalClockState,
  type ClockState,
  type RequestState,
  type WorkCalendarData,
} from '@lingyan/shared';
import type { AppContext } from '../../platform/context.ts';
import type { ServiceRequestsTable } from '../../platform/db/schema.ts';

/** Both due dates of a request received on `receivedDate` for an item with these limits. */
export function computeDueDates(cal: WorkCalendarData, receivedDate: string, item: { response_days: number; limit_days: number }, pausedDays = 0) {
  const response = addWorkingDays(cal, receivedDate, item.response_days);
  const completion = addWorkingDays(cal, receivedDate, item.limit_days + pausedDays);
  return { responseDue: response.date, completionDue: completion.date, provisional: response.provisional || completion.provisional };
}

type ClockRow = Pick<ServiceRequestsTable, 'state' | 'response_due' | 'response_clock' | 'completion_due' | 'completion_clock' | 'paused_on'>;

/** The clocks as shown now (the rule is shared: frozen once done, frozen at the pause while waiting). */
export function currentClocks(cal: WorkCalendarData, r: ClockRow, today: string, warnWorkingDays: number): { response: ClockState; completion: ClockState } {
  return sharedCurrentClocks(
    cal,
    {
      state: r.state as RequestState,
      responseDue: r.response_due,
      responseClock: r.response_clock as ClockState | null,
      completionDue: r.completion_due,
      completionClock: r.completion_clock as ClockState | null,
      pausedOn: r.paused_on,
    },
    today,
    { warnWorkingDays },
  );
}

export { finalClockState };

/**
 * After the administrator confirms a year, due dates that were computed on the provisional
 * calendar are computed again (open requests only: ended ones keep their frozen clocks).
 */
export async function recomputeProvisionalDueDates(ctx: AppContext): Promise<number> {
  const cal = await ctx.calendar.get();
  const rows = await ctx.db
    .selectFrom('service_requests as r')
    .innerJoin('service_items as i', 'i.id', 'r.item_id')
    .select(['r.id', 'r.received_date', 'r.paused_days', 'r.responded_at', 'i.response_days', 'i.limit_days'])
    .where('r.due_provisional', '=', 1)
    .where('r.state', 'in', ['received', 'accepted', 'waiting'])
    .execute();
  const now = ctx.clock.now().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    for (const r of rows) {
      const due = computeDueDates(cal, r.received_date, r, r.paused_days);
      await trx
        .updateTable('service_requests')
        .set({
          ...(r.responded_at ? {} : { response_due: due.responseDue }),
          completion_due: due.completionDue,
          due_provisional: due.provisional ? 1 : 0,
          updated_at: now,
        })
        .where('id', '=', r.id)
        .execute();
    }
  });
  return rows.length;
}
