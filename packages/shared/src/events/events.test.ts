import { describe, expect, it } from 'vitest';
import { buildWorkCalendar } from '../calendar/work-calendar.ts';
import {
  EVENT_ACTIONS,
  EVENT_STATES,
  EVENT_TRANSITIONS,
  canEventTransition,
  eventActionsFor,
  nextEventState,
  runningStep,
  type EventAction,
  type EventState,
} from './event-states.ts';
import { eventClockState, eventDueAt, finalEventClock } from './event-clocks.ts';
import { eventFigures, type EventFacts } from './event-figures.ts';

describe('event loop (GB/T 30428)', () => {
  const allowed: Record<EventAction, EventState[]> = {
    register: ['reported'],
    void: ['reported', 'returned'],
    dispatch: ['registered', 'returned'],
    return: ['dispatched'],
    feedback: ['dispatched'],
    verify: ['fed-back'],
    rework: ['fed-back'],
    evaluate: ['closed'],
  };
  const leadsTo: Record<EventAction, EventState> = {
    register: 'registered',
    void: 'voided',
    dispatch: 'dispatched',
    return: 'returned',
    feedback: 'fed-back',
    verify: 'closed',
    rework: 'dispatched',
    evaluate: 'evaluated',
  };

  for (const action of EVENT_ACTIONS)
    for (const state of EVENT_STATES) {
      const ok = allowed[action].includes(state);
      it(`${action} from ${state}: ${ok ? leadsTo[action] : 'refused'}`, () => {
        expect(canEventTransition(state, action)).toBe(ok);
        if (ok) expect(nextEventState(state, action)).toBe(leadsTo[action]);
        else expect(() => nextEventState(state, action)).toThrow();
      });
    }

  it('the unit handles and returns; the command post does the rest', () => {
    expect(EVENT_ACTIONS.filter((a) => EVENT_TRANSITIONS[a].by === 'handler')).toEqual(['return', 'feedback']);
    expect(eventActionsFor('dispatched', ['handler'])).toEqual(['return', 'feedback']);
    expect(eventActionsFor('dispatched', ['dispatcher'])).toEqual([]);
    expect(eventActionsFor('returned', ['dispatcher'])).toEqual(['void', 'dispatch']);
    expect(eventActionsFor('fed-back', ['dispatcher', 'handler'])).toEqual(['verify', 'rework']);
    expect(eventActionsFor('voided', ['dispatcher', 'handler'])).toEqual([]);
    expect(eventActionsFor('evaluated', ['dispatcher', 'handler'])).toEqual([]);
  });

  it('one clock runs per open state', () => {
    expect(EVENT_STATES.map((s) => runningStep(s))).toEqual(['register', 'dispatch', 'handle', 'dispatch', null, null, null, null]);
  });
});

describe('event clocks', () => {
  const cal = buildWorkCalendar();
  const periods = [
    { from: '10:00', to: '14:00' },
    { from: '16:00', to: '20:00' },
  ];
  it('working days end at the end of the Nth working day (China time)', () => {
    // Thursday 26 Nov 2026 + 2 working days = Monday 30 Nov, due at its end (15:59:59Z).
    expect(eventDueAt(cal, '2026-11-26T05:00:00.000Z', { value: 2, unit: 'working-days' }, periods)).toBe('2026-11-30T15:59:59.000Z');
    expect(eventDueAt(cal, '2026-11-26T05:00:00.000Z', { value: 0, unit: 'working-days' }, periods)).toBe('2026-11-26T15:59:59.000Z');
  });
  it('working hours count office periods of working days only', () => {
    // 13:00 Thursday + 2 h: one hour to 14:00, one from 16:00 → 17:00 China = 09:00Z.
    expect(eventDueAt(cal, '2026-11-26T05:00:00.000Z', { value: 2, unit: 'working-hours' }, periods)).toBe('2026-11-26T09:00:00.000Z');
    // 19:30 Friday + 2 h: half an hour Friday, then Monday 10:00 + 1.5 h = 11:30 China.
    expect(eventDueAt(cal, '2026-11-27T11:30:00.000Z', { value: 2, unit: 'working-hours' }, periods)).toBe('2026-11-30T03:30:00.000Z');
    // Reported on Saturday night: the clock starts Monday 10:00.
    expect(eventDueAt(cal, '2026-11-28T14:00:00.000Z', { value: 1, unit: 'working-hours' }, periods)).toBe('2026-11-30T03:00:00.000Z');
    // Before office hours on a working day: from 10:00.
    expect(eventDueAt(cal, '2026-11-26T00:00:00.000Z', { value: 0.5, unit: 'working-hours' }, periods)).toBe('2026-11-26T02:30:00.000Z');
  });
  it('National Day holidays do not count', () => {
    // 30 Sep 2026 (Wed) + 1 working day: 1–7 Oct are holidays, 8 Oct is the next working day.
    const due = eventDueAt(cal, '2026-09-30T04:00:00.000Z', { value: 1, unit: 'working-days' }, periods);
    expect(due.slice(0, 10) >= '2026-10-08').toBe(true);
  });
  it('clock states: on time, warning in the last share, overdue after', () => {
    const start = '2026-11-26T00:00:00.000Z';
    const due = '2026-11-26T10:00:00.000Z';
    expect(eventClockState(start, due, '2026-11-26T05:00:00.000Z', 0.25)).toBe('on-time');
    expect(eventClockState(start, due, '2026-11-26T07:30:00.000Z', 0.25)).toBe('warning');
    expect(eventClockState(start, due, '2026-11-26T10:00:00.000Z', 0.25)).toBe('warning');
    expect(eventClockState(start, due, '2026-11-26T10:00:01.000Z', 0.25)).toBe('overdue');
    expect(finalEventClock(due, '2026-11-26T10:00:00.000Z')).toBe('on-time');
    expect(finalEventClock(due, '2026-11-26T10:00:01.000Z')).toBe('overdue');
  });
});

describe('event figures', () => {
  const base: EventFacts = {
    state: 'reported',
    registeredAt: null,
    closedAt: null,
    handleClock: null,
    reworkCount: 0,
    returnCount: 0,
    dispatchCount: 0,
    feedbackCount: 0,
  };
  it('counts each figure by its rule and derives the rates', () => {
    const events: EventFacts[] = [
      base,
      { ...base, state: 'voided' },
      { ...base, state: 'dispatched', registeredAt: 'x', dispatchCount: 2, returnCount: 1 },
      { ...base, state: 'closed', registeredAt: 'x', closedAt: 'y', handleClock: 'on-time', dispatchCount: 1, feedbackCount: 1 },
      { ...base, state: 'evaluated', registeredAt: 'x', closedAt: 'y', handleClock: 'overdue', dispatchCount: 1, feedbackCount: 2, reworkCount: 1 },
      { ...base, state: 'fed-back', registeredAt: 'x', handleClock: 'on-time', dispatchCount: 1, feedbackCount: 1 },
    ];
    expect(eventFigures(events)).toEqual({
      reported: 6,
      registered: 4,
      closed: 2,
      closedOnTime: 1,
      fedBack: 3,
      reworked: 1,
      dispatched: 4,
      returned: 1,
      onTimeRate: 0.5,
      reworkRate: 0.3333,
      returnedRate: 0.25,
    });
    expect(eventFigures([]).reworkRate).toBeNull();
  });
});
