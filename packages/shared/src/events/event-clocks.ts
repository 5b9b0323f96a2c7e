import { addCalendarDays, addWorkingDays, isWorkingDay, type WorkCalendarData } from '../calendar/work-calendar.ts';
import type { ClockState } from '../service-hall/request-states.ts';
import type { LimitUnit } from './event-states.ts';

/**
 * Event clocks run on the official working-day calendar, in working days or working hours. A limit
 * in days ends at the end of the Nth working day after the step began (China time); a limit in
 * hours counts only the office hours of working days (a setting: Xinjiang offices keep their own).
 */
export type EventLimit = { value: number; unit: LimitUnit };
export type WorkingPeriod = { from: string; to: string };

const CHINA_OFFSET_MS = 8 * 3600_000;
const chinaDay = (ms: number) => new Date(ms + CHINA_OFFSET_MS).toISOString().slice(0, 10);
const chinaTime = (date: string, hhmm: string) => Date.parse(`${date}T${hhmm}:00+08:00`);

/** When a step that began at `startIso` is due (an ISO instant). */
export function eventDueAt(cal: WorkCalendarData, startIso: string, limit: EventLimit, periods: readonly WorkingPeriod[]): string {
  const start = Date.parse(startIso);
  if (limit.unit === 'working-days') {
    const date = addWorkingDays(cal, chinaDay(start), limit.value).date;
    return new Date(chinaTime(addCalendarDays(date, 1), '00:00') - 1000).toISOString();
  }
  return new Date(addWorkingMinutes(cal, start, Math.round(limit.value * 60), periods)).toISOString();
}

/** `minutes` of office time after `start` (ms): only the periods of working days count. */
export function addWorkingMinutes(cal: WorkCalendarData, start: number, minutes: number, periods: readonly WorkingPeriod[]): number {
  if (periods.length === 0) throw new RangeError('no working periods');
  let left = minutes * 60_000;
  let cursor = start;
  let date = chinaDay(start);
  for (let guard = 0; guard < 3660; guard++) {
    if (isWorkingDay(cal, date)) {
      for (const p of periods) {
        const pEnd = chinaTime(date, p.to);
        if (cursor >= pEnd) continue;
        const s = Math.max(cursor, chinaTime(date, p.from));
        if (pEnd - s >= left) return s + left;
        left -= pEnd - s;
        cursor = pEnd;
      }
    }
    date = addCalendarDays(date, 1);
    cursor = Math.max(cursor, chinaTime(date, '00:00'));
  }
  throw new RangeError('beyond the calendar');
}

/**
 * A running clock on `nowIso`: overdue after its due instant; a warning once no more than
 * `warnShare` of its whole span is left.
 */
export function eventClockState(startIso: string, dueIso: string, nowIso: string, warnShare: number): ClockState {
  const start = Date.parse(startIso);
  const due = Date.parse(dueIso);
  const now = Date.parse(nowIso);
  if (now > due) return 'overdue';
  return due - now <= warnShare * Math.max(0, due - start) ? 'warning' : 'on-time';
}

/** A clock frozen when its step was done at `doneIso`. */
export function finalEventClock(dueIso: string, doneIso: string): ClockState {
  return Date.parse(doneIso) <= Date.parse(dueIso) ? 'on-time' : 'overdue';
}

/** The instant a clock turns to warning: when `warnShare` of its span is left (fixed when the step begins). */
export function eventWarnAt(startIso: string, dueIso: string, warnShare: number): string {
  const start = Date.parse(startIso);
  const due = Date.parse(dueIso);
  return new Date(due - Math.round(warnShare * Math.max(0, due - start))).toISOString();
}

/** A running clock from its stored instants. */
export function clockStateAt(warnAtIso: string, dueIso: string, nowIso: string): ClockState {
  if (nowIso > dueIso) return 'overdue';
  return nowIso >= warnAtIso ? 'warning' : 'on-time';
}
