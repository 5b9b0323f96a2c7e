/**
 * Citizen ID numbers, GB 11643-1999: 6-digit region, 8-digit birth date, 3-digit sequence (odd for
 * men), and an ISO 7064 MOD 11-2 check character. The old 15-digit form (GB 11643-1989) is
 * converted by inserting the century and computing the check character.
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';
/** Province-level codes of GB/T 2260 (first two digits), plus 83 for Taiwan residents' permits. */
const PROVINCES = new Set([
  '11',
  '12',
  '13',
  '14',
  '15',
  '21',
  '22',
  '23',
  '31',
  '32',
  '33',
  '34',
  '35',
  '36',
  '37',
  '41',
  '42',
  '43',
  '44',
  '45',
  '46',
  '50',
  '51',
  '52',
  '53',
  '54',
  '61',
  '62',
  '63',
  '64',
  '65',
  '71',
  '81',
  '82',
  '83',
]);

export type IdNumberProblem = 'format' | 'region' | 'birth-date' | 'check-character';
export type IdNumberResult =
  | { ok: true; normalized: string; birthDate: string; gender: 'male' | 'female'; converted: boolean }
  | { ok: false; problem: IdNumberProblem; expected?: string };

export function checkCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

function realDate(yyyymmdd: string, today: Date): boolean {
  const y = Number(yyyymmdd.slice(0, 4));
  const m = Number(yyyymmdd.slice(4, 6));
  const d = Number(yyyymmdd.slice(6, 8));
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return false;
  return y >= 1880 && date.getTime() <= today.getTime();
}

/** Checks (and normalises) an ID number; the problem names which check failed. */
export function checkIdNumber(raw: string, today: Date = new Date()): IdNumberResult {
  let value = raw.trim().toUpperCase();
  let converted = false;
  if (/^\d{15}$/.test(value)) {
    const first17 = `${value.slice(0, 6)}19${value.slice(6)}`;
    value = first17 + checkCharacter(first17);
    converted = true;
  }
  if (!/^\d{17}[\dX]$/.test(value)) return { ok: false, problem: 'format' };
  if (!PROVINCES.has(value.slice(0, 2))) return { ok: false, problem: 'region' };
  const birth = value.slice(6, 14);
  if (!realDate(birth, today)) return { ok: false, problem: 'birth-date' };
  const expected = checkCharacter(value.slice(0, 17));
  if (value[17] !== expected) return { ok: false, problem: 'check-character', expected };
  return {
    ok: true,
    normalized: value,
    birthDate: `${birth.slice(0, 4)}-${birth.slice(4, 6)}-${birth.slice(6, 8)}`,
    gender: Number(value[16]) % 2 === 1 ? 'male' : 'female',
    converted,
  };
}
