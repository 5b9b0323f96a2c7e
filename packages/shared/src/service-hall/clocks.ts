import { addWorkingDays, workingDaysBetween, type WorkCalendarData } from '../calendar/work-calendar.ts';
import type { ClockState } from './request-states.ts';

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
  return workingDaysBetween(cal, today, due) <= policy.warnWorkingDays ? 'warning' : 'on-time';
}

/** The state a clock is frozen in when its step is done on `doneDate`. */
export function finalClockState(due: string, doneDate: string): ClockState {
  return doneDate <= due ? 'on-time' : 'overdue';
}

/** Working days a pause lasted: from the day it began to the day it ended. */
export function pausedDays(cal: WorkCalendarData, pausedOn: string, resumedOn: string): number {
  return workingDaysBetween(cal, pausedOn, resumedOn);
}
