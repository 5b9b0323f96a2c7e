import chineseDays from 'chinese-days';
import official from 'chinese-days/dist/chinese-days.json';

// The package is CommonJS without detectable named exports: take the functions off its default export.
const { getSolarDateFromLunar, getSolarTermDate } = chineseDays;

/**
 * The working-day calendar of the State Council's notices: holidays, and the weekend days that
 * are worked (调休). Years the notices cover are "confirmed"; for a year not yet announced the
 * calendar falls back to weekends plus the statutory holidays on their own dates, and says so.
 */
export type CalendarOverride = { date: string; kind: 'holiday' | 'workday' };
export type WorkCalendarData = {
  /** Holidays and worked weekend days, from the official data and the administrator's overrides. */
  holidays: ReadonlySet<string>;
  workdays: ReadonlySet<string>;
  confirmedYears: ReadonlySet<number>;
};

export const MIN_CALENDAR_YEAR = 2004;
export const MAX_CALENDAR_YEAR = 2099;

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar date in the years the calendar can reason about. */
export function isCalendarDate(value: string): boolean {
  const m = DATE_RE.exec(value);
  if (!m) return false;
  const y = Number(m[1]);
  const d = new Date(Date.UTC(y, Number(m[2]) - 1, Number(m[3])));
  return y >= MIN_CALENDAR_YEAR && y <= MAX_CALENDAR_YEAR && d.toISOString().slice(0, 10) === value;
}

export function addCalendarDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

function weekday(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

/** The official calendar as shipped (chinese-days), with the years it covers. */
export function officialCalendar(): { holidays: string[]; workdays: string[]; years: number[] } {
  const holidays = Object.keys(official.holidays);
  const workdays = Object.keys(official.workdays);
  const years = [...new Set(holidays.map((d) => Number(d.slice(0, 4))))].sort();
  return { holidays, workdays, years };
}

/** Builds the calendar from the official data plus overrides; `confirmedExtra` are years an administrator confirmed. */
export function buildWorkCalendar(overrides: CalendarOverride[] = [], confirmedExtra: number[] = []): WorkCalendarData {
  const base = officialCalendar();
  const holidays = new Set(base.holidays);
  const workdays = new Set(base.workdays);
  for (const o of overrides) {
    if (o.kind === 'holiday') {
      holidays.add(o.date);
      workdays.delete(o.date);
    } else {
      workdays.add(o.date);
      holidays.delete(o.date);
    }
  }
  return { holidays, workdays, confirmedYears: new Set([...base.years, ...confirmedExtra]) };
}

const provisionalCache = new Map<number, Set<string>>();

/**
 * The statutory holidays of a year on their own dates (Regulations on Public Holidays, as revised
 * for 2025): New Year's Day; Spring Festival eve and the first three days; Qingming; 1–2 May;
 * Dragon Boat; Mid-Autumn; 1–3 October. Without the notice, no days are moved.
 */
export function statutoryHolidays(year: number): Set<string> {
  const hit = provisionalCache.get(year);
  if (hit) return hit;
  const lunar = (md: string) => getSolarDateFromLunar(`${year}-${md}`).date;
  const springFestival = lunar('01-01');
  const days = new Set<string>([
    `${year}-01-01`,
    addCalendarDays(springFestival, -1),
    springFestival,
    addCalendarDays(springFestival, 1),
    addCalendarDays(springFestival, 2),
    getSolarTermDate(year, 4, 'pure_brightness'),
    `${year}-05-01`,
    `${year}-05-02`,
    lunar('05-05'),
    lunar('08-15'),
    `${year}-10-01`,
    `${year}-10-02`,
    `${year}-10-03`,
  ]);
  provisionalCache.set(year, days);
  return days;
}

export function isProvisionalYear(cal: WorkCalendarData, year: number): boolean {
  return !cal.confirmedYears.has(year);
}

export function isWorkingDay(cal: WorkCalendarData, date: string): boolean {
  const year = Number(date.slice(0, 4));
  if (cal.workdays.has(date)) return true;
  if (cal.holidays.has(date)) return false;
  const dow = weekday(date);
  if (dow === 0 || dow === 6) return false;
  return isProvisionalYear(cal, year) ? !statutoryHolidays(year).has(date) : true;
}

/**
 * The Nth working day after `from` (not counting `from` itself): a matter received on a Friday
 * with a one-day limit is due on the next working day, which may be a worked weekend day.
 */
export function addWorkingDays(cal: WorkCalendarData, from: string, days: number): { date: string; provisional: boolean } {
  if (!Number.isInteger(days) || days < 0) throw new RangeError('days must be a whole number ≥ 0');
  let date = from;
  let provisional = isProvisionalYear(cal, Number(from.slice(0, 4)));
  let left = days;
  while (left > 0) {
    date = addCalendarDays(date, 1);
    if (Number(date.slice(0, 4)) > MAX_CALENDAR_YEAR) throw new RangeError('beyond the calendar');
    if (isProvisionalYear(cal, Number(date.slice(0, 4)))) provisional = true;
    if (isWorkingDay(cal, date)) left -= 1;
  }
  return { date, provisional };
}

/** Working days strictly after `from` up to and including `to` (0 when `to` ≤ `from`). */
export function workingDaysBetween(cal: WorkCalendarData, from: string, to: string): number {
  let n = 0;
  for (let d = addCalendarDays(from, 1); d <= to; d = addCalendarDays(d, 1)) if (isWorkingDay(cal, d)) n += 1;
  return n;
}
