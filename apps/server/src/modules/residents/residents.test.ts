import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../../test/harness.ts';
import { buildHome, buildResident, syntheticIdNumber } from '../../test/factories.ts';

let t: TestApp;
let window: Client;
let grid1: Client;
let gridId: string;
const INSIDE = '654203002009001';
beforeAll(async () => {
  t = await createTestApp();
  window = await t.login('tianshan-window');
  grid1 = await t.login('tianshan-grid1');
  gridId = await t.orgId(INSIDE);
});
afterAll(() => t.close());

const db = () => t.runtime.ctx.db;

describe('registering a resident', () => {
  it('takes birth date and gender from the ID number, masks ID and phone, hides ethnicity, keeps no clear value', async () => {
    const id = syntheticIdNumber('19900215', 123);
    const res = await window.post('/api/v1/residents', {
      gridId,
      name: '古丽娜尔·艾买提',
      idNumber: id,
      phone: '138 0993 1234',
      ethnicity: '05',
      tags: ['veteran'],
    });
    expect(res.statusCode).toBe(201);
    const r = res.json();
    expect(r).toMatchObject({
      gender: 'male',
      birthDate: '1990-02-15',
      idNumberMasked: `6542**********${id.slice(-4)}`,
      phoneMasked: '138****1234',
      ethnicityMasked: '***',
      tags: ['veteran'],
      status: 'living',
      gridName: '天山路社区第一网格',
    });
    expect(r.abilities).toEqual(expect.arrayContaining(['update', 'reveal']));
    const row = await db().selectFrom('residents').selectAll().where('id', '=', r.id).executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(id);
    expect(JSON.stringify(row)).not.toContain('13809931234');
    expect(row.name_initials).toBe('glneamt');
  });

  it('refuses a wrong ID number, saying which check failed, in Chinese and English', async () => {
    const good = syntheticIdNumber('19900215', 125);
    const bad = good.slice(0, 17) + (good[17] === '1' ? '2' : '1');
    const res = await window.post('/api/v1/residents', { gridId, name: '王五', idNumber: bad });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('ID_NUMBER_INVALID');
    expect(res.json().error.details).toMatchObject({ problem: 'check-character', expected: good[17] });
    expect(res.json().error.message).toBe(`身份证号码有误：校验码不符（应为 ${good[17]}）`);
    const en = await window.request('POST', '/api/v1/residents', { gridId, name: '王五', idNumber: '654203199002301234' }, { 'accept-language': 'en' });
    expect(en.json().error.message).toBe('Invalid ID number: the birth date does not exist');
  });

  it('refuses a duplicate ID number, a bad phone, an unknown tag, a home outside the grid, and a non-grid node', async () => {
    const id = syntheticIdNumber('19700101', 321);
    expect((await window.post('/api/v1/residents', { gridId, name: '李四', idNumber: id })).statusCode).toBe(201);
    const dup = await window.post('/api/v1/residents', { gridId, name: '李四二', idNumber: id });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.code).toBe('RESIDENT_DUPLICATE_ID_NUMBER');
    expect((await window.post('/api/v1/residents', { gridId, name: '李四', phone: '12345' })).json().error.code).toBe('PHONE_INVALID');
    expect((await window.post('/api/v1/residents', { gridId, name: '李四', tags: ['no-such-tag'] })).json().error.code).toBe('TAG_UNKNOWN');
    expect((await window.post('/api/v1/residents', { gridId, name: '李四', tags: ['elderly-60'] })).json().error.code).toBe('TAG_UNKNOWN');
    const otherGridHome = await buildHome(t.runtime.ctx, '654203002009002');
    expect((await window.post('/api/v1/residents', { gridId, name: '李四', homeId: otherGridHome.id })).json().error.code).toBe('HOME_NOT_IN_GRID');
    expect((await window.post('/api/v1/residents', { gridId: await t.orgId('654203002009'), name: '李四' })).json().error.code).toBe('GRID_REQUIRED');
  });

  it('joins the household of the home, creating it when the head registers', async () => {
    const home = await buildHome(t.runtime.ctx, INSIDE);
    const head = (await window.post('/api/v1/residents', { gridId, name: '马建国', homeId: home.id, relation: '02' })).json();
    expect(head.householdId).toBeTruthy();
    const spouse = (await window.post('/api/v1/residents', { gridId, name: '马秀兰', homeId: home.id, relation: '10' })).json();
    expect(spouse.householdId).toBe(head.householdId);
    const card = (await window.get(`/api/v1/households/${head.householdId}`)).json();
    expect(card.headResidentId).toBe(head.id);
    expect(card.members.map((m: { name: string }) => m.name).sort()).toEqual(['马建国', '马秀兰'].sort());
    expect(card.history.length).toBeGreaterThanOrEqual(2);
  });
});

describe('changing a resident', () => {
  it('keeps a history of which fields changed and by whom, never the values', async () => {
    const r = await buildResident(t.runtime.ctx, { phone: '13912345678' });
    const res = await grid1.patch(`/api/v1/residents/${r.id}`, { phone: '13987654321', occupation: '司机' });
    expect(res.statusCode).toBe(200);
    expect(res.json().phoneMasked).toBe('139****4321');
    const history = (await grid1.get(`/api/v1/residents/${r.id}/history`)).json().items;
    expect(history[0]).toMatchObject({ action: 'update', actorName: 'tianshan-grid1', fields: ['phone', 'occupation'] });
    const audit = await db().selectFrom('audit_log').select(['details']).where('target_id', '=', r.id).execute();
    expect(JSON.stringify(audit)).not.toContain('13987654321');
  });

  it('moving out is a status, never a deletion', async () => {
    const r = await buildResident(t.runtime.ctx);
    expect((await grid1.patch(`/api/v1/residents/${r.id}`, { status: 'moved-out' })).json().status).toBe('moved-out');
    expect((await grid1.get(`/api/v1/residents/${r.id}/history`)).json().items[0].action).toBe('move-out');
    expect(
      (await grid1.get(`/api/v1/residents?status=living&q=${encodeURIComponent('测试')}&pageSize=100`)).json().items.some((x: { id: string }) => x.id === r.id),
    ).toBe(false);
  });
});

describe('revealing personal data', () => {
  it('needs a reason, shows the value, and writes an audit row with the reason but not the value', async () => {
    const id = syntheticIdNumber('19880808', 777);
    const r = await buildResident(t.runtime.ctx, { idNumber: id, phone: '13700001111' });
    const noReason = await grid1.post(`/api/v1/residents/${r.id}/reveal`, { field: 'idNumber', reason: '' });
    expect(noReason.statusCode).toBe(400);
    const res = await grid1.post(`/api/v1/residents/${r.id}/reveal`, { field: 'idNumber', reason: '办理低保核实身份' });
    expect(res.json()).toEqual({ field: 'idNumber', value: id, expiresInSeconds: 30 });
    expect((await grid1.post(`/api/v1/residents/${r.id}/reveal`, { field: 'phone', reason: '电话回访' })).json().value).toBe('13700001111');
    const auditor = await t.login('auditor');
    const rows = (await auditor.get(`/api/v1/audit?action=resident.reveal&targetId=${r.id}`)).json().items;
    expect(rows.map((x: { details: unknown }) => x.details)).toEqual([
      { field: 'phone', reason: '电话回访' },
      { field: 'idNumber', reason: '办理低保核实身份' },
    ]);
    expect(JSON.stringify(rows)).not.toContain(id);
    expect(rows[0].actorName).toBe('tianshan-grid1');
  });

  it('a city administrator may read the registry but not reveal', async () => {
    const r = await buildResident(t.runtime.ctx);
    const city = await t.login('city');
    expect((await city.get(`/api/v1/residents/${r.id}`)).json().abilities).toEqual([]);
    expect((await city.post(`/api/v1/residents/${r.id}/reveal`, { field: 'idNumber', reason: '查看' })).statusCode).toBe(403);
  });
});

describe('search', () => {
  let zhangsan: string;
  let zhangsanfeng: string;
  beforeAll(async () => {
    zhangsan = (
      await buildResident(t.runtime.ctx, { name: '张三', idNumber: syntheticIdNumber('19600101', 901), phone: '13599998888', birth_date: '1960-01-01' })
    ).id;
    zhangsanfeng = (await buildResident(t.runtime.ctx, { name: '张三丰', gridCode: '654203002015001', idNumber: syntheticIdNumber('19500101', 903) })).id;
    const home = await buildHome(t.runtime.ctx, INSIDE, { address: '沙湾市天山路88号院2号楼301室' });
    await buildResident(t.runtime.ctx, { name: '单田芳', home_id: home.id, tags: ['living-alone'] });
  });
  const ids = async (c: Client, q: string) =>
    ((await c.get(`/api/v1/residents?${q}&pageSize=100`)).json().items as { id: string; name: string }[]).map((x) => x.name);

  it('by pinyin initials and full pinyin, within scope only', async () => {
    expect(await ids(grid1, 'q=zs')).toContain('张三');
    expect(await ids(grid1, 'q=zhangsan')).toContain('张三');
    expect(await ids(grid1, 'q=zs')).not.toContain('张三丰');
    const tuanjie = await t.login('tuanjie');
    expect(await ids(tuanjie, 'q=zs')).toEqual(expect.arrayContaining(['张三', '张三丰']));
    expect(await ids(grid1, 'q=stf')).toContain('单田芳');
  });

  it('lists initials matches first (by initials, pinyin), then full-pinyin matches (by pinyin), each resident once', async () => {
    const res = (await grid1.get('/api/v1/residents?q=z&pageSize=100')).json();
    const got: string[] = res.items.map((x: { id: string }) => x.id);
    expect(got.filter((id) => id === zhangsan)).toHaveLength(1);
    const rows = await db().selectFrom('residents').select(['id', 'name_pinyin', 'name_initials']).where('id', 'in', got).execute();
    const key = (r: { name_initials: string; name_pinyin: string; id: string }) =>
      r.name_initials.startsWith('z') ? `0 ${r.name_initials} ${r.name_pinyin} ${r.id}` : `1 ${r.name_pinyin} ${r.id}`;
    expect(got).toEqual(rows.sort((a, b) => (key(a) < key(b) ? -1 : 1)).map((r) => r.id));
    expect(res.totalCapped).toBe(false);
    expect(res.total).toBe(got.length);
  });

  it('by full ID number, by phone (blind index), and by the last four characters', async () => {
    const id = syntheticIdNumber('19600101', 901);
    expect(await ids(grid1, `q=${id}`)).toEqual(['张三']);
    expect(await ids(grid1, 'q=13599998888')).toEqual(['张三']);
    expect(await ids(grid1, `q=${id.slice(-4)}`)).toContain('张三');
    expect(await ids(grid1, `q=${syntheticIdNumber('19500101', 903)}`)).toEqual([]);
  });

  it('by name and by address', async () => {
    expect(await ids(grid1, `q=${encodeURIComponent('张三')}`)).toContain('张三');
    expect(await ids(grid1, `q=${encodeURIComponent('天山路88号')}`)).toEqual(['单田芳']);
  });

  it('filters by tag, computed age tag, age range and grid', async () => {
    expect(await ids(grid1, 'tag=living-alone')).toContain('单田芳');
    expect(await ids(grid1, 'tag=elderly-60')).toContain('张三');
    expect(await ids(grid1, 'minAge=66&maxAge=66')).toContain('张三');
    expect(await ids(grid1, 'minAge=67')).not.toContain('张三');
    expect(await ids(window, `orgId=${await t.orgId('654203002009002')}`)).not.toContain('张三');
  });

  it('a resident outside scope is a 404 by id, and an orgId outside scope is a 404', async () => {
    expect((await grid1.get(`/api/v1/residents/${zhangsanfeng}`)).statusCode).toBe(404);
    expect((await grid1.get(`/api/v1/residents/${zhangsan}`)).statusCode).toBe(200);
    expect((await grid1.get(`/api/v1/residents?orgId=${await t.orgId('654203002015')}`)).statusCode).toBe(404);
    const other = await t.login('tiyuchang');
    expect((await other.get(`/api/v1/residents/${zhangsan}`)).statusCode).toBe(404);
    expect(await ids(other, 'q=zs')).toEqual([]);
  });

  it('a search matching more than the cap says so, and pages through distinct rows', async () => {
    for (let i = 0; i < 1005; i++) await buildResident(t.runtime.ctx, { name: '夏雪', idNumber: null });
    for (const q of ['xx', 'xiaxue']) {
      const first = (await grid1.get(`/api/v1/residents?q=${q}&pageSize=100`)).json();
      expect(first).toMatchObject({ total: 1000, totalCapped: true });
      const second = (await grid1.get(`/api/v1/residents?q=${q}&pageSize=100&page=2`)).json();
      const seen = new Set([...first.items, ...second.items].map((x: { id: string }) => x.id));
      expect(seen.size).toBe(200);
    }
    // Lists without a search still count exactly.
    const plain = (await grid1.get('/api/v1/residents?pageSize=1')).json();
    expect(plain.totalCapped).toBeUndefined();
    expect(plain.total).toBeGreaterThan(1005);
  });
});
