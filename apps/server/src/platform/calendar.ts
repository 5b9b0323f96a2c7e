import type { Kysely } from 'kysely';
import { buildWorkCalendar, type WorkCalendarData } from '@lingyan/shared';
import type { DB } from './db/schema.ts';

/**
 * The calendar every clock uses: the official data plus the administrator's overrides and
 * confirmed years, read from the database and kept for a short while (several processes agree
 * within seconds; an edit in this process takes effect at once).
 */
export type CalendarSource = { get(): Promise<WorkCalendarData>; invalidate(): void };

export function createCalendarSource(db: Kysely<DB>, ttlMs = 30_000): CalendarSource {
  let cached: { at: number; cal: Promise<WorkCalendarData> } | null = null;
  const load = async () => {
    const [overrides, years] = await Promise.all([
      db.selectFrom('calendar_overrides').select(['date', 'kind']).execute(),
      db.selectFrom('calendar_years').select('year').execute(),
    ]);
    return buildWorkCalendar(
      overrides.map((o) => ({ date: o.date, kind: o.kind as 'holiday' | 'workday' })),
      years.map((y) => Number(y.year)),
    );
  };
  return {
    get() {
      if (!cached || Date.now() - cached.at > ttlMs) {
        const cal = load();
        cached = { at: Date.now(), cal };
        cal.catch(() => (cached = null));
      }
      return cached.cal;
    },
    invalidate: () => void (cached = null),
  };
}
