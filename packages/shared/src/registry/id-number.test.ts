import { describe, expect, it } from 'vitest';
import { checkIdNumber, checkCharacter } from './id-number.ts';
import { maskIdNumber, maskPhone, normalizePhone } from './masking.ts';

const today = new Date('2026-11-26T00:00:00Z');

describe('GB 11643 ID numbers', () => {
  // 11010519491231002X is the standard's own worked example (check character X).
  it('accepts the standard example and reads birth date and gender from it', () => {
    expect(checkIdNumber('11010519491231002X', today)).toEqual({
      ok: true,
      normalized: '11010519491231002X',
      birthDate: '1949-12-31',
      gender: 'female',
      converted: false,
    });
  });

  it('accepts a lower-case x and surrounding spaces', () => {
    expect(checkIdNumber(' 11010519491231002x ', today).ok).toBe(true);
  });

  it('computes the ISO 7064 MOD 11-2 check character', () => {
    expect(checkCharacter('11010519491231002')).toBe('X');
    expect(checkCharacter('44052418800101001')).toBe('4');
  });

  it.each([
    ['110105194912310021', 'check-character', 'X'],
    ['11010519491331002X', 'birth-date', undefined],
    ['110105190002290027', 'birth-date', undefined], // 1900 was not a leap year
    ['110105203001010025', 'birth-date', undefined], // in the future
    ['991105194912310021', 'region', undefined],
    ['1101051949123100', 'format', undefined],
    ['11010519491231002Y', 'format', undefined],
  ])('%s is refused: %s', (id, problem, expected) => {
    const r = checkIdNumber(id, today);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problem).toBe(problem);
      expect(r.expected).toBe(expected);
    }
  });

  it('converts the old 15-digit form', () => {
    // 15-digit 110105491231002 is the same person as the 18-digit example.
    expect(checkIdNumber('110105491231002', today)).toMatchObject({ ok: true, normalized: '11010519491231002X', converted: true, gender: 'female' });
  });

  it('accepts 29 February in a leap year', () => {
    const first17 = '65420320000229001';
    expect(checkIdNumber(first17 + checkCharacter(first17), today)).toMatchObject({ ok: true, birthDate: '2000-02-29', gender: 'male' });
  });
});

describe('masking', () => {
  it('shows the first and last four of an ID number and the ends of a phone number', () => {
    expect(maskIdNumber('65420319850312123X')).toBe('6542**********123X');
    expect(maskPhone('13812341234')).toBe('138****1234');
  });

  it('normalises phone numbers', () => {
    expect(normalizePhone('+86 138 1234 1234')).toBe('13812341234');
    expect(normalizePhone('0993-6012345')).toBe('09936012345');
    expect(normalizePhone('12345')).toBeNull();
    expect(normalizePhone('10012341234')).toBeNull();
  });
});

describe('rental rules', async () => {
  const { daysBetween, addDays, isLateRegistration, permitState } = await import('./rentals.ts');
  const policy = { registerWithinDays: 3, permitWarnDays: 30 };
  it('counts days across months and leap days', () => {
    expect(daysBetween('2026-02-27', '2026-03-02')).toBe(3);
    expect(daysBetween('2028-02-28', '2028-03-01')).toBe(2);
    expect(addDays('2026-12-30', 3)).toBe('2027-01-02');
  });
  it('registration within 3 days is on time, on the 4th day it is late', () => {
    expect(isLateRegistration(3, policy)).toBe(false);
    expect(isLateRegistration(4, policy)).toBe(true);
  });
  it.each([
    ['2026-11-25', 'expired'],
    ['2026-11-26', 'expiring'],
    ['2026-12-26', 'expiring'],
    ['2026-12-27', 'valid'],
  ])('a permit expiring %s is %s on 2026-11-26', (expires, state) => {
    expect(permitState(expires, '2026-11-26', policy)).toBe(state);
  });
});
