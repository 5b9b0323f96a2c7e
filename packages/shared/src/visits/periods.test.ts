import { describe, expect, it } from 'vitest';
import { DEFAULT_VISIT_PERIOD_POLICY, coverageRate, householdPeriod, isSpecialHousehold, parsePeriod, periodOf } from './periods.ts';

describe('visit periods', () => {
  it('aligns periods to January', () => {
    expect(periodOf('2026-11-26', 3)).toEqual({ key: '2026-Q4', from: '2026-10-01', to: '2026-12-31' });
    expect(periodOf('2026-02-10', 1)).toEqual({ key: '2026-02', from: '2026-02-01', to: '2026-02-28' });
    expect(periodOf('2024-02-10', 1).to).toBe('2024-02-29');
    expect(periodOf('2026-07-01', 6)).toEqual({ key: '2026-H2', from: '2026-07-01', to: '2026-12-31' });
    expect(periodOf('2026-07-01', 12)).toEqual({ key: '2026', from: '2026-01-01', to: '2026-12-31' });
    expect(periodOf('2026-03-31', 3).key).toBe('2026-Q1');
  });

  it('parses period keys and refuses others', () => {
    expect(parsePeriod('2026-Q2')).toEqual({ key: '2026-Q2', from: '2026-04-01', to: '2026-06-30' });
    expect(parsePeriod('2026-11')).toEqual({ key: '2026-11', from: '2026-11-01', to: '2026-11-30' });
    expect(parsePeriod('2026-H1')?.to).toBe('2026-06-30');
    expect(parsePeriod('2026')?.from).toBe('2026-01-01');
    for (const bad of ['2026-Q5', '2026-13', '26-Q1', '2026-H3', '']) expect(parsePeriod(bad)).toBeNull();
  });

  it('finds special households by tag or age', () => {
    const p = DEFAULT_VISIT_PERIOD_POLICY;
    expect(isSpecialHousehold([{ tags: [], birthDate: '1946-11-26' }], p, '2026-11-26')).toBe(true);
    expect(isSpecialHousehold([{ tags: [], birthDate: '1946-11-27' }], p, '2026-11-26')).toBe(false);
    expect(
      isSpecialHousehold(
        [
          { tags: ['veteran'], birthDate: null },
          { tags: ['living-alone'], birthDate: null },
        ],
        p,
        '2026-11-26',
      ),
    ).toBe(true);
    expect(isSpecialHousehold([{ tags: ['veteran'], birthDate: '1990-01-01' }], p, '2026-11-26')).toBe(false);
    expect(isSpecialHousehold([{ tags: [], birthDate: '1900-01-01' }], { ...p, special: { ...p.special, minAge: null } }, '2026-11-26')).toBe(false);
    expect(householdPeriod(true, p, '2026-11-26').key).toBe('2026-11');
    expect(householdPeriod(false, p, '2026-11-26').key).toBe('2026-Q4');
  });

  it('rates coverage to one decimal', () => {
    expect(coverageRate(1, 3)).toBe(33.3);
    expect(coverageRate(0, 0)).toBe(0);
  });
});
