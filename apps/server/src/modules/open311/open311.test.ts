import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Window } from 'happy-dom';
import type { LightMyRequestResponse } from 'fastify';
import { createTestApp, type Client, type TestApp } from '../../test/harness.ts';
import { buildServiceRequest } from '../../test/factories.ts';
import { newId } from '../../platform/ids.ts';

let t: TestApp;
let leader: Client;
let window: Client;
let key: string; // 天山路社区's window worker: holds service:receive there
let cityKey: string; // the city administrator: reads, never receives
const TIANSHAN = '654203002009';
const parser = new new Window().DOMParser();

/** Parses an XML answer; fails on anything not well-formed. */
function xml(res: LightMyRequestResponse) {
  expect(res.headers['content-type']).toBe('text/xml; charset=utf-8');
  expect(res.body.startsWith('<?xml version="1.0" encoding="utf-8"?>')).toBe(true);
  const doc = parser.parseFromString(res.body, 'text/xml');
  expect(doc.getElementsByTagName('parsererror')).toHaveLength(0);
  return doc.documentElement;
}
const json = (res: LightMyRequestResponse) => {
  expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
  return res.json();
};
const get = (url: string, apiKey?: string) => t.app.inject({ method: 'GET', url, headers: apiKey ? { authorization: `Bearer ${apiKey}` } : {} });
const form = (url: string, fields: Record<string, string>) =>
  t.app.inject({
    method: 'POST',
    url,
    payload: new URLSearchParams(fields).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
  });
const fields = (extra: Record<string, string> = {}) => ({
  api_key: key,
  jurisdiction_id: TIANSHAN,
  service_code: 'JY-01',
  first_name: '建国',
  last_name: '王',
  phone: '13712345678',
  description: '咨询失业登记',
  address_string: '天山路 12 号',
  ...extra,
});
async function token(username: string) {
  const admin = await t.login('admin');
  const res = await admin.post('/api/v1/api-tokens', { userId: await t.userId(username), name: `open311 ${username}` });
  expect(res.statusCode).toBe(201);
  return res.json().token as string;
}

beforeAll(async () => {
  t = await createTestApp({ clock: 'fixed' }); // 26 November 2026, 10:00 in Shawan
  leader = await t.login('tianshan');
  window = await t.login('tianshan-window');
  key = await token('tianshan-window');
  cityKey = await token('city');
});
afterAll(() => t.close());

describe('discovery, services, definitions', () => {
  it('describes the endpoint in JSON and XML', async () => {
    const d = json(await get('/open311/v2/discovery.json'));
    expect(d.endpoints[0]).toMatchObject({
      specification: 'http://wiki.open311.org/GeoReport_v2',
      type: 'production',
      formats: ['text/xml', 'application/json'],
    });
    expect(d.endpoints[0].url).toMatch(/\/open311\/v2$/);
    expect(d.changeset).toMatch(/\+08:00$/);
    const root = xml(await get('/open311/v2/discovery.xml'));
    expect(root.nodeName).toBe('discovery');
    expect([...root.getElementsByTagName('format')].map((f) => f.textContent)).toEqual(['text/xml', 'application/json']);
  });

  it('lists the items offered online as services, the same in both formats', async () => {
    const services = json(await get(`/open311/v2/services.json?jurisdiction_id=${TIANSHAN}`)) as Record<string, unknown>[];
    const codes = services.map((s) => s.service_code);
    expect(codes).toContain('JY-01');
    expect(codes).not.toContain('SB-01'); // not offered online
    expect(services.find((s) => s.service_code === 'JY-01')).toEqual({
      service_code: 'JY-01',
      service_name: '就业登记与失业登记',
      description: '所需材料：居民身份证、劳动合同或解除劳动关系证明',
      metadata: false,
      type: 'realtime',
      keywords: '就业创业',
      group: '就业创业',
    });
    const root = xml(await get('/open311/v2/services.xml'));
    expect(root.nodeName).toBe('services');
    expect([...root.getElementsByTagName('service_code')].map((c) => c.textContent)).toEqual(codes);
    expect(root.getElementsByTagName('metadata')[0]!.textContent).toBe('false');
    const en = await t.app.inject({ method: 'GET', url: '/open311/v2/services.json', headers: { 'accept-language': 'en' } });
    expect(en.json()[0].description).toMatch(/^What to bring: /);
  });

  it('gives a service definition, and the spec’s 404 for an unknown service_code, jurisdiction or path', async () => {
    expect(json(await get('/open311/v2/services/JY-01.json'))).toEqual({ service_code: 'JY-01', attributes: [] });
    expect(xml(await get('/open311/v2/services/JY-01.xml')).nodeName).toBe('service_definition');
    const missing = await get('/open311/v2/services/NOPE-1.json');
    expect(missing.statusCode).toBe(404);
    expect(json(missing)).toEqual([{ code: 404, description: expect.stringContaining('service_code') }]);
    const missingXml = await get('/open311/v2/services/SB-01.xml');
    expect(missingXml.statusCode).toBe(404);
    const root = xml(missingXml);
    expect(root.nodeName).toBe('errors');
    expect(root.getElementsByTagName('error')[0]!.getElementsByTagName('code')[0]!.textContent).toBe('404');
    expect((await get('/open311/v2/services.json?jurisdiction_id=999999')).statusCode).toBe(404);
    const unknown = await get('/open311/v2/whatever.json');
    expect([unknown.statusCode, json(unknown)[0].code]).toEqual([404, 404]);
    expect(xml(await get('/open311/v2/whatever')).nodeName).toBe('errors');
    const csv = await get('/open311/v2/services.csv');
    expect([csv.statusCode, xml(csv).nodeName]).toEqual([400, 'errors']);
  });
});

describe('POST requests', () => {
  it('with a valid api_key receives a service request like any other, with no owner until a worker accepts', async () => {
    const res = await form('/open311/v2/requests.json', fields());
    expect(res.statusCode, res.body).toBe(201);
    const [created] = json(res);
    expect(created).toEqual({ service_request_id: expect.stringMatching(/^FW20261126-\d{4}$/), service_notice: '承诺 3 个工作日内办结', account_id: null });
    const board = await leader.get(`/api/v1/service-requests?channel=open311&q=${created.service_request_id}`);
    const row = board.json().items[0];
    expect(row).toMatchObject({ number: created.service_request_id, channel: 'open311', state: 'received', ownerId: null, residentName: '王建国' });
    expect(row.contactPhoneMasked).toBe('137****5678');
    const detail = (await leader.get(`/api/v1/service-requests/${row.id}`)).json();
    expect(detail.description).toBe('咨询失业登记\n地址：天山路 12 号');
    expect(detail.events[0]).toMatchObject({ action: 'receive', actorName: '天山路社区窗口', actorOrgName: '天山路社区' });

    const xmlRes = await form('/open311/v2/requests.xml', fields({ first_name: 'John', last_name: 'Smith' }));
    expect(xmlRes.statusCode).toBe(201);
    const root = xml(xmlRes);
    expect(root.nodeName).toBe('service_requests');
    expect(root.getElementsByTagName('request')[0]!.getElementsByTagName('service_request_id')[0]!.textContent).toMatch(/^FW/);
  });

  it('answers a missing, wrong or unentitled api_key with 403 in the spec’s body, in JSON and XML', async () => {
    for (const f of [fields({ api_key: '' }), fields({ api_key: 'ly_wrong' }), fields({ api_key: cityKey }), fields({ jurisdiction_id: '654203001017' })]) {
      const res = await form('/open311/v2/requests.json', f);
      expect(res.statusCode).toBe(403);
      expect(json(res)).toEqual([{ code: 403, description: expect.stringContaining('api_key') }]);
    }
    // The key in the URL is not taken (URLs reach logs); as a bearer token it is.
    const inUrl = await t.app.inject({
      method: 'POST',
      url: `/open311/v2/requests.json?api_key=${key}`,
      payload: new URLSearchParams(fields({ api_key: '' })).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(inUrl.statusCode).toBe(403);
    const asBearer = await t.app.inject({
      method: 'POST',
      url: '/open311/v2/requests.json',
      payload: fields({ api_key: '' }),
      headers: { authorization: `Bearer ${key}` },
    });
    expect(asBearer.statusCode, asBearer.body).toBe(201);
    const res = await form('/open311/v2/requests.xml', fields({ api_key: 'ly_wrong' }));
    expect(res.statusCode).toBe(403);
    const err = xml(res).getElementsByTagName('error')[0]!;
    expect(err.getElementsByTagName('code')[0]!.textContent).toBe('403');
    expect(err.getElementsByTagName('description')[0]!.textContent).toContain('api_key');
  });

  it('answers missing or unknown parameters with 400 / 404', async () => {
    const cases: [Record<string, string>, number][] = [
      [fields({ service_code: '' }), 400],
      [fields({ service_code: 'NOPE-1' }), 404],
      [fields({ service_code: 'SB-01' }), 404], // not offered online
      [fields({ jurisdiction_id: '' }), 400],
      [fields({ jurisdiction_id: '654203' }), 400], // the city takes no requests itself
      [fields({ phone: '123' }), 400],
      [fields({ lat: '200', long: '80' }), 400],
      [fields({ first_name: '', last_name: '' }), 400],
      [fields({ description: '', address_string: '' }), 400],
    ];
    for (const [f, status] of cases) {
      const res = await form('/open311/v2/requests.json', f);
      expect(res.statusCode, JSON.stringify(f)).toBe(status);
      expect(json(res)[0].code).toBe(status);
    }
    const bad = await t.app.inject({ method: 'POST', url: '/open311/v2/requests.json', payload: '{"x":', headers: { 'content-type': 'application/json' } });
    expect([bad.statusCode, json(bad)[0].code]).toEqual([400, 400]);
  });
});

describe('GET requests', () => {
  const KUITUN = '654203001018';
  const ids: Record<string, string> = {};
  const numberOf = async (id: string) =>
    (await t.runtime.ctx.db.selectFrom('service_requests').select('number').where('id', '=', id).executeTakeFirstOrThrow()).number;
  const at = (day: string) => ({ received_at: `${day}T02:00:00.000Z`, received_date: day, updated_at: `${day}T02:00:00.000Z` });
  beforeAll(async () => {
    const yb = (await t.runtime.ctx.db.selectFrom('service_items').select('id').where('code', '=', 'YB-01').executeTakeFirstOrThrow()).id;
    ids.a = (await buildServiceRequest(t.runtime.ctx, KUITUN, { ...at('2026-11-20'), state: 'accepted' })).id;
    ids.b = (await buildServiceRequest(t.runtime.ctx, KUITUN, { ...at('2026-11-10'), state: 'closed', item_id: yb })).id;
    ids.c = (await buildServiceRequest(t.runtime.ctx, KUITUN, { ...at('2026-11-01'), state: 'refused' })).id;
    ids.d = (await buildServiceRequest(t.runtime.ctx, KUITUN, { ...at('2026-07-01'), state: 'accepted' })).id; // older than 90 days
    for (const k of Object.keys(ids)) ids[k] = await numberOf(ids[k]!);
  });
  const list = async (query: string) => {
    const res = await get(`/open311/v2/requests.json?jurisdiction_id=${KUITUN}&${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return (json(res) as { service_request_id: string }[]).map((r) => r.service_request_id);
  };

  it('defaults to the last 90 days, newest first, and filters by status, service_code, dates and ids', async () => {
    expect(await list('')).toEqual([ids.a, ids.b, ids.c]);
    expect(await list('status=open')).toEqual([ids.a]);
    expect(await list('status=closed')).toEqual([ids.b, ids.c]);
    expect(await list('status=open,closed')).toEqual([ids.a, ids.b, ids.c]);
    expect(await list('service_code=YB-01')).toEqual([ids.b]);
    expect(await list('start_date=2026-06-01T00:00:00Z&end_date=2026-07-31T00:00:00Z')).toEqual([ids.d]);
    expect(await list('start_date=2026-06-15')).toEqual([ids.d]);
    expect(await list('end_date=2026-11-05T00:00:00%2B08:00')).toEqual([ids.c]);
    expect(await list(`service_request_id=${ids.d},${ids.a}&status=closed`)).toEqual([ids.a, ids.d]);
    const span = await get(`/open311/v2/requests.json?start_date=2026-01-01T00:00:00Z&end_date=2026-11-01T00:00:00Z`);
    expect([span.statusCode, json(span)[0].description]).toEqual([400, expect.stringContaining('90')]);
    expect((await get('/open311/v2/requests.json?status=pending')).statusCode).toBe(400);
    expect((await get('/open311/v2/requests.json?start_date=yesterday')).statusCode).toBe(400);
    // The city's code (or none) lists across the city.
    const city = (json(await get('/open311/v2/requests.json?jurisdiction_id=654203')) as { service_request_id: string }[]).map((r) => r.service_request_id);
    expect(city).toEqual(expect.arrayContaining([ids.a, ids.b, ids.c]));
  });

  it('caps the answer (a smaller limit set by the administrator, and the spec’s 1000)', async () => {
    const db = t.runtime.ctx.db;
    await t.runtime.ctx.settings.set(db, 'open311.limits', { maxRequests: 2, maxDays: 90 }, null);
    expect(await list('')).toEqual([ids.a, ids.b]);
    await t.runtime.ctx.settings.set(db, 'open311.limits', { maxRequests: 1000, maxDays: 90 }, null);

    const YINING = '654203001020';
    const template = await db
      .selectFrom('service_requests')
      .selectAll()
      .where('id', '=', (await buildServiceRequest(t.runtime.ctx, YINING, at('2026-11-25'))).id)
      .executeTakeFirstOrThrow();
    const rows = Array.from({ length: 1004 }, (_, i) => ({ ...template, id: newId(), number: `FWBULK-${i}-${newId().slice(-6)}` }));
    for (let i = 0; i < rows.length; i += 200)
      await db
        .insertInto('service_requests')
        .values(rows.slice(i, i + 200))
        .execute();
    const res = await get(`/open311/v2/requests.json?jurisdiction_id=${YINING}`);
    expect(res.statusCode).toBe(200);
    expect(json(res)).toHaveLength(1000);
  });

  it('shows one request with its status notes, dates in China time and the expected time from the due date', async () => {
    const [created] = json(await form('/open311/v2/requests.json', fields()));
    const number = created.service_request_id as string;
    const id = (await t.runtime.ctx.db.selectFrom('service_requests').select('id').where('number', '=', number).executeTakeFirstOrThrow()).id;
    await window.post(`/api/v1/service-requests/${id}/accept`, {});
    await window.post(`/api/v1/service-requests/${id}/pause`, { reason: '请补充劳动合同' });
    const [r] = json(await get(`/open311/v2/requests/${number}.json?jurisdiction_id=${TIANSHAN}`));
    expect(r).toMatchObject({
      service_request_id: number,
      status: 'open',
      status_notes: '待补正：请补充劳动合同',
      service_name: '就业登记与失业登记',
      service_code: 'JY-01',
      agency_responsible: '市人力资源和社会保障局',
      service_notice: '承诺 3 个工作日内办结',
      requested_datetime: '2026-11-26T10:00:00+08:00',
      expected_datetime: '2026-12-01T23:59:59+08:00',
      // Personal fields only for a key holder who may read the community's requests.
      description: null,
      address: null,
    });
    expect(r.updated_datetime).toMatch(/\+08:00$/);
    const withKey = json(await get(`/open311/v2/requests/${number}.json`, key))[0];
    expect(withKey.description).toBe('咨询失业登记\n地址：天山路 12 号');
    expect(json(await get(`/open311/v2/requests/${number}.json`, cityKey))[0].description).not.toBeNull(); // the city reads everywhere
    expect((await get(`/open311/v2/requests/${number}.json`, 'ly_bad')).statusCode).toBe(403);
    expect((await get(`/open311/v2/requests/${number}.json?jurisdiction_id=654203001018`)).statusCode).toBe(404);
    expect((await get('/open311/v2/requests/FW00000000-0000.xml')).statusCode).toBe(404);
    // Realtime requests: a token is the request's own id.
    expect(json(await get(`/open311/v2/tokens/${number}.json`))).toEqual([{ service_request_id: number, token: number }]);
    expect(xml(await get(`/open311/v2/tokens/${number}.xml`)).getElementsByTagName('token')[0]!.textContent).toBe(number);
    expect((await get('/open311/v2/tokens/nope.json')).statusCode).toBe(404);
  });

  it('escapes text in XML so that it reads back exactly', async () => {
    const nasty = `<b>"Tom" & 'Jerry'</b> ]]> \u0001end`;
    const [created] = json(await form('/open311/v2/requests.json', fields({ description: nasty, address_string: '' })));
    const root = xml(await get(`/open311/v2/requests/${created.service_request_id}.xml`, key));
    expect(root.getElementsByTagName('b')).toHaveLength(0);
    expect(root.getElementsByTagName('description')[0]!.textContent).toBe(nasty.replace('\u0001', ''));
  });
});
