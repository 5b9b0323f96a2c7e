import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../../test/harness.ts';
import { buildResident } from '../../test/factories.ts';

let t: TestApp;
let city: Client;
let window: Client;
beforeAll(async () => {
  t = await createTestApp({ clock: 'fixed' });
  city = await t.login('city');
  window = await t.login('tianshan-window');
});
afterAll(() => t.close());

const item = {
  code: 'TEST-01',
  name: '老年人优待证办理',
  category: '老龄服务',
  department: '市民政局',
  materials: ['居民身份证', '一寸照片'],
  legalBasis: '《新疆维吾尔自治区实施〈中华人民共和国老年人权益保障法〉办法》',
  limitDays: 5,
  responseDays: 1,
  agency: true,
  homeVisit: true,
  oneTrip: true,
  online: false,
};
const audits = (id: string) =>
  t.runtime.ctx.db.selectFrom('audit_log').select(['action', 'actor_name', 'details']).where('target_id', '=', id).orderBy('seq').execute();

describe('the service catalog', () => {
  it('the city creates an item with every field, audited; its code is unique', async () => {
    const res = await city.post('/api/v1/service-items', item);
    expect(res.statusCode, res.body).toBe(201);
    const created = res.json();
    expect(created).toMatchObject({ ...item, active: true, abilities: ['update'] });
    expect(await audits(created.id)).toEqual([{ action: 'service-item.create', actor_name: 'city', details: JSON.stringify({ code: 'TEST-01' }) }]);
    const again = await city.post('/api/v1/service-items', item);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('SERVICE_ITEM_CODE_TAKEN');
  });

  it('refuses bad input with coded errors, and anyone but the city', async () => {
    const bad = await city.post('/api/v1/service-items', { ...item, code: 'TEST-02', limitDays: -1 });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('VALIDATION_FAILED');
    expect((await city.post('/api/v1/service-items', { ...item, code: 'TEST-03', colour: 'red' })).json().error.code).toBe('VALIDATION_FAILED');
    expect((await window.post('/api/v1/service-items', { ...item, code: 'TEST-04' })).statusCode).toBe(403);
    const id = (await t.runtime.ctx.db.selectFrom('service_items').select('id').where('code', '=', 'TEST-01').executeTakeFirstOrThrow()).id;
    expect((await window.patch(`/api/v1/service-items/${id}`, { limitDays: 1 })).statusCode).toBe(403);
    expect((await city.patch(`/api/v1/service-items/${id}`, { code: 'OTHER' })).json().error.code).toBe('VALIDATION_FAILED');
    expect((await city.patch('/api/v1/service-items/00000000-0000-7000-8000-000000000000', { limitDays: 1 })).json().error.code).toBe('SERVICE_ITEM_NOT_FOUND');
  });

  it('edits an item, audited with the fields changed; taken out of service it leaves the desk and the public pages but its requests stay', async () => {
    const id = (await t.runtime.ctx.db.selectFrom('service_items').select('id').where('code', '=', 'TEST-01').executeTakeFirstOrThrow()).id;
    const resident = await buildResident(t.runtime.ctx);
    const received = await window.post('/api/v1/service-requests', {
      orgId: await t.orgId('654203002009'),
      itemId: id,
      residentId: resident.id,
      description: '办理优待证',
    });
    expect(received.statusCode, received.body).toBe(201);
    await city.patch(`/api/v1/service-items/${id}`, { responseDays: 2 });
    await city.patch(`/api/v1/service-items/${id}`, { responseDays: 1 });
    const edited = (await city.patch(`/api/v1/service-items/${id}`, { limitDays: 3, materials: ['居民身份证'], legalBasis: null, active: false })).json();
    expect(edited).toMatchObject({ code: 'TEST-01', limitDays: 3, materials: ['居民身份证'], legalBasis: null, active: false });
    expect((await audits(id)).at(-1)).toMatchObject({ action: 'service-item.update', actor_name: 'city' });
    const details = JSON.parse((await audits(id)).at(-1)!.details!) as { code: string; fields: string[] };
    expect({ ...details, fields: details.fields.sort() }).toEqual({ code: 'TEST-01', fields: ['active', 'legalBasis', 'limitDays', 'materials'] });
    // What the update does not name keeps its value (no defaults slip in: the flags and the response limit stay).
    expect(edited).toMatchObject({ responseDays: 1, agency: true, homeVisit: true, oneTrip: true, online: false, name: item.name });
    const codes = async (c: Client | null) =>
      ((await (c ?? t.anonymous).get(c ? '/api/v1/service-items' : '/api/v1/public/service-items')).json().items as { code: string }[]).map((i) => i.code);
    expect(await codes(window)).not.toContain('TEST-01');
    expect(await codes(null)).not.toContain('TEST-01');
    expect(await codes(city)).toContain('TEST-01'); // the city still sees it, to take it back into service
    const again = await window.post('/api/v1/service-requests', {
      orgId: await t.orgId('654203002009'),
      itemId: id,
      residentId: resident.id,
      description: 'x',
    });
    expect(again.json().error.code).toBe('SERVICE_ITEM_NOT_FOUND');
    expect((await window.get(`/api/v1/service-requests/${received.json().id}`)).json()).toMatchObject({ itemName: '老年人优待证办理' });
    // There is no deleting an item: the API has no such route.
    expect((await city.delete(`/api/v1/service-items/${id}`)).statusCode).toBeGreaterThanOrEqual(404);
    expect(await t.runtime.ctx.db.selectFrom('service_items').select('id').where('id', '=', id).executeTakeFirst()).toBeDefined();
  });
});
