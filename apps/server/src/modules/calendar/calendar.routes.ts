import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  addWorkingDays,
  idsOfPath,
  isCalendarDate,
  isProvisionalYear,
  isWorkingDay,
  MAX_CALENDAR_YEAR,
  MIN_CALENDAR_YEAR,
  okSchema,
  statutoryHolidays,
} from '@lingyan/shared';
import type { AppContext } from '../../platform/context.ts';
import { AUTHENTICATED, PUBLIC, actorOf, auditContextOf, permission } from '../../platform/http/access.ts';
import { AppError } from '../../platform/errors.ts';
import { scopePaths } from '../../platform/policy/policy.ts';
import { chinaDate, type Actor } from '../../platform/auth/actor.ts';
import { recomputeProvisionalDueDates } from '../service-requests/service-requests.clocks.ts';

const dateParam = z.string().max(32);
const yearParam = z.coerce.number().int();

function checkDate(value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) throw new AppError('CALENDAR_DATE_INVALID');
  const y = Number(value.slice(0, 4));
  if (y < MIN_CALENDAR_YEAR || y > MAX_CALENDAR_YEAR) throw new AppError('CALENDAR_OUT_OF_RANGE');
  if (!isCalendarDate(value)) throw new AppError('CALENDAR_DATE_INVALID');
  return value;
}
function checkYear(y: number): number {
  if (y < MIN_CALENDAR_YEAR || y > MAX_CALENDAR_YEAR) throw new AppError('CALENDAR_OUT_OF_RANGE');
  return y;
}
/** The calendar is city-wide: only a holder of calendar:manage at the root edits it. */
function authorizeCalendar(actor: Actor): void {
  if (!scopePaths(actor, 'calendar:manage').some((p) => idsOfPath(p).length === 1)) throw new AppError('FORBIDDEN');
}

const dayKind = z.enum(['holiday', 'workday']);

/** The working-day calendar: due dates for the intake form, and the administrator's yearly confirmation. */
export function registerCalendarRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/calendar/add-working-days',
    {
      config: { access: PUBLIC },
      schema: {
        tags: ['calendar'],
        querystring: z.object({ from: dateParam, days: z.coerce.number().int().min(0).max(365) }),
        response: { 200: z.object({ date: z.string(), provisional: z.boolean() }) },
      },
    },
    async (request) => {
      const from = checkDate(request.query.from);
      try {
        return addWorkingDays(await ctx.calendar.get(), from, request.query.days);
      } catch (e) {
        if (e instanceof RangeError) throw new AppError('CALENDAR_OUT_OF_RANGE');
        throw e;
      }
    },
  );

  r.get(
    '/api/v1/calendar/status',
    {
      config: { access: AUTHENTICATED },
      schema: {
        tags: ['calendar'],
        response: { 200: z.object({ today: z.string(), year: z.number(), nextYear: z.number(), nextYearConfirmed: z.boolean(), yearConfirmed: z.boolean() }) },
      },
    },
    async () => {
      const cal = await ctx.calendar.get();
      const today = chinaDate(ctx.clock.now());
      const year = Number(today.slice(0, 4));
      return { today, year, nextYear: year + 1, yearConfirmed: !isProvisionalYear(cal, year), nextYearConfirmed: !isProvisionalYear(cal, year + 1) };
    },
  );

  r.get(
    '/api/v1/calendar/years/:year',
    {
      config: { access: AUTHENTICATED },
      schema: {
        tags: ['calendar'],
        params: z.object({ year: yearParam }),
        response: {
          200: z.object({
            year: z.number(),
            confirmed: z.boolean(),
            days: z.array(z.object({ date: z.string(), kind: dayKind, source: z.enum(['official', 'override', 'statutory']) })),
          }),
        },
      },
    },
    async (request) => {
      const year = checkYear(request.params.year);
      const cal = await ctx.calendar.get();
      const overrides = new Map(
        (await ctx.db.selectFrom('calendar_overrides').select(['date', 'kind']).where('date', 'like', `${year}-%`).execute()).map((o) => [o.date, o.kind]),
      );
      const statutory = isProvisionalYear(cal, year) ? statutoryHolidays(year) : new Set<string>();
      const days: { date: string; kind: 'holiday' | 'workday'; source: 'official' | 'override' | 'statutory' }[] = [];
      for (let d = `${year}-01-01`; d.startsWith(String(year)); d = new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)) {
        const weekend = [0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay());
        const working = isWorkingDay(cal, d);
        // Only the exceptions: holidays on weekdays and worked weekend days.
        if (working === !weekend) continue;
        const source = overrides.has(d) ? 'override' : statutory.has(d) ? 'statutory' : 'official';
        days.push({ date: d, kind: working ? 'workday' : 'holiday', source });
      }
      return { year, confirmed: !isProvisionalYear(cal, year), days };
    },
  );

  r.put(
    '/api/v1/calendar/overrides/:date',
    {
      config: { access: permission('calendar:manage') },
      schema: {
        tags: ['calendar'],
        params: z.object({ date: dateParam }),
        body: z.strictObject({ kind: dayKind, note: z.string().trim().max(100).nullable().optional() }),
        response: { 200: okSchema },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      authorizeCalendar(actor);
      const date = checkDate(request.params.date);
      const row = { date, kind: request.body.kind, note: request.body.note ?? null, updated_at: ctx.clock.now().toISOString(), updated_by: actor.userId };
      await ctx.db.transaction().execute(async (trx) => {
        await trx
          .insertInto('calendar_overrides')
          .values(row)
          .onConflict((oc) => oc.column('date').doUpdateSet({ kind: row.kind, note: row.note, updated_at: row.updated_at, updated_by: row.updated_by }))
          .execute();
        await ctx.audit(trx, auditContextOf(request), { action: 'calendar.override', targetType: 'calendar-day', targetId: date, details: { kind: row.kind } });
      });
      ctx.calendar.invalidate();
      return { ok: true as const };
    },
  );

  r.delete(
    '/api/v1/calendar/overrides/:date',
    { config: { access: permission('calendar:manage') }, schema: { tags: ['calendar'], params: z.object({ date: dateParam }), response: { 200: okSchema } } },
    async (request) => {
      const actor = actorOf(request);
      authorizeCalendar(actor);
      const date = checkDate(request.params.date);
      await ctx.db.transaction().execute(async (trx) => {
        await trx.deleteFrom('calendar_overrides').where('date', '=', date).execute();
        await ctx.audit(trx, auditContextOf(request), { action: 'calendar.override-remove', targetType: 'calendar-day', targetId: date });
      });
      ctx.calendar.invalidate();
      return { ok: true as const };
    },
  );

  r.post(
    '/api/v1/calendar/years/:year/confirm',
    {
      config: { access: permission('calendar:manage') },
      schema: { tags: ['calendar'], params: z.object({ year: yearParam }), response: { 200: z.object({ year: z.number(), recomputed: z.number() }) } },
    },
    async (request) => {
      const actor = actorOf(request);
      authorizeCalendar(actor);
      const year = checkYear(request.params.year);
      if (!isProvisionalYear(await ctx.calendar.get(), year)) throw new AppError('CALENDAR_YEAR_CONFIRMED');
      await ctx.db.transaction().execute(async (trx) => {
        await trx.insertInto('calendar_years').values({ year, confirmed_at: ctx.clock.now().toISOString(), confirmed_by: actor.userId }).execute();
        await ctx.audit(trx, auditContextOf(request), { action: 'calendar.confirm', targetType: 'calendar-year', targetId: String(year) });
      });
      ctx.calendar.invalidate();
      // Due dates computed while the year was provisional are computed again on the confirmed calendar.
      const recomputed = await recomputeProvisionalDueDates(ctx);
      return { year, recomputed };
    },
  );
}
