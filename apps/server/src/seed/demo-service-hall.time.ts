import { addCalendarDays, addWorkingDays, isWorkingDay, workingDaysBetween, type WorkCalendarData } from '@lingyan/shared';
import { computeDueDates } from '../modules/service-requests/service-requests.clocks.ts';
import { Rng } from './demo-random.ts';
import { DAY_MS, CHINA_MS, OPEN_MIN, CLOSE_MIN } from './demo-service-hall.data.ts';
import { type DemoItem } from './demo-service-hall.inputs.ts';

/** Time for the demo service-hall planner: China dates and working days, fast (see demo-service-hall.ts). */

// Remembered: the planner turns moments into China dates and back many thousands of times.
export const dateOfDay = new Map<number, string>();
/** The China date (UTC+8) of a moment, as chinaDate() in platform/auth/actor.ts. */
export function chinaDate(ms: number): string {
  const day = Math.floor((ms + CHINA_MS) / DAY_MS);
  let date = dateOfDay.get(day);
  if (date === undefined) dateOfDay.set(day, (date = new Date(day * DAY_MS).toISOString().slice(0, 10)));
  return date;
}
export const minuteOfDay = (ms: number) => Math.floor(((ms + CHINA_MS) % DAY_MS) / 60_000);
/** Midnight of a China date. */
export const startOfDay = (date: string) => Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) - CHINA_MS;
export const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The calendar's answers for the planner, fast: it asks about the same few hundred days thousands
 * of times. Working days are numbered in order from a base date (isWorkingDay decides, as in the
 * shared functions), so "n working days after" and "working days between" are lookups; dates
 * before the base fall back to the shared functions. Due dates themselves come from
 * computeDueDates, remembered per (date, limits, paused days).
 */
export class Days {
  /** Working days after `base`, in order; `ordinal` maps a date to how many of them are ≤ it. */
  private readonly workingList: string[] = [];
  private readonly ordinal = new Map<string, number>();
  private last: string;
  private readonly dues = new Map<string, ReturnType<typeof computeDueDates>>();
  private readonly before = new Map<string, string>();
  constructor(
    readonly cal: WorkCalendarData,
    readonly base: string,
  ) {
    this.last = base;
    this.ordinal.set(base, 0);
  }
  private extendTo(date: string) {
    while (this.last < date) {
      this.last = addCalendarDays(this.last, 1);
      if (isWorkingDay(this.cal, this.last)) this.workingList.push(this.last);
      this.ordinal.set(this.last, this.workingList.length);
    }
  }
  private ord(date: string): number {
    if (date > this.last) this.extendTo(date);
    return this.ordinal.get(date)!;
  }
  working(date: string): boolean {
    if (date <= this.base) return isWorkingDay(this.cal, date);
    const n = this.ord(date);
    return n > 0 && this.workingList[n - 1] === date;
  }
  /** addWorkingDays(cal, date, n).date */
  add(date: string, n: number): string {
    if (date < this.base) return addWorkingDays(this.cal, date, n).date;
    if (n === 0) return date;
    const k = this.ord(date) + n - 1;
    while (this.workingList.length <= k) this.extendTo(addCalendarDays(this.last, 7));
    return this.workingList[k]!;
  }
  /** workingDaysBetween(cal, from, to) */
  between(from: string, to: string): number {
    if (to <= from) return 0;
    if (from < this.base) return workingDaysBetween(this.cal, from, to);
    return this.ord(to) - this.ord(from);
  }
  /** computeDueDates(cal, received, item, paused): the app's due dates, as receive and resume compute them. */
  dueDates(received: string, item: DemoItem, paused = 0): ReturnType<typeof computeDueDates> {
    const key = `${received}:${item.response_days}:${item.limit_days}:${paused}`;
    let due = this.dues.get(key);
    if (due === undefined) this.dues.set(key, (due = computeDueDates(this.cal, received, item, paused)));
    return due;
  }
  /** The day before (calendar), remembered. */
  previous(date: string): string {
    let d = this.before.get(date);
    if (d === undefined) this.before.set(date, (d = addCalendarDays(date, -1)));
    return d;
  }
}

export class Clockwork {
  constructor(
    readonly days: Days,
    readonly rng: Rng,
  ) {}
  working(date: string): boolean {
    return this.days.working(date);
  }
  /** The first working day on or after `date`. */
  onOrAfter(date: string): string {
    return this.working(date) ? date : this.days.add(date, 1);
  }
  add(date: string, days: number): string {
    return this.days.add(date, days);
  }
  /** A moment on `date` within office hours, at `fromMin` or later (null when the day is over). */
  momentOn(date: string, fromMin = OPEN_MIN): number | null {
    const lo = Math.max(OPEN_MIN, fromMin);
    if (lo > CLOSE_MIN - 5) return null;
    const minute = this.rng.int(lo, Math.min(CLOSE_MIN, lo + Math.max(20, Math.floor((CLOSE_MIN - lo) * 0.6))));
    return startOfDay(date) + minute * 60_000 + this.rng.int(0, 59) * 1000;
  }
  /** A few minutes after `prev` in office hours on a working day, else early on the next working day. */
  soon(prev: number, minMin: number, maxMin: number): number {
    const date = chinaDate(prev);
    const candidate = prev + this.rng.int(minMin, maxMin) * 60_000 + this.rng.int(0, 59) * 1000;
    if (this.working(date) && chinaDate(candidate) === date && minuteOfDay(candidate) < CLOSE_MIN && minuteOfDay(candidate) >= OPEN_MIN) return candidate;
    const next = this.working(date) && minuteOfDay(prev) < OPEN_MIN ? date : this.add(date, 1);
    return startOfDay(next) + (OPEN_MIN + this.rng.int(0, 90)) * 60_000 + this.rng.int(0, 59) * 1000;
  }
  /** Some time on the working day `days` working days after `prev` (0: later the same day, or soon). */
  later(prev: number, days: number): number {
    if (days <= 0) return this.soon(prev, 20, 300);
    const date = this.add(chinaDate(prev), days);
    return this.momentOn(date)!;
  }
  /** Some time on the working day `date` (≥ prev's day), after prev. */
  on(date: string, prev: number): number {
    const prevDate = chinaDate(prev);
    if (date < prevDate) return this.soon(prev, 20, 240);
    if (date > prevDate) return this.momentOn(date)!;
    return this.momentOn(date, minuteOfDay(prev) + 5) ?? this.soon(prev, 20, 240);
  }
}
