import { describe, expect, it } from 'vitest';
import { gridTaskProgress, gridTaskStepAllowed } from './grid-task-rules.ts';

describe('grid task steps', () => {
  it('lets a pending grid report and a done one be sent back, while the task is open', () => {
    expect(gridTaskStepAllowed('report', 'open', 'pending')).toBe(true);
    expect(gridTaskStepAllowed('report', 'open', 'done')).toBe(false);
    expect(gridTaskStepAllowed('return', 'open', 'done')).toBe(true);
    expect(gridTaskStepAllowed('return', 'open', 'pending')).toBe(false);
    expect(gridTaskStepAllowed('close', 'open', null)).toBe(true);
  });

  it('allows nothing on a closed task', () => {
    for (const step of ['report', 'return', 'close'] as const) {
      expect(gridTaskStepAllowed(step, 'closed', 'pending')).toBe(false);
      expect(gridTaskStepAllowed(step, 'closed', 'done')).toBe(false);
    }
  });
});

describe('gridTaskProgress', () => {
  const targets = [{ state: 'done' }, { state: 'pending' }, { state: 'done' }];
  it('counts done grids and, after the due date, overdue ones', () => {
    expect(gridTaskProgress(targets, '2026-11-30', '2026-11-26')).toEqual({ total: 3, done: 2, overdue: 0, percent: 67 });
    expect(gridTaskProgress(targets, '2026-11-30', '2026-11-30')).toMatchObject({ overdue: 0 });
    expect(gridTaskProgress(targets, '2026-11-30', '2026-12-01')).toMatchObject({ overdue: 1 });
    expect(gridTaskProgress([], '2026-11-30', '2026-12-01')).toEqual({ total: 0, done: 0, overdue: 0, percent: 0 });
  });
});
