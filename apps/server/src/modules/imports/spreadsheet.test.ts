import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { openXlsx, sharedStringsScanner, sheetScanner } from './xlsx-reader.ts';
import { openZipEntry, readZipDirectory } from './zip-entries.ts';
import { readText } from './xml-scan.ts';
import { openCsv, sniffFile, SpreadsheetError, type CellValue, type SheetRow } from './spreadsheet.ts';
import { cellText, parseDate } from './row-check.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lingyan-sheet-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const file = (name: string, content: Buffer | string) => {
  const p = path.join(dir, name);
  fs.writeFileSync(p, content);
  return p;
};

async function readAll(rows: AsyncGenerator<SheetRow[]>): Promise<SheetRow[]> {
  const out: SheetRow[] = [];
  for await (const batch of rows) out.push(...batch);
  return out;
}

/** Deterministic awkward values: Chinese, markup characters, spaces, long text, numbers, dates. */
function value(r: number, c: number): ExcelJS.CellValue {
  const k = (r * 31 + c * 17) % 11;
  if (k === 0) return null;
  if (k === 1) return r * 1000 + c;
  if (k === 2) return `张${r}<&>"'${c}`;
  if (k === 3) return ` 前后空格 ${r} `;
  if (k === 4) return new Date(Date.UTC(1990 + (r % 30), r % 12, 1 + (c % 28)));
  if (k === 5) return '维吾尔族'.repeat(1 + (r % 40));
  if (k === 6) return { richText: [{ text: '富' }, { font: { bold: true }, text: `文本${r}` }] };
  if (k === 7) return r % 2 === 0;
  if (k === 8) return `65420319${String(r).padStart(10, '0')}`;
  if (k === 9) return 3.25 * r;
  return `行${r}列${c}\n换行`;
}

/** What the reader should give for a value written by exceljs. */
function expected(v: ExcelJS.CellValue): CellValue {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v.getTime() / 86_400_000 + 25_569; // the Excel serial day
  if (typeof v === 'object' && 'richText' in v) return v.richText.map((t) => t.text).join('');
  return v as CellValue;
}

async function checkXlsx(p: string, rows: number, cols: number) {
  const source = await openXlsx(p, 1e9);
  const read = await readAll(source.rows());
  expect(read).toHaveLength(rows);
  for (const [i, row] of read.entries()) {
    expect(row.row).toBe(i + 1);
    const want = Array.from({ length: cols }, (_, c) => expected(value(i + 1, c)));
    const got = Array.from({ length: cols }, (_, c) => row.cells[c] ?? null);
    expect(got, `row ${i + 1}`).toEqual(want);
  }
}

describe('the .xlsx reader', () => {
  // Enough rows that the sheet and the shared strings cross many read chunks at arbitrary places.
  const ROWS = 6000;
  const COLS = 12;

  it('reads what Excel-style writers write: shared strings, rich text, dates, numbers, booleans, escapes', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('居民信息');
    for (let r = 1; r <= ROWS; r++) ws.addRow(Array.from({ length: COLS }, (_, c) => value(r, c)));
    const p = path.join(dir, 'shared.xlsx');
    await wb.xlsx.writeFile(p);
    expect((await openXlsx(p, 1e9)).totalRows).toBe(ROWS);
    await checkXlsx(p, ROWS, COLS);
  });

  it('reads a streamed workbook (inline strings, no dimension)', async () => {
    const p = path.join(dir, 'streamed.xlsx');
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: p, useSharedStrings: false, useStyles: true });
    const ws = wb.addWorksheet('Sheet1');
    for (let r = 1; r <= ROWS; r++) ws.addRow(Array.from({ length: COLS }, (_, c) => value(r, c))).commit();
    ws.commit();
    await wb.commit();
    await checkXlsx(p, ROWS, COLS);
    // No <dimension>: while reading, the row count is extrapolated from the bytes read so far.
    const source = await openXlsx(p, 1e9);
    expect(source.totalRows).toBeNull();
    const iterator = source.rows();
    await iterator.next();
    expect(source.estimate!()).toBeGreaterThan(ROWS * 0.8);
    expect(source.estimate!()).toBeLessThan(ROWS * 1.25);
    await iterator.return(undefined);
  });

  it('gives the same rows however the XML is cut into chunks', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('居民信息');
    for (let r = 1; r <= 500; r++) ws.addRow(Array.from({ length: COLS }, (_, c) => value(r, c)));
    const p = path.join(dir, 'chunks.xlsx');
    await wb.xlsx.writeFile(p);
    const entries = await readZipDirectory(p);
    const part = async (name: string) => readText(await openZipEntry(p, entries.get(name)!), 1e9);
    const sstXml = await part('xl/sharedStrings.xml');
    const sheetXml = (await part('xl/worksheets/sheet1.xml')).slice(0, 60_000);
    const feed = (scan: (text: string) => string, text: string, size: number) => {
      let rest = '';
      for (let i = 0; i < text.length; i += size) rest = scan(rest + text.slice(i, i + size));
      return rest;
    };
    const whole = sharedStringsScanner();
    whole.scan(sstXml);
    const wholeRows = sheetScanner(whole.strings);
    wholeRows.scan(sheetXml);
    const expectedRows = wholeRows.take();
    expect(expectedRows.length).toBeGreaterThan(100);
    for (const size of [1, 2, 3, 7, 64, 1000]) {
      const sst = sharedStringsScanner();
      feed(sst.scan, sstXml.slice(0, 20_000), size);
      const reference = sharedStringsScanner();
      reference.scan(sstXml.slice(0, 20_000));
      expect(sst.strings, `shared strings in chunks of ${size}`).toEqual(reference.strings);
      const sheet = sheetScanner(whole.strings);
      feed(sheet.scan, sheetXml, size);
      expect(sheet.take(), `sheet in chunks of ${size}`).toEqual(expectedRows);
    }
  });

  it('takes the sheet named 居民信息 over the first, and keeps gaps between rows and cells', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('说明').addRow(['这不是数据']);
    const ws = wb.addWorksheet('居民信息');
    ws.getCell('A1').value = '姓名';
    ws.getCell('C1').value = '网格编码';
    ws.getCell('C4').value = 'x';
    const p = path.join(dir, 'named.xlsx');
    await wb.xlsx.writeFile(p);
    const rows = await readAll((await openXlsx(p, 1e9)).rows());
    expect(rows.map((r) => [r.row, r.cells[0] ?? null, r.cells[1] ?? null, r.cells[2] ?? null])).toEqual([
      [1, '姓名', null, '网格编码'],
      [4, null, null, 'x'],
    ]);
  });

  it('refuses a damaged archive and a part that inflates beyond the limit', async () => {
    await expect(openXlsx(file('bad.xlsx', 'PK\u0003\u0004garbage'), 1e9)).rejects.toMatchObject({ reason: 'importFile.zip' });
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('a').addRow(['x'.repeat(5000)]);
    const p = path.join(dir, 'limit.xlsx');
    await wb.xlsx.writeFile(p);
    await expect(readAll((await openXlsx(p, 2000)).rows())).rejects.toBeInstanceOf(SpreadsheetError);
  });
});

describe('the CSV reader', () => {
  it('splits quoted fields with commas, quotes and line breaks, across chunk boundaries, with any line ending', async () => {
    const records: string[][] = [];
    for (let i = 0; i < 20_000; i++) records.push([`名${i}`, `"引号""${i}"""`, i % 7 === 0 ? '"多\n行,字段"' : `${i}`, '']);
    const text = records.map((r) => r.join(',')).join(['\r\n', '\n', '\r'][0]) + '\r\n';
    const p = file('big.csv', `\ufeff${text}`);
    const kind = await sniffFile(p);
    expect(kind).toEqual({ kind: 'csv', encoding: 'utf-8', bom: 3 });
    const rows = await readAll(openCsv(p, kind as Extract<typeof kind, { kind: 'csv' }>, 1e9).rows());
    expect(rows).toHaveLength(20_000);
    expect(rows[7]).toEqual({ row: 8, cells: ['名7', '引号"7"', '多\n行,字段', null] });
    expect(rows[19_999]!.cells[1]).toBe('引号"19999"');
    for (const ending of ['\n', '\r']) {
      const q = file(`e${ending.charCodeAt(0)}.csv`, `a,b${ending}c,"d${ending}e"${ending}`);
      const k = (await sniffFile(q)) as Extract<Awaited<ReturnType<typeof sniffFile>>, { kind: 'csv' }>;
      expect((await readAll(openCsv(q, k, 1e9).rows())).map((r) => r.cells)).toEqual([
        ['a', 'b'],
        ['c', `d${ending}e`],
      ]);
    }
  });

  it('knows GB18030 (GBK) CSV from UTF-8, and refuses binary, old .xls and empty files', async () => {
    // "姓名,网格编码\n张三,1\n" in GBK.
    const gbk = Buffer.from([0xd0, 0xd5, 0xc3, 0xfb, 0x2c, 0xcd, 0xf8, 0xb8, 0xf1, 0xb1, 0xe0, 0xc2, 0xeb, 0x0a, 0xd5, 0xc5, 0xc8, 0xfd, 0x2c, 0x31, 0x0a]);
    const p = file('gbk.csv', gbk);
    const kind = await sniffFile(p);
    expect(kind).toEqual({ kind: 'csv', encoding: 'gb18030', bom: 0 });
    expect((await readAll(openCsv(p, kind as Extract<typeof kind, { kind: 'csv' }>, 1e9).rows())).map((r) => r.cells)).toEqual([
      ['姓名', '网格编码'],
      ['张三', '1'],
    ]);
    await expect(sniffFile(file('bin', Buffer.from([1, 2, 0, 3])))).rejects.toMatchObject({ reason: 'importFile.not-spreadsheet' });
    await expect(sniffFile(file('old.xls', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])))).rejects.toMatchObject({ reason: 'importFile.xls' });
    await expect(sniffFile(file('empty', ''))).rejects.toMatchObject({ reason: 'importFile.empty' });
    await expect(sniffFile(file('latin', Buffer.from([0x41, 0xff, 0xfe, 0x41])))).rejects.toMatchObject({ reason: 'importFile.encoding' });
  });
});

describe('cell values', () => {
  it('reads dates however people type them, and Excel date numbers', () => {
    expect(parseDate('2024-03-01')).toBe('2024-03-01');
    expect(parseDate('2024/3/1')).toBe('2024-03-01');
    expect(parseDate('2024.3.1')).toBe('2024-03-01');
    expect(parseDate('2024年3月1日')).toBe('2024-03-01');
    expect(parseDate('20240301')).toBe('2024-03-01');
    expect(parseDate(20240301)).toBe('2024-03-01');
    expect(parseDate(45352)).toBe('2024-03-01');
    expect(parseDate('2024-03-01T00:00:00.000Z')).toBe('2024-03-01');
    expect(parseDate('2023-02-29')).toBeNull();
    expect(parseDate('下周')).toBeNull();
    expect(parseDate('')).toBeUndefined();
    expect(parseDate(null)).toBeUndefined();
  });

  it('turns numbers into text without exponents where Excel kept them whole', () => {
    expect(cellText(13800000000)).toBe('13800000000');
    expect(cellText(654203002009001)).toBe('654203002009001');
    expect(cellText(1.5)).toBe('1.5');
    expect(cellText('\u3000 张三\u00a0')).toBe('张三');
  });
});
