import { describe, expect, it } from 'vitest';
import {
  applicationNextState,
  applicationPendingStep,
  applicationStepAction,
  checkableQuarters,
  checkResultsProblems,
  parseQuarter,
  quarterOf,
  quarterProblem,
  quarterSpan,
  STAR_APPLICATION_STATES,
  STAR_APPLICATION_STEPS,
} from './star-check-rules.ts';

describe('quarter keys', () => {
  it.each([
    ['2026-01-01', '2026-Q1'],
    ['2026-03-31', '2026-Q1'],
    ['2026-04-01', '2026-Q2'],
    ['2026-06-30', '2026-Q2'],
    ['2026-07-01', '2026-Q3'],
    ['2026-09-30', '2026-Q3'],
    ['2026-10-01', '2026-Q4'],
    ['2026-12-31', '2026-Q4'],
  ])('%s is in %s', (date, quarter) => {
    expect(quarterOf(date)).toBe(quarter);
  });

  it.each([
    ['2026-Q3', { year: 2026, q: 3 }],
    ['2026-Q0', null],
    ['2026-Q5', null],
    ['2026Q3', null],
    ['26-Q3', null],
    ['2026-q3', null],
  ])('parses %s', (key, parsed) => {
    expect(parseQuarter(key)).toEqual(parsed);
  });

  it.each([
    ['2026-Q1', '2026-01-01', '2026-03-31'],
    ['2026-Q2', '2026-04-01', '2026-06-30'],
    ['2026-Q3', '2026-07-01', '2026-09-30'],
    ['2026-Q4', '2026-10-01', '2026-12-31'],
  ])('%s runs %s to %s', (key, startsOn, endsOn) => {
    expect(quarterSpan(key)).toEqual({ startsOn, endsOn });
  });
});

describe('which quarters may be checked', () => {
  it('lists this quarter back to the first of last year, newest first', () => {
    expect(checkableQuarters('2026-11-26')).toEqual(['2026-Q4', '2026-Q3', '2026-Q2', '2026-Q1', '2025-Q4', '2025-Q3', '2025-Q2', '2025-Q1']);
    expect(checkableQuarters('2026-01-01')).toEqual(['2026-Q1', '2025-Q4', '2025-Q3', '2025-Q2', '2025-Q1']);
  });

  it.each([
    ['2026-Q4', '2026-11-26', null],
    ['2026-Q1', '2026-11-26', null],
    ['2025-Q1', '2026-11-26', null],
    ['2024-Q4', '2026-11-26', 'too-old'],
    ['2027-Q1', '2026-11-26', 'future'],
    ['2026-Q2', '2026-03-31', 'future'],
    ['2026-Q2', '2026-04-01', null],
    ['2025-Q1', '2026-01-01', null],
    ['2024-Q4', '2026-01-01', 'too-old'],
    ['2026-Q9', '2026-11-26', 'malformed'],
  ])('%s on %s → %s', (quarter, today, problem) => {
    expect(quarterProblem(quarter, today)).toBe(problem);
  });
});

describe('a check covers exactly the stars held', () => {
  it.each([
    [['safety', 'civility'], ['civility', 'safety'], [], []],
    [[], [], [], []],
    [['safety', 'civility'], ['safety'], ['civility'], []],
    [['safety'], ['safety', 'civility'], [], ['civility']],
    [['safety'], ['safety', 'safety'], [], ['safety']],
    [[], ['safety'], [], ['safety']],
  ])('held %j, checked %j → missing %j, extra %j', (held, checked, missing, extra) => {
    expect(checkResultsProblems(held, checked)).toEqual({ missing, extra });
  });
});

describe('the application for a star', () => {
  // Every (step, state) pair: the state it leads to when it passes, or null when not allowed.
  const table: [string, string, string | null][] = [];
  for (const step of STAR_APPLICATION_STEPS)
    for (const state of STAR_APPLICATION_STATES) {
      const allowed = (step === 'check' && state === 'applied') || (step === 'review' && state === 'checked') || (step === 'approve' && state === 'reviewed');
      table.push([step, state, allowed ? { check: 'checked', review: 'reviewed', approve: 'approved' }[step] : null]);
    }

  it.each(table)('%s from %s → %s when it passes', (step, state, next) => {
    expect(applicationNextState(step as 'check', state as 'applied', true)).toBe(next);
    expect(applicationNextState(step as 'check', state as 'applied', false)).toBe(next ? 'refused' : null);
  });

  it.each([
    ['applied', 'check'],
    ['checked', 'review'],
    ['reviewed', 'approve'],
    ['approved', null],
    ['refused', null],
  ])('%s waits for %s', (state, step) => {
    expect(applicationPendingStep(state as 'applied')).toBe(step);
  });

  it.each([
    ['check', true, 'check-passed'],
    ['check', false, 'check-refused'],
    ['review', true, 'review-accepted'],
    ['review', false, 'review-refused'],
    ['approve', true, 'approve-approved'],
    ['approve', false, 'approve-refused'],
  ])('%s passed=%s writes %s', (step, passed, action) => {
    expect(applicationStepAction(step as 'check', passed as boolean)).toBe(action);
  });
});
