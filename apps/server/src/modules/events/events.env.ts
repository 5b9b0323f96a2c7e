import type { Kysely } from 'kysely';
import { buildWorkCalendar, type EventLimit, type WorkCalendarData, type WorkingPeriod } from '@lingyan/shared';
import type { DB } from '../../platform/db/schema.ts';
import { SETTINGS, type SettingKey, type SettingValue } from '../../platform/settings.ts';

/** What an event's clocks are computed with: the working-day calendar, office hours and the warning share. */
export type EventEnv = { cal: WorkCalendarData; periods: readonly WorkingPeriod[]; warnShare: number; uncategorisedRegister: EventLimit };

async function settingOf<K extends SettingKey>(db: Kysely<DB>, key: K): Promise<SettingValue<K>> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
  if (row) {
    const parsed = SETTINGS[key].schema.safeParse(JSON.parse(row.value));
    if (parsed.success) return parsed.data as SettingValue<K>;
  }
  return SETTINGS[key].default as SettingValue<K>;
}

/**
 * Reads the clock environment through `db`, which may be the caller's transaction: collectEvent
 * runs inside another module's transaction, where the shared context (one SQLite connection) may
 * not be used.
 */
export async function loadEventEnv(db: Kysely<DB>): Promise<EventEnv> {
  const [overrides, years, hours, clock] = await Promise.all([
    db.selectFrom('calendar_overrides').select(['date', 'kind']).execute(),
    db.selectFrom('calendar_years').select('year').execute(),
    settingOf(db, 'event.workingHours'),
    settingOf(db, 'event.clock'),
  ]);
  const cal = buildWorkCalendar(
    overrides.map((o) => ({ date: o.date, kind: o.kind as 'holiday' | 'workday' })),
    years.map((y) => Number(y.year)),
  );
  return { cal, periods: hours.periods, warnShare: clock.warnShare, uncategorisedRegister: clock.uncategorisedRegister };
}
