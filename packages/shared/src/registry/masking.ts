/** How personal numbers are shown by default: `6542**********123X`, `138****1234`. */
export function maskIdNumber(id: string): string {
  if (id.length <= 8) return '*'.repeat(id.length);
  return `${id.slice(0, 4)}${'*'.repeat(id.length - 8)}${id.slice(-4)}`;
}

export function maskPhone(phone: string): string {
  const digits = phone.replace(/\s+/g, '');
  if (digits.length < 7) return '*'.repeat(digits.length);
  return `${digits.slice(0, 3)}${'*'.repeat(digits.length - 7)}${digits.slice(-4)}`;
}

/** Mainland mobile numbers (11 digits from 13–19) and landlines with area code (0xxx-xxxxxxx). */
export function normalizePhone(raw: string): string | null {
  const v = raw.replace(/[\s-]/g, '').replace(/^\+?86/, '');
  if (/^1[3-9]\d{9}$/.test(v)) return v;
  if (/^0\d{9,11}$/.test(v)) return v;
  return null;
}
