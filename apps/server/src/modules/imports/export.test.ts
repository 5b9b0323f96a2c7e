import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { createTestApp, type Client, type TestApp } from '../../test/harness.ts';
import { buildHome, buildResident, syntheticIdNumber } from '../../test/factories.ts';

/** The resident export: GET /api/v1/residents/export.xlsx. */
const GUANGCHANG_GRID = '654203002015001'; // 广场路社区: outside 天山路社区

let t: TestApp;
let leader: Client;
const ctx = () => t.runtime.ctx;

beforeAll(async () => {
  t = await createTestApp();
  leader = await t.login('tianshan');
});
afterAll(() => t.close());

describe('export', () => {
  let inside: string;
  let outside: string;
  beforeAll(async () => {
    inside = syntheticIdNumber('19610101', 611);
    outside = syntheticIdNumber('19620202', 621);
    await buildResident(ctx(), { name: '导出天山', idNumber: inside, phone: '13912345678', tags: ['disabled', 'veteran'] });
    await buildResident(ctx(), { name: '导出广场', idNumber: outside, gridCode: GUANGCHANG_GRID });
  });

  const sheet = async (res: { rawPayload: Buffer }) => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const rows: unknown[][] = [];
    ws.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    return rows;
  };

  it('is scoped, masked by default, states who and when, and is audited without personal values', async () => {
    const res = await leader.get('/api/v1/residents/export.xlsx?q=导出');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toMatch(/filename\*=UTF-8''%E5%B1%85%E6%B0%91%E5%90%8D%E5%8D%95-\d{8}\.xlsx/);
    const rows = await sheet(res);
    expect(rows[1]![0]).toBe('导出人：天山路社区书记（tianshan）');
    expect(String(rows[2]![0])).toMatch(/^导出时间：\d{4}-\d{2}-\d{2} \d{2}:\d{2}（北京时间）$/);
    expect(rows[3]![0]).toBe('筛选条件：关键字：导出');
    expect(String(rows[4]![0])).toContain('已脱敏');
    const header = rows[6]!;
    const data = rows.slice(7);
    const names = data.map((r) => r[0]);
    expect(names).toEqual(['导出天山']);
    const col = (h: string) => data[0]![header.indexOf(h)];
    expect(col('公民身份号码')).toBe(`${inside.slice(0, 4)}**********${inside.slice(-4)}`);
    expect(col('联系电话')).toBe('139****5678');
    expect(col('民族')).toBe('***');
    expect(col('标签')).toBe('退役军人'); // 残疾 is a sensitive tag: not in a masked export
    expect(col('网格')).toBe('天山路社区第一网格');
    expect(col('状态')).toBe('在住');
    const audit = await ctx().db.selectFrom('audit_log').selectAll().where('action', '=', 'resident.export').orderBy('seq', 'desc').executeTakeFirstOrThrow();
    expect(JSON.parse(audit.details!)).toMatchObject({ rows: 1, masked: true, filters: { query: 'text' } });
    expect(audit.details).not.toContain('导出');

    // 团结街道 covers both communities; the city too.
    const township = await sheet(await (await t.login('tuanjie')).get('/api/v1/residents/export.xlsx?q=导出'));
    expect(
      township
        .slice(7)
        .map((r) => r[0])
        .sort(),
    ).toEqual(['导出天山', '导出广场'].sort());
  });

  it('unmasked needs registry:reveal over the whole export and a reason, and is audited as such', async () => {
    expect((await leader.get('/api/v1/residents/export.xlsx?unmasked=true')).json().error.code).toBe('EXPORT_REASON_REQUIRED');
    const city = await t.login('city');
    expect((await city.get('/api/v1/residents/export.xlsx?unmasked=true&reason=核对名单')).statusCode).toBe(403);
    const res = await leader.get(`/api/v1/residents/export.xlsx?unmasked=true&reason=${encodeURIComponent('民政核对')}&q=${inside}`);
    expect(res.statusCode).toBe(200);
    const rows = await sheet(res);
    expect(String(rows[4]![0])).toContain('明文（事由：民政核对）');
    expect(rows[3]![0]).toBe(`筛选条件：关键字：${inside.slice(0, 4)}**********${inside.slice(-4)}`);
    const header = rows[6]!;
    expect(rows[7]![header.indexOf('公民身份号码')]).toBe(inside);
    expect(rows[7]![header.indexOf('联系电话')]).toBe('13912345678');
    expect(rows[7]![header.indexOf('民族')]).toBe('汉族');
    expect(rows[7]![header.indexOf('标签')]).toBe('残疾、退役军人');
    const audit = await ctx().db.selectFrom('audit_log').selectAll().where('action', '=', 'resident.export').orderBy('seq', 'desc').executeTakeFirstOrThrow();
    expect(JSON.parse(audit.details!)).toMatchObject({ rows: 1, masked: false, unmasked: true, reason: '民政核对', filters: { query: 'id' } });
    expect(audit.details).not.toContain(inside);
  });

  it('refuses more rows than the limit, and grid workers (no registry:export)', async () => {
    await buildResident(ctx(), { name: '导出第二人' });
    await ctx().settings.set(ctx().db, 'registry.export', { maxRows: 1 }, null);
    try {
      const res = await leader.get('/api/v1/residents/export.xlsx');
      expect(res.statusCode).toBe(413);
      expect(res.json().error).toMatchObject({ code: 'EXPORT_TOO_MANY_ROWS', details: { count: 2, max: 1 } });
    } finally {
      await ctx().settings.set(ctx().db, 'registry.export', { maxRows: 100_000 }, null);
    }
    expect((await (await t.login('tianshan-grid1')).get('/api/v1/residents/export.xlsx')).statusCode).toBe(403);
  });

  it('names a home in its header only if the caller may export from it (a home outside is not found, its address not written)', async () => {
    const own = await buildHome(ctx(), '654203002009001', { address: '天山路导出房屋' });
    const res = await leader.get(`/api/v1/residents/export.xlsx?homeId=${own.id}`);
    expect(res.statusCode, res.body).toBe(200);
    expect((await sheet(res))[3]![0]).toBe('筛选条件：房屋：天山路导出房屋');
    const far = await buildHome(ctx(), GUANGCHANG_GRID, { address: '广场路导出房屋' });
    const refused = await leader.get(`/api/v1/residents/export.xlsx?homeId=${far.id}`);
    expect(refused.statusCode).toBe(404);
    expect(refused.json().error.code).toBe('HOME_NOT_FOUND');
    expect(refused.body).not.toContain('广场路导出房屋');
  });
});
