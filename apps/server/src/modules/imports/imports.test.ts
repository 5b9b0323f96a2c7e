import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { RESIDENT_SHEET_COLUMNS } from '@lingyan/shared';
import { createTestApp, type Client, type TestApp } from '../../test/harness.ts';
import { buildBuilding, buildHome, buildResident, syntheticIdNumber } from '../../test/factories.ts';
import { newId } from '../../platform/ids.ts';
import { importDir, importsRoot, recoverImports } from './import-files.ts';
import { markFailed } from './imports.repo.ts';

const TIANSHAN_GRID = '654203002009001';
const GUANGCHANG_GRID = '654203002015001'; // 广场路社区: outside 天山路社区
const HEADERS = RESIDENT_SHEET_COLUMNS.map((c) => c.header);

let t: TestApp;
let windowWorker: Client;
let leader: Client;
const ctx = () => t.runtime.ctx;

beforeAll(async () => {
  t = await createTestApp();
  windowWorker = await t.login('tianshan-window');
  leader = await t.login('tianshan');
});
afterAll(() => t.close());

type Row = Partial<Record<(typeof RESIDENT_SHEET_COLUMNS)[number]['key'], ExcelJS.CellValue>>;

async function xlsx(rows: Row[], headers: string[] = HEADERS): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('居民信息');
  ws.addRow(headers);
  for (const r of rows) ws.addRow(RESIDENT_SHEET_COLUMNS.map((c) => r[c.key] ?? null));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function multipart(fileName: string, content: Buffer) {
  const boundary = `----lingyan${newId()}`;
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`;
  return {
    body: Buffer.concat([Buffer.from(head, 'utf8'), content, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

async function upload(c: Client, fileName: string, content: Buffer) {
  const m = multipart(fileName, content);
  return c.post('/api/v1/imports/residents', m.body, m.headers);
}

type ImportView = {
  id: string;
  status: string;
  fileName: string;
  totalRows: number | null;
  checkedRows: number;
  errorCount: number;
  committedRows: number;
  errors: { row: number; column: string | null; code: string; message: string }[];
  failure: { reason: string; message: string } | null;
  abilities: string[];
};

/** Polls the import until it is no longer checking or committing. */
async function settled(c: Client, id: string): Promise<ImportView> {
  for (let i = 0; i < 400; i++) {
    const res = await c.get(`/api/v1/imports/${id}`);
    expect(res.statusCode, res.body).toBe(200);
    const view = res.json() as ImportView;
    if (view.status !== 'checking' && view.status !== 'committing') return view;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('import did not settle');
}

async function uploadAndCheck(c: Client, content: Buffer, fileName = '居民.xlsx'): Promise<ImportView> {
  const res = await upload(c, fileName, content);
  expect(res.statusCode, res.body).toBe(202);
  return settled(c, res.json().id);
}

const residentCount = async () =>
  Number(
    (
      await ctx()
        .db.selectFrom('residents')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('template', () => {
  it('has the Chinese headers in order, a help sheet, and only the grids the caller may import into', async () => {
    const res = await windowWorker.get('/api/v1/imports/residents/template.xlsx');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toContain("filename*=UTF-8''%E5%B1%85%E6%B0%91");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['居民信息', '填写说明', '网格编码']);
    const header = (wb.getWorksheet('居民信息')!.getRow(1).values as string[]).slice(1);
    expect(header).toEqual(RESIDENT_SHEET_COLUMNS.map((c) => (c.required ? `${c.header}*` : c.header)));
    const grids = wb.getWorksheet('网格编码')!.getColumn(1).values.slice(2) as string[];
    expect(grids).toContain(TIANSHAN_GRID);
    expect(grids).not.toContain(GUANGCHANG_GRID);
    expect(wb.getWorksheet('填写说明')!.getCell('C12').value).toContain('15 位网格编码');
  });
});

describe('a good file', () => {
  it('is checked, then committed in one go: residents, households, tags, history and one audit row', async () => {
    const building = await buildBuilding(ctx(), TIANSHAN_GRID, { name: '7号楼', units: ['1单元', '2单元'] });
    const home = await buildHome(ctx(), TIANSHAN_GRID, { buildingId: building.id, unitId: building.unitIds[0]!, roomNo: '502' });
    const ids = [
      syntheticIdNumber('19800101', 101),
      syntheticIdNumber('19820202', 202),
      syntheticIdNumber('20100303', 301),
      syntheticIdNumber('19500404', 401),
    ];
    const file = await xlsx([
      // The child comes before the head: the household is formed whatever the order.
      { name: '艾力江', idNumber: ids[2], gridCode: TIANSHAN_GRID, building: '7', unit: '1', room: '502', relation: '子', ethnicity: '维吾尔族' },
      {
        name: '王建国',
        idNumber: ids[0],
        phone: '138 0993 1234',
        gridCode: TIANSHAN_GRID,
        building: '7号楼',
        unit: '1单元',
        room: '502',
        relation: '户主',
        politicalStatus: '中共党员',
        education: '本科',
        tags: '退役军人、独居',
        movedInAt: new Date(Date.UTC(2019, 4, 1)),
      },
      {
        name: '李秀英',
        idNumber: ids[1],
        gridCode: TIANSHAN_GRID,
        building: '7号楼',
        unit: '1单元',
        room: '502',
        relation: '配偶',
        ethnicity: '3',
        registrationType: '外地户籍',
        residencePermitNo: 'JZ-001',
        residencePermitExpires: '2027/3/5',
      },
      { name: '张老汉', idNumber: ids[3], gridCode: Number(TIANSHAN_GRID), gender: '男', birthDate: '1950-04-04', tags: 'key-care' },
      { name: '无证人员', gridCode: TIANSHAN_GRID, gender: '女', birthDate: '1990-01-02' },
    ]);
    const before = await residentCount();
    const checked = await uploadAndCheck(windowWorker, file);
    expect(checked).toMatchObject({ status: 'checked', fileName: '居民.xlsx', totalRows: 5, checkedRows: 5, errorCount: 0, errors: [], abilities: ['commit'] });
    expect(await residentCount()).toBe(before);

    const commit = await windowWorker.post(`/api/v1/imports/${checked.id}/commit`);
    expect(commit.statusCode, commit.body).toBe(202);
    const done = await settled(windowWorker, checked.id);
    expect(done).toMatchObject({ status: 'committed', committedRows: 5, failure: null });
    expect(await residentCount()).toBe(before + 5);

    const rows = await ctx().db.selectFrom('residents').selectAll().where('import_id', '=', checked.id).execute();
    const byName = new Map(rows.map((r) => [r.name, r]));
    const head = byName.get('王建国')!;
    expect(head).toMatchObject({
      gender: 'male',
      birth_date: '1980-01-01',
      home_id: home.id,
      relation: '02',
      political_status: 'party-member',
      education: 'bachelor',
      moved_in_at: '2019-05-01',
      phone_masked: '138****1234',
    });
    expect(head.id_number_enc).not.toContain(ids[0]);
    const households = await ctx().db.selectFrom('households').selectAll().where('home_id', '=', home.id).execute();
    expect(households).toHaveLength(1);
    expect(households[0]!.head_resident_id).toBe(head.id);
    for (const n of ['王建国', '李秀英', '艾力江']) expect(byName.get(n)!.household_id).toBe(households[0]!.id);
    expect(byName.get('李秀英')).toMatchObject({
      relation: '10',
      registration_type: 'non-local',
      residence_permit_no: 'JZ-001',
      residence_permit_expires: '2027-03-05',
    });
    expect(byName.get('张老汉')).toMatchObject({ home_id: null, household_id: null, birth_date: '1950-04-04' });
    expect(byName.get('无证人员')).toMatchObject({ id_number_idx: null, gender: 'female', birth_date: '1990-01-02' });
    const tags = await ctx()
      .db.selectFrom('resident_tags')
      .select(['resident_id', 'tag'])
      .where('resident_id', 'in', [head.id, byName.get('张老汉')!.id])
      .orderBy('tag')
      .execute();
    expect(tags.map((x) => x.tag)).toEqual(['key-care', 'living-alone', 'veteran']);
    const history = await ctx()
      .db.selectFrom('resident_history')
      .select(['action'])
      .where(
        'resident_id',
        'in',
        rows.map((r) => r.id),
      )
      .execute();
    expect(history.map((h) => h.action)).toEqual(Array(5).fill('import'));
    const audit = await ctx().db.selectFrom('audit_log').selectAll().where('action', '=', 'resident.import').where('target_id', '=', checked.id).execute();
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]!.details!)).toEqual({ importId: checked.id, rows: 5 });
    const everyAudit = JSON.stringify(await ctx().db.selectFrom('audit_log').selectAll().execute());
    for (const secret of [...ids, '王建国', '13809931234']) expect(everyAudit).not.toContain(secret);
    // Found by the blind index like any resident; the staged files are gone.
    expect((await windowWorker.get(`/api/v1/residents?q=${ids[0]}`)).json().items.map((r: { name: string }) => r.name)).toEqual(['王建国']);
    expect(fs.existsSync(importDir(ctx(), checked.id))).toBe(false);
    // Committed once: not again.
    expect((await windowWorker.post(`/api/v1/imports/${checked.id}/commit`)).json().error.code).toBe('IMPORT_NOT_READY');
  });

  it('puts people into the household already at a home (giving it a head if it has none), as attachToHousehold does', async () => {
    const building = await buildBuilding(ctx(), TIANSHAN_GRID, { name: '8号楼', units: ['1单元'] });
    const home = await buildHome(ctx(), TIANSHAN_GRID, { buildingId: building.id, unitId: building.unitIds[0]!, roomNo: '101' });
    const path = (await ctx().db.selectFrom('homes').select('org_path').where('id', '=', home.id).executeTakeFirstOrThrow()).org_path;
    const householdId = newId();
    const at = new Date().toISOString();
    await ctx()
      .db.insertInto('households')
      .values({ id: householdId, home_id: home.id, org_path: path, head_resident_id: null, registration_type: 'local', created_at: at, updated_at: at })
      .execute();
    const lone = await buildHome(ctx(), TIANSHAN_GRID, { buildingId: building.id, unitId: building.unitIds[0]!, roomNo: '102' });
    const file = await xlsx([
      { name: '女儿', gridCode: TIANSHAN_GRID, building: '8号楼', unit: '1单元', room: '101', relation: '女' },
      { name: '新户主', gridCode: TIANSHAN_GRID, building: '8号楼', unit: '1单元', room: '101', relation: '户主' },
      { name: '无户主', gridCode: TIANSHAN_GRID, building: '8号楼', unit: '1单元', room: '102', relation: '子' },
      { name: '只住不入户', gridCode: TIANSHAN_GRID, building: '8号楼', unit: '1单元', room: '102' },
    ]);
    const checked = await uploadAndCheck(windowWorker, file);
    await windowWorker.post(`/api/v1/imports/${checked.id}/commit`);
    expect((await settled(windowWorker, checked.id)).status).toBe('committed');
    const rows = await ctx().db.selectFrom('residents').select(['id', 'name', 'home_id', 'household_id']).where('import_id', '=', checked.id).execute();
    const by = new Map(rows.map((r) => [r.name, r]));
    expect(by.get('女儿')!.household_id).toBe(householdId);
    expect(by.get('新户主')!.household_id).toBe(householdId);
    const household = await ctx().db.selectFrom('households').selectAll().where('id', '=', householdId).executeTakeFirstOrThrow();
    expect(household.head_resident_id).toBe(by.get('新户主')!.id);
    // No household at 102 and no 户主 in the file: the son lives there but joins none (and none is made).
    expect(by.get('无户主')).toMatchObject({ home_id: lone.id, household_id: null });
    expect(by.get('只住不入户')).toMatchObject({ home_id: lone.id, household_id: null });
    expect(await ctx().db.selectFrom('households').select('id').where('home_id', '=', lone.id).execute()).toEqual([]);
  });

  it('reads a CSV (UTF-8 with BOM, quoted fields, CRLF) the same way', async () => {
    const id = syntheticIdNumber('19770707', 771);
    const csv = `\ufeff${HEADERS.join(',')}\r\n"赵,大"," ${id}",,,,汉族,,,"教师","第""一""中学",${TIANSHAN_GRID}\r\n`;
    const checked = await uploadAndCheck(windowWorker, Buffer.from(csv, 'utf8'), 'residents.csv');
    expect(checked).toMatchObject({ status: 'checked', totalRows: 1, errorCount: 0 });
    await windowWorker.post(`/api/v1/imports/${checked.id}/commit`);
    expect((await settled(windowWorker, checked.id)).status).toBe('committed');
    const r = await ctx().db.selectFrom('residents').selectAll().where('import_id', '=', checked.id).executeTakeFirstOrThrow();
    expect(r).toMatchObject({ name: '赵,大', occupation: '教师', employer: '第"一"中学', id_last4: id.slice(-4) });
  });
});

describe('a file with bad rows', () => {
  it('lists every bad row with its row number and reason, refuses the commit and writes nothing', async () => {
    const good = syntheticIdNumber('19900101', 11);
    const badCheck = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    const file = await xlsx([
      { name: '正常人', idNumber: good, gridCode: TIANSHAN_GRID },
      { idNumber: syntheticIdNumber('19900102', 13), gridCode: TIANSHAN_GRID },
      { name: '校验错', idNumber: badCheck, gridCode: TIANSHAN_GRID },
      { name: '电话错', phone: '12345', gridCode: TIANSHAN_GRID },
      { name: '无网格', gridCode: '654203999999001' },
      { name: '外社区', gridCode: GUANGCHANG_GRID },
      { name: '无房屋', gridCode: TIANSHAN_GRID, building: '99号楼', room: '101' },
      { name: '性别错', gender: '未知', tags: '不存在的标签', gridCode: TIANSHAN_GRID },
      { name: '日期错', birthDate: '2024-02-30', gridCode: TIANSHAN_GRID },
      { name: '不符', idNumber: syntheticIdNumber('19900103', 15), gender: '女', gridCode: TIANSHAN_GRID },
      {},
      // An 18-digit number typed into a number cell: Excel keeps 15 significant digits.
      { name: '数字证号', idNumber: 654203199001010000, gridCode: TIANSHAN_GRID },
    ]);
    const before = await residentCount();
    const checked = await uploadAndCheck(windowWorker, file);
    expect(checked.status).toBe('checked');
    expect(checked.totalRows).toBe(11); // the empty row is not counted
    expect(checked.errorCount).toBe(10);
    const brief = checked.errors.map((e) => [e.row, e.column, e.code]);
    expect(brief).toEqual([
      [3, '姓名', 'REQUIRED'],
      [4, '公民身份号码', 'ID_NUMBER_INVALID'],
      [5, '联系电话', 'PHONE_INVALID'],
      [6, '网格编码', 'GRID_UNKNOWN'],
      [7, '网格编码', 'GRID_UNKNOWN'],
      [8, '房号', 'HOME_UNKNOWN'],
      [9, '性别', 'VALUE_UNKNOWN'],
      [9, '标签', 'VALUE_UNKNOWN'],
      [10, '出生日期', 'DATE_INVALID'],
      [11, '性别', 'ID_NUMBER_MISMATCH'],
      [13, '公民身份号码', 'ID_NUMBER_INVALID'],
    ]);
    expect(checked.errors[1]!.message).toContain(`校验码不符（应为 ${good[17]}）`);
    expect(checked.errors[10]!.message).toContain('文本格式');
    // A grid outside the importer's scope reads exactly like one that does not exist.
    expect(checked.errors[4]!.message.replace(GUANGCHANG_GRID, 'X')).toBe(checked.errors[3]!.message.replace('654203999999001', 'X'));
    expect(checked.abilities).toEqual([]);
    const commit = await windowWorker.post(`/api/v1/imports/${checked.id}/commit`);
    expect(commit.statusCode).toBe(409);
    expect(commit.json().error).toMatchObject({ code: 'IMPORT_HAS_ERRORS', details: { count: 10 } });
    expect(await residentCount()).toBe(before);
    expect(fs.existsSync(importDir(ctx(), checked.id))).toBe(false);
  });

  it('finds duplicates inside the file and against the database (old 15-digit numbers too)', async () => {
    const inDb = syntheticIdNumber('19660606', 661);
    await buildResident(ctx(), { idNumber: inDb });
    const twice = syntheticIdNumber('19700101', 703);
    const old15 = `${twice.slice(0, 6)}${twice.slice(8, 17)}`; // the same person's pre-1999 number
    const file = await xlsx([
      { name: '甲', idNumber: twice, gridCode: TIANSHAN_GRID },
      { name: '乙', idNumber: inDb, gridCode: TIANSHAN_GRID },
      { name: '丙', idNumber: old15, gridCode: TIANSHAN_GRID },
    ]);
    const checked = await uploadAndCheck(windowWorker, file);
    expect(checked.errors.map((e) => [e.row, e.code])).toEqual([
      [3, 'DUPLICATE_IN_DATABASE'],
      [4, 'DUPLICATE_IN_FILE'],
    ]);
    expect(checked.errors[1]!.message).toContain('第 2 行');
  });
});

describe('files that are refused', () => {
  it('answers coded 4xx errors for what is not an .xlsx or CSV, or is too big', async () => {
    fs.mkdirSync(importsRoot(ctx()), { recursive: true });
    const dirsBefore = fs.readdirSync(importsRoot(ctx())).length;
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    const res = await upload(windowWorker, 'photo.xlsx', png);
    expect(res.statusCode).toBe(422);
    expect(res.json().error).toMatchObject({ code: 'IMPORT_FILE_INVALID', message: '无法读取文件：只接受 .xlsx 或 .csv 文件' });
    const xls = await upload(windowWorker, 'old.xls', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]));
    expect(xls.json().error.message).toContain('.xls');
    expect((await upload(windowWorker, 'empty.csv', Buffer.alloc(0))).json().error.code).toBe('IMPORT_FILE_INVALID');
    expect((await upload(windowWorker, 'broken.xlsx', Buffer.from('PK\u0003\u0004 not really a zip'))).json().error.code).toBe('IMPORT_FILE_INVALID');
    const json = await windowWorker.post('/api/v1/imports/residents', { file: 'x' });
    expect(json.statusCode).toBe(415);

    await ctx().settings.set(ctx().db, 'registry.import', { maxRows: 3, maxFileMb: 1 }, null);
    try {
      const big = await upload(windowWorker, 'big.csv', Buffer.alloc(1024 * 1024 + 10, 'a'));
      expect(big.statusCode).toBe(413);
      expect(big.json().error.code).toBe('IMPORT_FILE_TOO_LARGE');
      const many = await upload(windowWorker, 'many.xlsx', await xlsx(Array.from({ length: 4 }, (_, i) => ({ name: `人${i}`, gridCode: TIANSHAN_GRID }))));
      expect(many.statusCode).toBe(413);
      expect(many.json().error).toMatchObject({ code: 'IMPORT_TOO_MANY_ROWS', details: { max: 3 } });
    } finally {
      await ctx().settings.set(ctx().db, 'registry.import', { maxRows: 300_000, maxFileMb: 100 }, null);
    }
    expect(fs.readdirSync(importsRoot(ctx())).length).toBe(dirsBefore); // nothing of a refused upload is kept
  });

  it('fails an import whose sheet is not the template (missing required columns) with the reason', async () => {
    const view = await uploadAndCheck(windowWorker, await xlsx([{ name: '某人' }], ['姓名', '性别']));
    expect(view.status).toBe('failed');
    expect(view.failure).toEqual({ reason: 'missing-columns', message: '缺少必填列：网格编码' });
  });
});

describe('an interrupted import leaves nothing', () => {
  it('rolls everything back when the commit fails half-way, and says so', async () => {
    await ctx()
      .db.insertInto('tag_definitions')
      .values({ code: 'tmp-import', name_zh: '临时标签', name_en: 'Temporary', sensitive: 0, sort_order: 99 })
      .execute();
    const rows: Row[] = Array.from({ length: 1200 }, (_, i) => ({ name: `批量${i}`, gridCode: TIANSHAN_GRID }));
    rows[1100]!.tags = '临时标签'; // in the third batch of 500
    const checked = await uploadAndCheck(windowWorker, await xlsx(rows));
    expect(checked).toMatchObject({ status: 'checked', errorCount: 0, totalRows: 1200 });
    // The tag is removed after the check: inserting the 1,101st row's tag breaks a foreign key.
    await ctx().db.deleteFrom('tag_definitions').where('code', '=', 'tmp-import').execute();
    const before = await residentCount();
    const households = await ctx().db.selectFrom('households').select('id').execute();
    expect((await windowWorker.post(`/api/v1/imports/${checked.id}/commit`)).statusCode).toBe(202);
    const view = await settled(windowWorker, checked.id);
    expect(view).toMatchObject({ status: 'failed', committedRows: 0, failure: { reason: 'commit-failed' } });
    expect(await residentCount()).toBe(before);
    expect(await ctx().db.selectFrom('residents').select('id').where('import_id', '=', checked.id).execute()).toEqual([]);
    expect(await ctx().db.selectFrom('households').select('id').execute()).toHaveLength(households.length);
    const audit = await ctx().db.selectFrom('audit_log').selectAll().where('target_id', '=', checked.id).where('action', '=', 'resident.import').execute();
    expect(audit.map((a) => a.outcome)).toEqual(['failure']);
    expect(fs.existsSync(importDir(ctx(), checked.id))).toBe(false);
  });

  it('re-checks duplicates at commit: someone registered since is named, and nothing is written', async () => {
    const id = syntheticIdNumber('19550505', 551);
    const checked = await uploadAndCheck(
      windowWorker,
      await xlsx([
        { name: '后来者', idNumber: id, gridCode: TIANSHAN_GRID },
        { name: '旁人', gridCode: TIANSHAN_GRID },
      ]),
    );
    expect(checked.errorCount).toBe(0);
    await buildResident(ctx(), { idNumber: id });
    const before = await residentCount();
    await windowWorker.post(`/api/v1/imports/${checked.id}/commit`);
    const view = await settled(windowWorker, checked.id);
    expect(view).toMatchObject({ status: 'checked', errorCount: 1, errors: [{ row: 2, code: 'DUPLICATE_IN_DATABASE' }] });
    expect(await residentCount()).toBe(before);
    expect((await windowWorker.post(`/api/v1/imports/${checked.id}/commit`)).json().error.code).toBe('IMPORT_HAS_ERRORS');
  });

  it('marks imports left checking or committing by a stopped server as failed at start', async () => {
    const insert = async (status: string) => {
      const id = newId();
      const org = await t.orgId('654203002009');
      const path = (await ctx().db.selectFrom('org_nodes').select('path').where('id', '=', org).executeTakeFirstOrThrow()).path;
      await ctx()
        .db.insertInto('imports')
        .values({
          id,
          kind: 'residents',
          status,
          file_name: 'x.xlsx',
          org_id: org,
          org_path: path,
          created_by: await t.userId('tianshan-window'),
          created_at: new Date().toISOString(),
          total_rows: 0,
          checked_rows: 0,
          error_count: 0,
          committed_rows: 0,
        })
        .execute();
      return id;
    };
    const stuck = [await insert('checking'), await insert('committing')];
    for (const id of stuck) {
      fs.mkdirSync(importDir(ctx(), id), { recursive: true });
      fs.writeFileSync(`${importDir(ctx(), id)}/rows.ndjson`, '[]\n');
    }
    const marked = await recoverImports(ctx());
    expect(marked).toEqual(expect.arrayContaining(stuck));
    for (const id of stuck) {
      const view = (await windowWorker.get(`/api/v1/imports/${id}`)).json();
      expect(view).toMatchObject({ status: 'failed', failure: { reason: 'interrupted', message: '导入因服务重启而中断，请重新上传' } });
      expect(fs.existsSync(importDir(ctx(), id))).toBe(false);
    }
  });
});

describe('scope', () => {
  it("keeps a community's imports to itself: another community's worker gets 404; a colleague may look but not commit", async () => {
    const other = await t.login('tiyuchang');
    const theirs = await uploadAndCheck(other, await xlsx([{ name: '体育场路居民', gridCode: '654203001017001' }]));
    expect(theirs.errorCount).toBe(0);
    expect((await windowWorker.get(`/api/v1/imports/${theirs.id}`)).json().error.code).toBe('IMPORT_NOT_FOUND');
    expect((await windowWorker.post(`/api/v1/imports/${theirs.id}/commit`)).statusCode).toBe(404);
    expect((await windowWorker.get('/api/v1/imports')).json().items.map((i: { id: string }) => i.id)).not.toContain(theirs.id);

    const mine = await uploadAndCheck(windowWorker, await xlsx([{ name: '同事看看', gridCode: TIANSHAN_GRID }]));
    expect((await leader.get(`/api/v1/imports/${mine.id}`)).json()).toMatchObject({ status: 'checked', abilities: [] });
    expect((await leader.post(`/api/v1/imports/${mine.id}/commit`)).statusCode).toBe(403);
    expect((await windowWorker.get('/api/v1/imports')).json().items[0]).toMatchObject({ id: mine.id, status: 'checked' });
  });
});

describe('a failure reported after the commit landed', () => {
  it('leaves a committed import committed, with its rows (a connection cut during COMMIT hides a commit that happened)', async () => {
    const checked = await uploadAndCheck(windowWorker, await xlsx([{ name: '已提交', idNumber: syntheticIdNumber('19770707', 707), gridCode: TIANSHAN_GRID }]));
    await windowWorker.post(`/api/v1/imports/${checked.id}/commit`);
    expect(await settled(windowWorker, checked.id)).toMatchObject({ status: 'committed', committedRows: 1 });
    await markFailed(ctx().db, checked.id, new Date().toISOString(), { reason: 'importFile.commit-failed' });
    expect((await windowWorker.get(`/api/v1/imports/${checked.id}`)).json()).toMatchObject({ status: 'committed', committedRows: 1, failure: null });
  });
});
