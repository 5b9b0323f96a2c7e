import { addWorkingDays, workingDaysBetween, type WorkCalendarData } from '../calendar/work-calendar.ts';
import type { ClockState, RequestState } from './request-states.ts';

/**
 * Time limits count working days on the official calendar. A matter is due by the end of its due
 * date (China time); days spent waiting for the resident (补正) do not count.
 */
export type ClockPolicy = { warnWorkingDays: number };

export function dueDate(cal: WorkCalendarData, receivedDate: string, limitDays: number, pausedWorkingDays = 0): { date: string; provisional: boolean } {
  return addWorkingDays(cal, receivedDate, limitDays + pausedWorkingDays);
}

/** The state of a running clock on `today`: overdue after the due date; a warning once no more than `warnWorkingDays` working days are left. */
export function clockState(cal: WorkCalendarData, due: string, today: string, policy: ClockPolicy): ClockState {
  if (today > due) return 'overdue';
  // At most N working days left (workingDaysBetween(today, due) <= N) is the same as due falling
  // before the (N+1)th working day after today — a date shared by every clock judged today.
  return due < warningEnds(cal, today, policy.warnWorkingDays) ? 'warning' : 'on-time';
}

const warningEndsCache = new WeakMap<WorkCalendarData, Map<string, string>>();

/** The (N+1)th working day after `today`: clocks due before it are in their warning period. */
function warningEnds(cal: WorkCalendarData, today: string, warnWorkingDays: number): string {
  let byDay = warningEndsCache.get(cal);
  if (!byDay) warningEndsCache.set(cal, (byDay = new Map()));
  const key = `${today}|${warnWorkingDays}`;
  let date = byDay.get(key);
  if (date === undefined) {
    if (byDay.size > 1000) byDay.clear();
    date = addWorkingDays(cal, today, warnWorkingDays + 1).date;
    byDay.set(key, date);
  }
  return date;
}

/** The state a clock is frozen in when its step is done on `doneDate`. */
export function finalClockState(due: string, doneDate: string): ClockState {
  return doneDate <= due ? 'on-time' : 'overdue';
}

/** Working days a pause lasted: from the day it began to the day it ended. */
export function pausedDays(cal: WorkCalendarData, pausedOn: string, resumedOn: string): number {
  return workingDaysBetween(cal, pausedOn, resumedOn);
}

/** What a request's clocks are shown from: their due dates, the states frozen when their steps were done, and the pause. */
export type ClockFacts = {
  state: RequestState;
  responseDue: string;
  responseClock: ClockState | null;
  completionDue: string;
  completionClock: ClockState | null;
  /** The day a pause (补正) began, while the request waits for the resident. */
  pausedOn: string | null;
};

/**
 * The day a running clock is judged on: today, or — while the request waits for the resident
 * (补正) — the day the pause began. A paused clock stands still; its due date moves only on resume,
 * so judging it against today would show it overdue for days that do not count.
 */
export function clockDay(r: Pick<ClockFacts, 'state' | 'pausedOn'>, today: string): string {
  return r.state === 'waiting' && r.pausedOn && r.pausedOn < today ? r.pausedOn : today;
}

/** The clocks as shown now: frozen once their step is done, frozen at the pause while waiting, otherwise judged against today. */
export function currentClocks(cal: WorkCalendarData, r: ClockFacts, today: string, policy: ClockPolicy): { response: ClockState; completion: ClockState } {
  const day = clockDay(r, today);
  const running = (due: string) => (r.state === 'refused' ? 'on-time' : clockState(cal, due, day, policy));
  return { response: r.responseClock ?? running(r.responseDue), completion: r.completionClock ?? running(r.completionDue) };
}
