import type { AppContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { pathsCondition } from '../../platform/policy/scope.ts';
import { can } from '../../platform/policy/policy.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import type { Locale } from '@lingyan/shared';
import { presentRequest, STATES_OF, type RequestFacts } from './open311.present.ts';
import type { XmlValue } from './xml.ts';
import { isPublicStep, PUBLIC_ACTIONS } from '../public-requests/public-requests.view.ts';

const DAY_MS = 86_400_000;
const W3 = /^(\d{4}-\d{2}-\d{2})(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/;

/** A w3 date-time (a bare date is that day in China time, its start or its end). */
export function parseW3(value: string, name: string, endOfDay = false): number {
  const m = W3.exec(value);
  const text = m && !m[2] ? `${m[1]}T${endOfDay ? '23:59:59.999' : '00:00:00'}+08:00` : value;
  const t = m ? Date.parse(text) : NaN;
  if (Number.isNaN(t)) throw new AppError('OPEN311_PARAMETER_INVALID', { name });
  return t;
}

export type RequestQuery = {
  orgPath: string | null;
  numbers?: string[] | undefined;
  serviceCodes?: string[] | undefined;
  statuses?: ('open' | 'closed')[] | undefined;
  from?: string | undefined;
  to?: string | undefined;
  limit: number;
};

/**
 * The span GET requests covers: at most `maxDays`; the most recent `maxDays` when no date is
 * given, `maxDays` from one end when only one is.
 */
export function dateWindow(start: string | undefined, end: string | undefined, now: number, maxDays: number): { from: string; to: string } {
  const span = maxDays * DAY_MS;
  let s = start === undefined ? undefined : parseW3(start, 'start_date');
  let e = end === undefined ? undefined : parseW3(end, 'end_date', true);
  if (s === undefined && e === undefined) e = now;
  if (s === undefined) s = e! - span;
  if (e === undefined) e = s + span;
  if (e < s) throw new AppError('OPEN311_PARAMETER_INVALID', { name: 'end_date' });
  if (e - s > span) throw new AppError('OPEN311_DATE_SPAN', { days: maxDays });
  return { from: new Date(s).toISOString(), to: new Date(e).toISOString() };
}

/** Requests as Open311 shows them, newest first, at most `q.limit`. */
export async function findRequests(ctx: AppContext, q: RequestQuery, locale: Locale, holder: Actor | null): Promise<XmlValue[]> {
  let query = ctx.db
    .selectFrom('service_requests as r')
    .innerJoin('service_items as i', 'i.id', 'r.item_id')
    .leftJoin('residents as res', 'res.id', 'r.resident_id')
    .leftJoin('homes as h', 'h.id', 'res.home_id')
    .select([
      'r.id',
      'r.number',
      'r.state',
      'r.org_path',
      'i.code as item_code',
      'i.name as item_name',
      'i.department',
      'i.limit_days',
      'r.description',
      'r.received_at',
      'r.updated_at',
      'r.completion_due',
      'h.address',
    ]);
  if (q.orgPath) query = query.where((eb) => pathsCondition(eb, 'r.org_path', [q.orgPath!]));
  if (q.numbers) query = query.where('r.number', 'in', q.numbers);
  else {
    if (q.serviceCodes) query = query.where('i.code', 'in', q.serviceCodes);
    if (q.statuses)
      query = query.where(
        'r.state',
        'in',
        q.statuses.flatMap((s) => STATES_OF[s]),
      );
    if (q.from) query = query.where('r.received_at', '>=', q.from);
    if (q.to) query = query.where('r.received_at', '<=', q.to);
  }
  const rows = await query.orderBy('r.received_at', 'desc').orderBy('r.id', 'desc').limit(q.limit).execute();
  const last = new Map<string, RequestFacts['last']>();
  // Ids in chunks: one statement's parameters stay well inside both engines' limits.
  for (let i = 0; i < rows.length; i += 500) {
    const events = await ctx.db
      .selectFrom('service_request_events')
      .select(['request_id', 'action', 'from_state', 'to_state', 'note'])
      .where(
        'request_id',
        'in',
        rows.slice(i, i + 500).map((r) => r.id),
      )
      .where('action', 'in', PUBLIC_ACTIONS)
      .orderBy('at')
      .orderBy('id')
      .execute();
    for (const e of events) if (isPublicStep(e)) last.set(e.request_id, { to_state: e.to_state, action: e.action, note: e.note });
  }
  return rows.map((r) => presentRequest({ ...r, last: last.get(r.id) ?? null }, locale, !!holder && can(holder, 'service:read', r.org_path)));
}
