import { describe, expect, it } from 'vitest';
import { addWorkingDays, buildWorkCalendar, isCalendarDate, isWorkingDay, statutoryHolidays, workingDaysBetween } from './work-calendar.ts';

const cal = buildWorkCalendar();

describe('the 2026 official calendar (State Council notice)', () => {
  // The days off and the worked weekend days of the 2026 notice, as DOMAIN.md lists them.
  const off = [
    '2026-01-01',
    '2026-01-02',
    '2026-01-03',
    '2026-02-15',
    '2026-02-19',
    '2026-02-23',
    '2026-04-04',
    '2026-04-06',
    '2026-05-01',
    '2026-05-05',
    '2026-06-19',
    '2026-06-21',
    '2026-09-25',
    '2026-09-27',
    '2026-10-01',
    '2026-10-07',
  ];
  const worked = ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'];
  it.each(off)('%s is a day off', (d) => expect(isWorkingDay(cal, d)).toBe(false));
  it.each(worked)('%s (a weekend day) is worked', (d) => expect(isWorkingDay(cal, d)).toBe(true));
  it('ordinary weekdays work and ordinary weekends do not', () => {
    expect(isWorkingDay(cal, '2026-11-26')).toBe(true);
    expect(isWorkingDay(cal, '2026-11-28')).toBe(false);
  });
});

describe('adding working days', () => {
  it.each([
    // Friday + 1 → Monday.
    ['2026-11-27', 1, '2026-11-30'],
    // Friday 13 February + 1 → Saturday 14 February, a worked day before the Spring Festival.
    ['2026-02-13', 1, '2026-02-14'],
    // Saturday 14 February + 1 → through the holiday (15–23) to Tuesday 24 February.
    ['2026-02-14', 1, '2026-02-24'],
    // 30 September (Wednesday) + 1 → 8 October (the holiday runs 1–7).
    ['2026-09-30', 1, '2026-10-08'],
    // 9 October (Friday) + 1 → Saturday 10 October, worked.
    ['2026-10-09', 1, '2026-10-10'],
    // 31 December 2025 + 1 → 2 January? No: 1–3 January 2026 are off, 4 January (Sunday) is worked.
    ['2025-12-31', 1, '2026-01-04'],
    // Ten working days across May Day (1–5 off, 9 worked): 30 Apr, 6, 7, 8, 9, 11, 12, 13, 14, 15 May.
    ['2026-04-29', 10, '2026-05-15'],
    ['2026-11-26', 0, '2026-11-26'],
  ] as const)('%s + %d → %s', (from, n, due) => {
    expect(addWorkingDays(cal, from, n)).toEqual({ date: due, provisional: false });
  });

  it('a year without a notice falls back to weekends and statutory holidays, and says it is provisional', () => {
    // 2027: Spring Festival is 6 February (eve 5 February); the holiday on its own dates is 5–8 February.
    expect(statutoryHolidays(2027)).toEqual(
      new Set([
        '2027-01-01',
        '2027-02-05',
        '2027-02-06',
        '2027-02-07',
        '2027-02-08',
        '2027-04-05',
        '2027-05-01',
        '2027-05-02',
        '2027-06-09',
        '2027-09-15',
        '2027-10-01',
        '2027-10-02',
        '2027-10-03',
      ]),
    );
    expect(addWorkingDays(cal, '2027-02-04', 1)).toEqual({ date: '2027-02-09', provisional: true });
    expect(addWorkingDays(cal, '2026-12-31', 1)).toEqual({ date: '2027-01-04', provisional: true });
  });

  it('an administrator’s confirmed calendar replaces the provisional one', () => {
    const confirmed = buildWorkCalendar(
      [
        { date: '2027-02-09', kind: 'holiday' },
        { date: '2027-02-10', kind: 'holiday' },
        { date: '2027-02-20', kind: 'workday' },
      ],
      [2027],
    );
    expect(addWorkingDays(confirmed, '2027-02-04', 1)).toEqual({ date: '2027-02-05', provisional: false });
    expect(isWorkingDay(confirmed, '2027-02-09')).toBe(false);
    expect(isWorkingDay(confirmed, '2027-02-20')).toBe(true);
  });

  it('counts working days between two dates', () => {
    expect(workingDaysBetween(cal, '2026-09-30', '2026-10-10')).toBe(3); // 8, 9 and the worked Saturday 10 October
    expect(workingDaysBetween(cal, '2026-10-10', '2026-09-30')).toBe(0);
  });

  it('validates dates', () => {
    expect(isCalendarDate('2026-02-29')).toBe(false);
    expect(isCalendarDate('2028-02-29')).toBe(true);
    expect(isCalendarDate('1999-01-01')).toBe(false);
    expect(isCalendarDate('2026-1-1')).toBe(false);
    expect(() => addWorkingDays(cal, '2026-01-01', -1)).toThrow(RangeError);
  });
});
