import type { FastifyInstance } from 'fastify';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkCharacter, RESIDENT_SHEET_COLUMNS } from '@lingyan/shared';
import { createTestApp, DEMO_PASSWORD, type TestApp } from '../../test/harness.ts';
import { syntheticIdNumber } from '../../test/factories.ts';
import { buildApp } from '../../app.ts';
import { LogSmsSender } from '../sms/sms.ts';
import { multipartBody } from '../../modules/files/files.test-support.ts';
import { loggableUrl, scrubNumbers, serverLoggerOptions } from './logger.ts';

/** Every line the server logged (at the lowest level) or wrote through the demo SMS sender. */
const lines: string[] = [];
let t: TestApp;
let app: FastifyInstance;

beforeAll(async () => {
  t = await createTestApp({ clock: 'fixed' });
  t.runtime.ctx.sms = new LogSmsSender((line) => lines.push(line));
  // The production logger options (main.ts), at trace level, writing here.
  app = await buildApp(t.runtime.ctx, { logger: serverLoggerOptions('trace', { write: (line) => void lines.push(line) }) });
  await app.ready();
});
afterAll(async () => {
  await app.close();
  await t.close();
});

type Session = { cookie: string; csrf: string };
async function signIn(username: string): Promise<Session> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password: DEMO_PASSWORD } });
  expect(res.statusCode, res.body).toBe(200);
  return { cookie: `lingyan_session=${res.cookies.find((c) => c.name === 'lingyan_session')!.value}`, csrf: res.json().csrfToken };
}
const call = (s: Session | null, method: 'GET' | 'POST', url: string, payload?: unknown, headers: Record<string, string> = {}) =>
  app.inject({
    method,
    url,
    headers: { ...(s ? { cookie: s.cookie, 'x-csrf-token': s.csrf } : {}), ...headers },
    ...(payload === undefined ? {} : { payload: payload as object }),
    remoteAddress: '10.20.30.40',
  });

/** An 18-digit run whose last character is its check character: an ID number. */
function idNumbersIn(line: string): string[] {
  return [...line.matchAll(/(?<![\dA-Za-z])\d{17}[\dXx](?![\dA-Za-z])/g)]
    .map((m) => m[0])
    .filter((n) => checkCharacter(n.slice(0, 17)) === n[17]!.toUpperCase());
}
const phonesIn = (line: string) => [...line.matchAll(/(?<!\d)1[3-9]\d{9}(?!\d)/g)].map((m) => m[0]);

describe('no personal data in the logs', () => {
  it('the suite’s scenarios (sign-in, residents, searches, reveal, service and public requests, import, errors) log no ID number and no phone', async () => {
    const id = syntheticIdNumber('19880412', 777);
    const phone = '13909931234';
    const grid = await t.orgId('654203002009001');
    const itemId = (await t.runtime.ctx.db.selectFrom('service_items').select('id').where('code', '=', 'JY-01').executeTakeFirstOrThrow()).id;
    const community = await t.orgId('654203002009');

    await call(null, 'POST', '/api/v1/auth/login', { username: id, password: phone }); // a user typing their number as name
    const window = await signIn('tianshan-window');
    const leader = await signIn('tianshan');
    const created = await call(window, 'POST', '/api/v1/residents', { gridId: grid, name: '测试居民', idNumber: id, phone, ethnicity: '01' });
    expect(created.statusCode, created.body).toBe(201);
    const residentId = created.json().id as string;
    // Refusals that name the value's problem: duplicate, a bad check character, a bad phone.
    expect((await call(window, 'POST', '/api/v1/residents', { gridId: grid, name: '重复', idNumber: id })).statusCode).toBe(409);
    const badCheck = id.slice(0, 17) + (id[17] === '0' ? '1' : '0');
    expect((await call(window, 'POST', '/api/v1/residents', { gridId: grid, name: '错号', idNumber: badCheck })).statusCode).toBe(422);
    expect((await call(window, 'POST', '/api/v1/residents', { gridId: grid, name: '错号', phone: '1390993123' })).statusCode).toBe(422);
    // Searches by ID number and by phone travel in the query string.
    expect((await call(window, 'GET', `/api/v1/residents?q=${id}`)).statusCode).toBe(200);
    expect((await call(window, 'GET', `/api/v1/residents?q=${phone}&page=1`)).statusCode).toBe(200);
    expect((await call(leader, 'POST', `/api/v1/residents/${residentId}/reveal`, { field: 'idNumber', reason: '核对' })).statusCode).toBe(200);
    expect((await call(leader, 'POST', `/api/v1/residents/${residentId}/reveal`, { field: 'phone', reason: '核对' })).statusCode).toBe(200);
    const sr = await call(window, 'POST', '/api/v1/service-requests', {
      orgId: community,
      itemId,
      visitorName: '过路群众',
      contactPhone: phone,
      description: `来电 ${phone}`,
    });
    expect(sr.statusCode, sr.body).toBe(201);
    const pub = await call(null, 'POST', '/api/v1/public/requests', { orgId: community, itemId, name: '李梅', phone, description: `身份证 ${id}` });
    expect(pub.statusCode, pub.body).toBe(201);
    const number = pub.json().number as string;
    expect((await call(null, 'POST', '/api/v1/public/requests/lookup', { number, phoneLast4: phone.slice(-4) })).statusCode).toBe(200);
    expect((await call(null, 'POST', '/api/v1/public/requests/code', { number })).statusCode).toBe(200);
    // A malformed body holding the numbers.
    expect((await call(window, 'POST', '/api/v1/residents', `{"idNumber":"${id}","phone":"${phone}"`, { 'content-type': 'application/json' })).statusCode).toBe(
      400,
    );

    // An import of a sheet with the numbers in it, checked by the background job.
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('居民信息');
    ws.addRow(RESIDENT_SHEET_COLUMNS.map((c) => c.header));
    const values: Record<string, string> = {
      name: '导入居民',
      idNumber: syntheticIdNumber('19900101', 888),
      phone: '13609931111',
      gridCode: '654203002009001',
    };
    ws.addRow(RESIDENT_SHEET_COLUMNS.map((c) => values[c.key] ?? null));
    const bad: Record<string, string> = { ...values, idNumber: id, phone: '1360993' };
    ws.addRow(RESIDENT_SHEET_COLUMNS.map((c) => bad[c.key] ?? null));
    const m = multipartBody('居民.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
    const imp = await call(window, 'POST', '/api/v1/imports/residents', m.body, m.headers);
    expect(imp.statusCode, imp.body).toBe(202);
    for (let i = 0; i < 200; i++) {
      const view = (await call(window, 'GET', `/api/v1/imports/${imp.json().id}`)).json();
      if (view.status !== 'checking') break;
      await new Promise((r) => setTimeout(r, 25));
    }

    expect(lines.length).toBeGreaterThan(30);
    const leaks = lines.flatMap((line, i) => [...idNumbersIn(line), ...phonesIn(line)].map((found) => `line ${i + 1} holds ${found}: ${line.trim()}`));
    expect(leaks).toEqual([]);
    expect(lines.join('\n')).toContain('/api/v1/residents?q=*');
  });

  it('errors are logged without driver details and with long numbers scrubbed', () => {
    const err = Object.assign(new Error('duplicate key 654203198804120017 for 13909931234'), {
      detail: 'Key (phone)=(13909931234) already exists.',
      code: '23505',
    });
    const logged = serverLoggerOptions('info').serializers.err(err);
    expect(JSON.stringify(logged)).not.toMatch(/13909931234|654203198804120017/);
    expect(logged).toMatchObject({ code: '23505', message: 'duplicate key [redacted] for [redacted]' });
    expect(scrubNumbers('a 12345 b')).toBe('a 12345 b');
    expect(loggableUrl('/api/v1/residents?q=13909931234&page=2')).toBe('/api/v1/residents?q=*&page=*');
    expect(loggableUrl('/api/v1/x/654203198804120017')).toBe('/api/v1/x/[redacted]');
  });
});
