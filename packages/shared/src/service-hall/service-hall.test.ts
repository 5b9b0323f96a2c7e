import { describe, expect, it } from 'vitest';
import { addCalendarDays, buildWorkCalendar, workingDaysBetween } from '../calendar/work-calendar.ts';
import { canTransition, nextState, REQUEST_ACTIONS, REQUEST_STATES, TRANSITIONS, type RequestState } from './request-states.ts';
import { clockDay, clockState, currentClocks, dueDate, finalClockState, pausedDays, type ClockFacts } from './clocks.ts';
import { computeFigures, type RequestFacts } from './figures.ts';

const cal = buildWorkCalendar();

describe('request states', () => {
  it('follows the lifecycle and refuses steps the state does not allow', () => {
    let s: RequestState = REQUEST_STATES[0];
    for (const a of ['accept', 'pause', 'resume', 'complete', 'inform', 'rate', 'close'] as const) {
      expect(canTransition(s, a), `${a} from ${s}`).toBe(true);
      s = nextState(s, a);
    }
    expect(s).toBe('closed');
    expect(canTransition('received', 'complete')).toBe(false);
    expect(canTransition('completed', 'close')).toBe(false); // the resident must be told first
    expect(canTransition('refused', 'accept')).toBe(false);
    expect(canTransition('closed', 'reopen')).toBe(true);
    expect(nextState('closed', 'reopen')).toBe('accepted');
  });

  it('every action has a rule', () => {
    for (const a of REQUEST_ACTIONS) expect(TRANSITIONS[a].from.length).toBeGreaterThan(0);
  });
});

describe('clocks', () => {
  it('judges warnings exactly as "at most N working days left", across the 2026 holidays and 调休 days', () => {
    const cal = buildWorkCalendar();
    let checked = 0;
    for (let t = 0; t < 400; t += 3) {
      const today = addCalendarDays('2025-12-20', t);
      for (let ahead = 0; ahead <= 40; ahead++) {
        const due = addCalendarDays(today, ahead);
        for (const warnWorkingDays of [0, 1, 2, 5]) {
          const expected = workingDaysBetween(cal, today, due) <= warnWorkingDays ? 'warning' : 'on-time';
          expect(clockState(cal, due, today, { warnWorkingDays }), `${today} → ${due}, warn ${warnWorkingDays}`).toBe(expected);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(20_000);
  });

  it('a 5-day item received 28 September is due 12 October (National Day and the worked 10 October)', () => {
    // 29, 30 Sep; 1–7 Oct off; 8, 9, 10 (Sat, worked) Oct → 5th working day is 10 October? 29, 30, 8, 9, 10 → yes.
    expect(dueDate(cal, '2026-09-28', 5)).toEqual({ date: '2026-10-10', provisional: false });
    // Paused for two working days: due two working days later (11 Oct is Sunday) → 13 October.
    expect(dueDate(cal, '2026-09-28', 5, 2)).toEqual({ date: '2026-10-13', provisional: false });
  });

  it('counts a pause in working days', () => {
    expect(pausedDays(cal, '2026-11-26', '2026-11-30')).toBe(2); // Fri 27 and Mon 30
  });

  it('warns within the last working day, and is overdue after the due date', () => {
    const policy = { warnWorkingDays: 1 };
    expect(clockState(cal, '2026-11-30', '2026-11-26', policy)).toBe('on-time');
    expect(clockState(cal, '2026-11-30', '2026-11-27', policy)).toBe('warning');
    expect(clockState(cal, '2026-11-30', '2026-11-30', policy)).toBe('warning');
    expect(clockState(cal, '2026-11-30', '2026-12-01', policy)).toBe('overdue');
    expect(finalClockState('2026-11-30', '2026-11-30')).toBe('on-time');
    expect(finalClockState('2026-11-30', '2026-12-01')).toBe('overdue');
  });
});

describe('clocks while the request waits for the resident (补正)', () => {
  const policy = { warnWorkingDays: 1 };
  // Accepted on time, due 30 November, paused on Thursday 26 November (two working days left).
  const waiting: ClockFacts = {
    state: 'waiting',
    responseDue: '2026-11-23',
    responseClock: 'on-time',
    completionDue: '2026-11-30',
    completionClock: null,
    pausedOn: '2026-11-26',
  };

  it('stand still at the day the pause began, however long the resident takes', () => {
    for (const today of ['2026-11-26', '2026-11-30', '2026-12-01', '2026-12-20'])
      expect(currentClocks(cal, waiting, today, policy), today).toEqual({ response: 'on-time', completion: 'on-time' });
    expect(clockDay(waiting, '2026-12-20')).toBe('2026-11-26');
  });

  it('keep the state they had when the pause began: a warning stays a warning, overdue stays overdue', () => {
    expect(currentClocks(cal, { ...waiting, pausedOn: '2026-11-27' }, '2026-12-20', policy).completion).toBe('warning');
    expect(currentClocks(cal, { ...waiting, pausedOn: '2026-12-01' }, '2026-12-20', policy).completion).toBe('overdue');
  });

  it('run again against today once resumed, and stay frozen once done', () => {
    expect(currentClocks(cal, { ...waiting, state: 'accepted', pausedOn: null }, '2026-12-01', policy).completion).toBe('overdue');
    expect(currentClocks(cal, { ...waiting, state: 'completed', completionClock: 'on-time' }, '2026-12-20', policy).completion).toBe('on-time');
    expect(currentClocks(cal, { ...waiting, state: 'refused', responseClock: null, pausedOn: null }, '2026-12-20', policy)).toEqual({
      response: 'on-time',
      completion: 'on-time',
    });
  });
});

describe('figures', () => {
  // Ten requests, counted by hand:
  //  responded on time: 8 of 10 → 0.8
  //  completed: 7; of them rated dissatisfied: 1 → resolved 6 of 10 → 0.6
  //  rated: 5, satisfied 4 → 0.8
  //  completed on time: 5 of 7; with ≤ 1 trip: 6 of 7
  //  score = (30×0.8 + 35×0.6 + 35×0.8) / 100 × 100 = 24 + 21 + 28 = 73
  const f = (respondedOnTime: boolean, completed: boolean, completedOnTime: boolean | null, rating: RequestFacts['rating'], trips: number): RequestFacts => ({
    respondedOnTime,
    completed,
    completedOnTime,
    rating,
    trips,
  });
  const facts = [
    f(true, true, true, 'very-satisfied', 1),
    f(true, true, true, 'satisfied', 0),
    f(true, true, true, 'basically-satisfied', 1),
    f(true, true, false, 'satisfied', 2),
    f(true, true, true, 'dissatisfied', 1),
    f(true, true, false, null, 1),
    f(true, true, true, null, 1),
    f(true, false, null, null, 0),
    f(false, false, null, null, 0),
    f(false, false, null, null, 1),
  ];

  it('computes the three rates, the score, the on-time and one-trip rates', () => {
    const r = computeFigures(facts);
    expect(r.total).toBe(10);
    expect(r.responseRate).toBeCloseTo(0.8);
    expect(r.resolutionRate).toBeCloseTo(0.6);
    expect(r.satisfactionRate).toBeCloseTo(0.8);
    expect(r.score).toBeCloseTo(73);
    expect(r.onTimeRate).toBeCloseTo(5 / 7);
    expect(r.oneTripRate).toBeCloseTo(6 / 7);
  });

  it('weights are data', () => {
    expect(computeFigures(facts, { response: 1, resolution: 1, satisfaction: 2 }).score).toBeCloseTo((100 * (0.8 + 0.6 + 1.6)) / 4);
  });

  it('without ratings the score reweights the other two; with nothing it is null', () => {
    const unrated = facts.map((x) => ({ ...x, rating: null }));
    const r = computeFigures(unrated);
    expect(r.satisfactionRate).toBeNull();
    expect(r.score).toBeCloseTo((100 * (30 * 0.8 + 35 * 0.7)) / 65);
    expect(computeFigures([]).score).toBeNull();
  });
});
