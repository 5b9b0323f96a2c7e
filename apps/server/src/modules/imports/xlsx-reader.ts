import { openZipEntry, readZipDirectory, ZipError, type ZipEntry } from './zip-entries.ts';
import { attr, decodeText, readText, stringItemText, textChunks, XmlLimitError } from './xml-scan.ts';
import { SpreadsheetError, type CellValue, type SheetRow, type SpreadsheetSource } from './spreadsheet.ts';

/**
 * Reads one worksheet of an .xlsx row by row, streaming: the shared strings are loaded once,
 * then the sheet's XML is cut into cells as it inflates. (exceljs's stream reader does the same
 * job several times slower; the import's speed target needs this one.)
 */
const MAX_SMALL_PART = 4 * 1024 * 1024;
/** A single element larger than this (a cell, a shared string) means the file is not a sane sheet. */
const MAX_ELEMENT = 8 * 1024 * 1024;

async function readPart(file: string, entries: Map<string, ZipEntry>, name: string): Promise<string | null> {
  const entry = entries.get(name);
  return entry ? readText(await openZipEntry(file, entry), MAX_SMALL_PART) : null;
}

/** The first sheet (or the one named 居民信息), from workbook.xml and its relationships. */
async function locateParts(file: string, entries: Map<string, ZipEntry>): Promise<{ sheet: string; sharedStrings: string | null }> {
  const workbook = await readPart(file, entries, 'xl/workbook.xml');
  const rels = await readPart(file, entries, 'xl/_rels/workbook.xml.rels');
  const resolve = (target: string) => (target.startsWith('/') ? target.slice(1) : `xl/${target.replace(/^\.\//, '')}`);
  const relTargets = new Map<string, { type: string; target: string }>();
  for (const m of (rels ?? '').matchAll(/<(?:\w+:)?Relationship\b([^>]*)>/g)) {
    const tag = ` ${m[1]}`;
    const id = attr(tag, 'Id');
    const target = attr(tag, 'Target');
    if (id && target) relTargets.set(id, { type: attr(tag, 'Type') ?? '', target: resolve(decodeText(target)) });
  }
  const sheets = [...(workbook ?? '').matchAll(/<(?:\w+:)?sheet\b([^>]*)>/g)].map((m) => {
    const tag = ` ${m[1]}`;
    const rid = /\s\w+:id\s*=\s*["']([^"']+)["']/.exec(tag)?.[1];
    return { name: decodeText(attr(tag, 'name') ?? ''), target: rid ? relTargets.get(rid)?.target : undefined };
  });
  const chosen = sheets.find((s) => s.name === '居民信息') ?? sheets[0];
  const sheet = chosen?.target ?? (entries.has('xl/worksheets/sheet1.xml') ? 'xl/worksheets/sheet1.xml' : null);
  if (!sheet || !entries.has(sheet)) throw new SpreadsheetError('importFile.no-sheet');
  const sst = [...relTargets.values()].find((r) => r.type.endsWith('/sharedStrings'))?.target ?? 'xl/sharedStrings.xml';
  return { sheet, sharedStrings: entries.has(sst) ? sst : null };
}

/** The namespace prefix the part's root element uses ('' or 'x:'), learned from its first tag. */
function prefixOf(text: string, root: string): string | null {
  const m = new RegExp(`<(?:(\\w+):)?${root}[\\s>]`).exec(text);
  return m ? (m[1] ? `${m[1]}:` : '') : null;
}

const guard = (rest: string) => {
  if (rest.length > MAX_ELEMENT) throw new SpreadsheetError('importFile.unreadable');
  return rest;
};

/** Cuts <si> items out of sharedStrings.xml; feed it text, it returns the unfinished tail. */
export function sharedStringsScanner() {
  const strings: string[] = [];
  let p: string | null = null;
  const scan = (buf: string): string => {
    p ??= prefixOf(buf, 'sst');
    if (p === null) return buf;
    const open = `<${p}si`;
    const close = `</${p}si>`;
    let i = 0;
    for (;;) {
      const at = buf.indexOf(open, i);
      if (at < 0) {
        // Keep a tag cut at the chunk's end ("…</si><s") for the next chunk.
        i = Math.max(i, buf.lastIndexOf('<'));
        break;
      }
      const gt = buf.indexOf('>', at);
      if (gt < 0) {
        i = at;
        break;
      }
      if (buf.charCodeAt(gt - 1) === 47) {
        strings.push('');
        i = gt + 1;
        continue;
      }
      const end = buf.indexOf(close, gt);
      if (end < 0) {
        i = at;
        break;
      }
      strings.push(stringItemText(buf.slice(gt + 1, end)));
      i = end + close.length;
    }
    return buf.slice(i);
  };
  return { scan, strings };
}

async function loadSharedStrings(file: string, entry: ZipEntry, maxChars: number): Promise<string[]> {
  const sst = sharedStringsScanner();
  let rest = '';
  for await (const chunk of textChunks(await openZipEntry(file, entry), maxChars)) rest = guard(sst.scan(rest + chunk));
  return sst.strings;
}

function columnIndex(ref: string): number {
  let col = 0;
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c < 65 || c > 90) break;
    col = col * 26 + (c - 64);
  }
  return col - 1;
}

/** Cuts a sheet's <sheetData> into rows of cell values; feed it text, it returns the unfinished tail. */
export function sheetScanner(sst: string[]) {
  let out: SheetRow[] = [];
  let p: string | null = null;
  let tags = { v: '', vEnd: '', is: '', data: '', dataEnd: '', rowEnd: '' };
  let pattern = /$^/g;
  let inData = false;
  let rowNumber = 0;
  let cells: CellValue[] = [];
  let col = 0;
  const state = { done: false };

  const cellValue = (type: string | null, content: string): CellValue => {
    if (type === 'inlineStr') {
      const at = content.indexOf(tags.is);
      return at < 0 ? null : stringItemText(content.slice(content.indexOf('>', at) + 1, content.lastIndexOf('</')));
    }
    let raw: string;
    if (content.startsWith(tags.v) && content.endsWith(tags.vEnd) && content.indexOf('<', 1) === content.length - tags.vEnd.length) {
      raw = content.slice(tags.v.length, content.length - tags.vEnd.length); // the usual <v>…</v>
    } else {
      const vs = content.indexOf(tags.v);
      if (vs < 0) return null;
      const ve = content.indexOf(tags.vEnd, vs);
      raw = content.slice(vs + tags.v.length, ve < 0 ? content.length : ve);
    }
    if (raw === '') return null;
    if (type === 's') return sst[Number(raw)] ?? null;
    if (type === 'b') return raw === '1';
    if (type === 'str' || type === 'e' || type === 'd') return decodeText(raw);
    const num = Number(raw);
    return Number.isFinite(num) ? num : decodeText(raw);
  };

  const scan = (text: string): string => {
    if (p === null) {
      p = prefixOf(text, 'worksheet');
      if (p === null) return text;
      const q = p.replace(':', '\\:');
      tags = { v: `<${p}v>`, vEnd: `</${p}v>`, is: `<${p}is`, data: `<${p}sheetData`, dataEnd: `</${p}sheetData>`, rowEnd: `</${p}row>` };
      // A row's start (1: its r), a cell (2: column letters of its r, 3: its t, 4: its content), a row's end.
      pattern = new RegExp(
        `<${q}row\\b(?=(?:[^>]*?\\sr="(\\d+)")?)[^>]*?>|<${q}c\\b(?=(?:[^>]*?\\sr="([A-Z]+))?)(?=(?:[^>]*?\\st="(\\w+)")?)[^>]*?(?:/>|>([\\s\\S]*?)</${q}c>)|</${q}row>`,
        'g',
      );
    }
    let buf = text;
    if (!inData) {
      const at = buf.indexOf(tags.data);
      if (at < 0) return buf.slice(Math.max(0, buf.length - 32));
      const gt = buf.indexOf('>', at);
      if (gt < 0) return buf.slice(at);
      if (buf.charCodeAt(gt - 1) === 47) {
        state.done = true;
        return '';
      }
      inData = true;
      buf = buf.slice(gt + 1);
    }
    // Only whole rows are scanned; the tail waits for the next chunk.
    const endOfData = buf.indexOf(tags.dataEnd);
    const cut = endOfData >= 0 ? endOfData : buf.lastIndexOf(tags.rowEnd) + tags.rowEnd.length;
    if (endOfData < 0 && cut < tags.rowEnd.length) return buf;
    for (const m of buf.slice(0, cut).matchAll(pattern)) {
      const c0 = m[0].charCodeAt(1);
      if (c0 === 47 /* </row> */) out.push({ row: rowNumber, cells });
      else if (m[0].charCodeAt(p.length + 2) !== 111 /* not <row: a cell */) {
        if (m[2] !== undefined) col = columnIndex(m[2]);
        if (m[4]) {
          const v = cellValue(m[3] ?? null, m[4]);
          if (v !== null) cells[col] = v;
        }
        col++;
      } else {
        rowNumber = m[1] !== undefined ? Number(m[1]) : rowNumber + 1;
        cells = [];
        col = 0;
      }
    }
    if (endOfData >= 0) {
      state.done = true;
      return '';
    }
    return buf.slice(cut);
  };
  const take = () => {
    const rows = out;
    out = [];
    return rows;
  };
  return { scan, state, take };
}

export async function openXlsx(file: string, maxChars: number): Promise<SpreadsheetSource> {
  let entries: Map<string, ZipEntry>;
  try {
    entries = await readZipDirectory(file);
  } catch (err) {
    if (err instanceof ZipError) throw new SpreadsheetError('importFile.zip');
    throw err;
  }
  const parts = await locateParts(file, entries);
  const sheetEntry = entries.get(parts.sheet)!;

  // <dimension ref="A1:T200001"/>, before <sheetData>, gives the row count before reading on.
  let totalRows: number | null = null;
  let head = '';
  for await (const chunk of textChunks(await openZipEntry(file, sheetEntry), maxChars)) {
    head += chunk;
    const data = head.search(/<(?:\w+:)?sheetData[\s>/]/);
    const dim = /<(?:\w+:)?dimension\b[^>]*\bref\s*=\s*["'][A-Z]*\d*:?[A-Z]*(\d+)["']/.exec(data < 0 ? head : head.slice(0, data));
    if (dim) totalRows = Number(dim[1]);
    if (dim || data >= 0 || head.length > 1_000_000) break;
  }

  let bytesRead = 0;
  let rowsRead = 0;
  return {
    totalRows,
    // Rows so far × the sheet's inflated size (from the zip directory) ÷ bytes so far.
    estimate: () => totalRows ?? (bytesRead > 0 && rowsRead > 0 ? Math.round((rowsRead * sheetEntry.size) / bytesRead) : null),
    async *rows(): AsyncGenerator<SheetRow[]> {
      try {
        const sst = parts.sharedStrings ? await loadSharedStrings(file, entries.get(parts.sharedStrings)!, maxChars) : [];
        const sheet = sheetScanner(sst);
        let rest = '';
        for await (const chunk of textChunks(await openZipEntry(file, sheetEntry), maxChars, (b) => (bytesRead = b))) {
          rest = guard(sheet.scan(rest + chunk));
          const rows = sheet.take();
          rowsRead += rows.length;
          if (rows.length) yield rows;
          if (sheet.state.done) break;
        }
        const last = sheet.take();
        if (last.length) yield last;
      } catch (err) {
        throw err instanceof XmlLimitError ? new SpreadsheetError('importFile.unreadable') : err;
      }
    },
  };
}
