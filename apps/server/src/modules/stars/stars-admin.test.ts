import { inflateSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StarCatalogView, StarHonours } from '@lingyan/shared';
import { createTestApp, type Client, type TestApp } from '../../test/harness.ts';
import { buildCatalog, buildCycle, buildEntry, giveStars } from './stars.test-support.ts';
import { buildDepartmentOfficer } from '../../test/factories.ts';
import { ensureDefaultDepartments } from './stars.repo.ts';
import { DEFAULT_DEPARTMENTS } from './stars.defaults.ts';

const TIANSHAN = '654203002009';
const TIYUCHANG = '654203001017';
const EIGHT_WITHOUT_ETHNIC = ['organization', 'service', 'democracy', 'safety', 'civility', 'co-building', 'environment', 'integrity'];

let t: TestApp;
let city: Client;
let tuanjie: Client;
let tianshan: Client;
const db = () => t.runtime.ctx.db;
const lastAudit = (action: string) => db().selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('seq', 'desc').executeTakeFirst();

beforeAll(async () => {
  t = await createTestApp({ clock: 'fixed' });
  [city, tuanjie, tianshan] = await Promise.all([t.login('city'), t.login('tuanjie'), t.login('tianshan')]);
  await ensureDefaultDepartments(db(), new Date().toISOString());
});
afterAll(() => t.close());

describe('catalog per year', () => {
  it('creates a year from the latest catalog (or the default ten stars), then refuses the same year with 409', async () => {
    const res = await city.post('/api/v1/star-catalogs', { year: 2031 });
    expect(res.statusCode).toBe(201);
    const view = res.json() as StarCatalogView;
    expect(view).toMatchObject({ year: 2031, locked: false, abilities: ['edit'] });
    expect(view.content.stars).toHaveLength(10);
    const again = await city.post('/api/v1/star-catalogs', { year: 2031 });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('STAR_CATALOG_YEAR_TAKEN');
    expect(await lastAudit('star.catalog.create')).toBeDefined();
    expect((await tuanjie.post('/api/v1/star-catalogs', { year: 2039 })).statusCode).toBe(403);
  });

  it('edits an unlocked year, copies it on request, and lists the years with their lock', async () => {
    const content = (await city.get('/api/v1/star-catalogs/2031')).json().content;
    content.stars[0].name = '党建引领星';
    content.stars[0].passMark = 85;
    const put = await city.put('/api/v1/star-catalogs/2031', { content });
    expect(put.statusCode).toBe(200);
    expect(put.json().content.stars[0]).toMatchObject({ name: '党建引领星', passMark: 85 });
    expect(JSON.parse((await lastAudit('star.catalog.update'))!.details!)).toMatchObject({ year: 2031 });
    const copy = await city.post('/api/v1/star-catalogs', { year: 2033, copyFrom: 2031 });
    expect(copy.json().content.stars[0].name).toBe('党建引领星');
    // Without copyFrom: the latest year there is (2033).
    expect((await city.post('/api/v1/star-catalogs', { year: 2034 })).json().content.stars[0].name).toBe('党建引领星');
    expect((await city.post('/api/v1/star-catalogs', { year: 2035, copyFrom: 2001 })).statusCode).toBe(404);
    const list = (await tuanjie.get('/api/v1/star-catalogs')).json();
    expect(list.items.map((i: { year: number }) => i.year)).toEqual(expect.arrayContaining([2031, 2033, 2034]));
    expect(list.abilities).toEqual([]);
    expect((await tuanjie.get('/api/v1/star-catalogs/2031')).json().abilities).toEqual([]);
  });

  it.each([
    ['a star twice', (s: Star[]) => [...s, s[0]!]],
    ['an indicator twice in a star', (s: Star[]) => [{ ...s[0]!, indicators: [s[0]!.indicators[0]!, s[0]!.indicators[0]!] }, ...s.slice(1)]],
    ['a department that does not exist', (s: Star[]) => [{ ...s[0]!, departmentCode: 'nobody' }, ...s.slice(1)]],
  ])('refuses %s with 422 STAR_CATALOG_INVALID and changes nothing', async (_name, change) => {
    const before = (await city.get('/api/v1/star-catalogs/2031')).json().content;
    const res = await city.put('/api/v1/star-catalogs/2031', { content: { stars: change(before.stars) } });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('STAR_CATALOG_INVALID');
    expect((await city.get('/api/v1/star-catalogs/2031')).json().content).toEqual(before);
  });

  it('refuses to edit a locked catalog with 409, and a missing year with 404', async () => {
    await buildCatalog(db(), 2036, { locked: true });
    const locked = (await city.get('/api/v1/star-catalogs/2036')).json();
    expect(locked).toMatchObject({ locked: true, abilities: [] });
    const res = await city.put('/api/v1/star-catalogs/2036', { content: locked.content });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('STAR_CATALOG_LOCKED');
    expect((await city.put('/api/v1/star-catalogs/2037', { content: locked.content })).statusCode).toBe(404);
  });
});
type Star = StarCatalogView['content']['stars'][number];

describe('departments', () => {
  it('ensureDefaultDepartments adds only the missing ones', async () => {
    await db()
      .deleteFrom('department_members')
      .where('department_id', 'in', db().selectFrom('departments').select('id').where('code', '=', 'jw'))
      .execute();
    await db().deleteFrom('departments').where('code', '=', 'jw').execute();
    expect(await ensureDefaultDepartments(db(), new Date().toISOString())).toBe(1);
    expect(await ensureDefaultDepartments(db(), new Date().toISOString())).toBe(0);
    const codes = (await tuanjie.get('/api/v1/departments')).json().items.map((d: { code: string }) => d.code);
    expect(codes).toEqual(expect.arrayContaining(DEFAULT_DEPARTMENTS.map((d) => d.code)));
  });

  it('creates a department (409 for a code taken) and sets its members, department officers only', async () => {
    const created = await city.post('/api/v1/departments', { code: 'sfj', name: '市司法局' });
    expect(created.statusCode).toBe(201);
    const id = created.json().id as string;
    expect((await city.post('/api/v1/departments', { code: 'sfj', name: '又一个' })).json().error.code).toBe('DEPARTMENT_CODE_TAKEN');
    const officer = await buildDepartmentOfficer(db(), 'dept-sfj-test', [], { displayName: 'dept-sfj-test同志' });
    const refused = await city.put(`/api/v1/departments/${id}/members`, { userIds: [officer, await t.userId('tianshan')] });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error.code).toBe('DEPARTMENT_MEMBER_INVALID');
    const ok = await city.put(`/api/v1/departments/${id}/members`, { userIds: [officer] });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().members).toEqual([{ userId: officer, displayName: 'dept-sfj-test同志', username: 'dept-sfj-test' }]);
    expect(JSON.parse((await lastAudit('department.members'))!.details!)).toMatchObject({ added: [officer], removed: [] });
    const list = (await city.get('/api/v1/departments')).json();
    expect(list.candidates.map((c: { userId: string }) => c.userId)).toContain(officer);
    expect((await city.put(`/api/v1/departments/no-such-department/members`, { userIds: [] })).statusCode).toBe(404);
    expect((await tuanjie.put(`/api/v1/departments/${id}/members`, { userIds: [] })).statusCode).toBe(403);
  });
});

describe('results of a cycle', () => {
  let cycleId: string;
  beforeAll(async () => {
    cycleId = await buildCycle(db(), 2040);
    await buildEntry(db(), cycleId, TIANSHAN, 'displayed', EIGHT_WITHOUT_ETHNIC);
    await buildEntry(db(), cycleId, TIYUCHANG, 'displayed', [
      'organization',
      'service',
      'democracy',
      'ethnic-unity',
      'religious-harmony',
      'safety',
      'civility',
    ]);
  });

  it('lists per evaluation the communities recommended and barred, within the caller’s scope', async () => {
    const res = await city.get(`/api/v1/star-cycles/${cycleId}/honours`);
    expect(res.statusCode).toBe(200);
    const h = res.json() as StarHonours;
    const names = (code: string, side: 'recommended' | 'barred') => h.evaluations.find((e) => e.code === code)![side].map((c) => c.communityName);
    expect(names('five-good-branch', 'recommended')).toEqual(['体育场路社区', '天山路社区']);
    expect(names('city-advanced', 'recommended')).toEqual(['天山路社区']);
    expect(names('region-advanced', 'recommended')).toEqual([]);
    expect(names('ethnic-unity-progress', 'barred')).toEqual(['天山路社区']);
    expect(names('civilized-community', 'barred')).toEqual([]);
    const township = (await tuanjie.get(`/api/v1/star-cycles/${cycleId}/honours`)).json() as StarHonours;
    expect(township.evaluations.find((e) => e.code === 'five-good-branch')!.recommended.map((c) => c.communityName)).toEqual(['天山路社区']);
    expect((await city.get('/api/v1/star-cycles/no-such-cycle/honours')).statusCode).toBe(404);
  });

  it('exports one row per community and cadre with stars, level and pay coefficient, audited', async () => {
    const res = await tuanjie.get(`/api/v1/star-cycles/${cycleId}/assessment.xlsx`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const rows = (wb.worksheets[0]!.getSheetValues() as unknown[][]).filter(Boolean).map((r) => r.slice(1));
    const tianshanRows = rows.filter((r) => r[1] === '天山路社区');
    expect(tianshanRows.map((r) => r[3])).toEqual(expect.arrayContaining(['社区（村）书记/主任', '窗口工作人员', '网格员']));
    expect(tianshanRows[0]!.slice(5)).toEqual([expect.stringContaining('组织建设星'), 8, '好', 1.2]);
    expect(rows.some((r) => r[1] === '体育场路社区')).toBe(false);
    const audit = await lastAudit('star.assessment.export');
    expect(JSON.parse(audit!.details!)).toMatchObject({ year: 2040, communities: 1, rows: tianshanRows.length });
    expect((await tianshan.get(`/api/v1/star-cycles/${cycleId}/assessment.xlsx`)).statusCode).toBe(403);
  });

  it('answers a valid file for a cycle with no entries in scope', async () => {
    const empty = await buildCycle(db(), 2041);
    const res = await tuanjie.get(`/api/v1/star-cycles/${empty}/assessment.xlsx`);
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets[0]!.getRow(3).getCell(1).value).toBe('乡镇（街道）');
  });
});

describe('certificate', () => {
  it('is a PDF with the embedded Chinese font and a text layer; 404 outside scope', async () => {
    await giveStars(db(), TIANSHAN, ['organization', 'service'], '2025-12-20');
    const res = await tianshan.get(`/api/v1/communities/${await t.orgId(TIANSHAN)}/stars/certificate.pdf`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const pdf = res.rawPayload;
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = pdf.toString('latin1');
    expect(text).toMatch(/\/BaseFont \/[A-Z]{6}\+WenQuanYiMicroHei/);
    expect(text).toContain('/FontFile2');
    // The text layer: glyphs map back to Unicode, so the words can be searched and copied.
    expect(text).toContain('/ToUnicode');
    // Content streams are compressed: inflate them and find text drawn (BT … Tj/TJ … ET).
    const drawn = inflatedStreams(pdf);
    expect(drawn).toMatch(/BT[\s\S]*?(Tj|TJ)[\s\S]*?ET/);
    expect((await tianshan.get(`/api/v1/communities/${await t.orgId(TIYUCHANG)}/stars/certificate.pdf`)).statusCode).toBe(404);
  });
});

/** Every Flate-compressed stream of a PDF, inflated and joined (streams that are not Flate are skipped). */
function inflatedStreams(pdf: Buffer): string {
  const out: string[] = [];
  let at = 0;
  for (;;) {
    const start = pdf.indexOf('stream', at, 'latin1');
    if (start < 0) break;
    const from = start + (pdf[start + 6] === 0x0d ? 8 : 7);
    const end = pdf.indexOf('endstream', from, 'latin1');
    if (end < 0) break;
    try {
      out.push(inflateSync(pdf.subarray(from, end)).toString('latin1'));
    } catch {
      // not a Flate stream (or an image): nothing to read
    }
    at = end + 9;
  }
  return out.join('\n');
}
