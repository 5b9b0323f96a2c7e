import { finalClockState, nextState, pausedDays, type Rating, type RequestAction, type RequestState, type WorkCalendarData } from '@lingyan/shared';
import type { ServiceRequestsTable } from '../../platform/db/schema.ts';
import { computeDueDates } from './service-requests.clocks.ts';
import { ratingColumns, type RatingInput } from './service-requests.rating.ts';

export type StepContext = {
  actorId: string | null;
  at: string;
  today: string;
  cal: WorkCalendarData;
  item: { limit_days: number; response_days: number };
  /** For a transfer: where it goes (checked by the caller). */
  target?: { userId: string | null; orgId: string | null } | null;
};

export type StepEffect = { set: Partial<ServiceRequestsTable>; note: string | null; data?: Record<string, unknown> };

/**
 * What one step does to the request's own row, in one place: the app's applyAction and the demo
 * seed both call it. Steps that also write side tables (agency, visits) get their row columns
 * here and their side rows from the caller.
 */
export function stepEffect(r: ServiceRequestsTable, action: RequestAction, i: Record<string, unknown>, c: StepContext): StepEffect {
  const state = r.state as RequestState;
  const set: Partial<ServiceRequestsTable> = { state: nextState(state, action), updated_at: c.at };
  const text = (k: string) => (i[k] as string | undefined) ?? null;
  switch (action) {
    case 'accept':
      set.responded_at = c.at;
      set.response_clock = finalClockState(r.response_due, c.today);
      // The first worker to take an online request owns it.
      if (!r.owner_id) set.owner_id = c.actorId;
      if (!r.handler_id) set.handler_id = c.actorId;
      return { set, note: text('note') };
    case 'refuse':
      set.refused_reason = i.reason as string;
      set.responded_at = r.responded_at ?? c.at;
      set.response_clock = r.response_clock ?? finalClockState(r.response_due, c.today);
      return { set, note: i.reason as string };
    case 'transfer':
      set.handler_id = c.target?.userId ?? null;
      set.handler_org_id = c.target?.orgId ?? null;
      return { set, note: text('note'), data: { toUserId: set.handler_id, toOrgId: set.handler_org_id } };
    case 'pause':
      set.paused_on = c.today;
      return { set, note: i.reason as string };
    case 'resume': {
      const days = r.paused_on ? pausedDays(c.cal, r.paused_on, c.today) : 0;
      const due = computeDueDates(c.cal, r.received_date, c.item, r.paused_days + days);
      Object.assign(set, { paused_on: null, paused_days: r.paused_days + days, completion_due: due.completionDue, due_provisional: due.provisional ? 1 : 0 });
      return { set, note: text('note'), data: { pausedWorkingDays: days } };
    }
    case 'complete':
      set.completed_at = c.at;
      set.completion_clock = finalClockState(r.completion_due, c.today);
      return { set, note: i.result as string };
    case 'inform':
      set.informed_at = c.at;
      set.inform_method = i.method as string;
      return { set, note: text('note') };
    case 'rate':
      Object.assign(
        set,
        ratingColumns(state, { rating: i.rating as Rating, comment: i.comment as string | undefined, source: i.source as RatingInput['source'] }, c.at),
      );
      return { set, note: null, data: { rating: i.rating, source: i.source } };
    case 'close':
      set.closed_at = c.at;
      return { set, note: text('note') };
    case 'reopen':
      Object.assign(set, {
        reopened_count: r.reopened_count + 1,
        closed_at: null,
        completed_at: null,
        completion_clock: null,
        informed_at: null,
        follow_up_needed: 0,
      });
      return { set, note: i.reason as string };
    case 'follow-up':
      if (i.result === 'upheld')
        Object.assign(set, {
          state: 'accepted',
          reopened_count: r.reopened_count + 1,
          closed_at: null,
          completed_at: null,
          completion_clock: null,
          informed_at: null,
        });
      set.follow_up_needed = 0;
      return { set, note: i.note as string, data: { result: i.result } };
    case 'trip':
      set.trips = r.trips + 1;
      return { set, note: text('note') };
    case 'authorize-agency':
      set.agency_authorized = 1;
      return { set, note: i.scope as string, data: { validUntil: i.validUntil, signedHow: i.signedHow } };
    case 'exclude':
      set.excluded = i.excluded ? 1 : 0;
      set.excluded_reason = i.excluded ? (i.reason as string) : null;
      return { set, note: i.reason as string, data: { excluded: i.excluded } };
    case 'agency-step':
      return { set, note: i.step as string };
    case 'record-visit':
      return { set, note: i.outcome as string };
    case 'schedule-visit':
      return { set, note: null };
  }
}
