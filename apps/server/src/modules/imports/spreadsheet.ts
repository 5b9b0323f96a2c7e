import fs from 'node:fs';

/** One cell as read: text, a number (Excel numbers and dates), a boolean, or empty. */
export type CellValue = string | number | boolean | null;
/** A row with its spreadsheet row number (1 = the header row), cells by column index. */
export type SheetRow = { row: number; cells: CellValue[] };

export type SpreadsheetSource = {
  /** The number of rows including the header, when the file says so up front. */
  totalRows: number | null;
  /** Rows in order, in batches as they are read. */
  rows(): AsyncGenerator<SheetRow[]>;
  /** While reading a file that did not say (totalRows null): the row count extrapolated from what was read so far. */
  estimate?(): number | null;
};

/** Why a file cannot be read; `reason` is a catalog key (importFile.*). */
export class SpreadsheetError extends Error {
  constructor(
    readonly reason: string,
    readonly params: Record<string, string | number> = {},
  ) {
    super(reason);
  }
}

export type FileKind = { kind: 'xlsx' } | { kind: 'csv'; encoding: 'utf-8' | 'gb18030'; bom: number };

/**
 * What the uploaded bytes are, from their first bytes, not their name: an .xlsx is a ZIP
 * (`PK\x03\x04`); anything else must be text in UTF-8 (BOM optional) or GB18030 to be a CSV.
 */
export async function sniffFile(file: string): Promise<FileKind> {
  const fh = await fs.promises.open(file, 'r');
  let head: Buffer;
  try {
    const buf = Buffer.alloc(64 * 1024);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    head = buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
  if (head.length === 0) throw new SpreadsheetError('importFile.empty');
  if (head.length >= 4 && head.readUInt32BE(0) === 0x504b0304) return { kind: 'xlsx' };
  if (head.length >= 8 && head.readUInt32BE(0) === 0xd0cf11e0) throw new SpreadsheetError('importFile.xls');
  if (head.includes(0)) throw new SpreadsheetError('importFile.not-spreadsheet');
  const bom = head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  if (decodes('utf-8', head.subarray(bom))) return { kind: 'csv', encoding: 'utf-8', bom };
  if (!bom && decodes('gb18030', head)) return { kind: 'csv', encoding: 'gb18030', bom: 0 };
  throw new SpreadsheetError('importFile.encoding');
}

function decodes(encoding: string, bytes: Buffer): boolean {
  try {
    // stream: a character cut at the end of the sample is not an error.
    new TextDecoder(encoding, { fatal: true }).decode(bytes, { stream: true });
    return true;
  } catch {
    return false;
  }
}

/** Counts line breaks: the row count of a CSV (exact unless cells hold line breaks). */
export async function countLines(file: string, start: number): Promise<number> {
  let lines = 0;
  let last = 10;
  for await (const chunk of fs.createReadStream(file, { start, highWaterMark: 1024 * 1024 }) as AsyncIterable<Buffer>) {
    let i = chunk.indexOf(10);
    while (i >= 0) {
      lines++;
      i = chunk.indexOf(10, i + 1);
    }
    if (chunk.length) last = chunk[chunk.length - 1]!;
  }
  return last === 10 ? lines : lines + 1;
}

/**
 * A streaming CSV reader (RFC 4180: comma-separated, "quoted" fields with "" for a quote, line
 * breaks inside quotes). The row number is the record's position, as a spreadsheet shows it.
 */
export function openCsv(file: string, kind: Extract<FileKind, { kind: 'csv' }>, maxChars: number): SpreadsheetSource {
  return {
    totalRows: null,
    async *rows(): AsyncGenerator<SheetRow[]> {
      const decoder = new TextDecoder(kind.encoding, { fatal: true });
      let field = '';
      let cells: CellValue[] = [];
      let inQuotes = false;
      let quoteSeen = false; // just closed a quote: "" is an escaped quote, else the field ended
      let afterCr = false;
      let row = 0;
      let total = 0;
      let batch: SheetRow[] = [];
      const endField = () => {
        cells.push(field === '' ? null : field);
        field = '';
      };
      const endRecord = () => {
        endField();
        row++;
        batch.push({ row, cells });
        cells = [];
      };
      const stream = fs.createReadStream(file, { start: kind.bom, highWaterMark: 256 * 1024 });
      try {
        for await (const chunk of stream as AsyncIterable<Buffer>) {
          let text: string;
          try {
            text = decoder.decode(chunk, { stream: true });
          } catch {
            throw new SpreadsheetError('importFile.encoding');
          }
          total += text.length;
          if (total > maxChars) throw new SpreadsheetError('importFile.unreadable');
          let start = 0;
          for (let i = 0; i < text.length; i++) {
            const c = text.charCodeAt(i);
            if (inQuotes) {
              if (c === 34) {
                field += text.slice(start, i);
                inQuotes = false;
                quoteSeen = true;
                start = i + 1;
              }
              continue;
            }
            if (afterCr) {
              afterCr = false;
              if (c === 10) {
                start = i + 1;
                continue;
              }
            }
            if (c === 34) {
              field += text.slice(start, i);
              if (quoteSeen) field += '"';
              inQuotes = true;
              quoteSeen = false;
              start = i + 1;
            } else if (c === 44 || c === 10 || c === 13) {
              field += text.slice(start, i);
              quoteSeen = false;
              if (c === 44) endField();
              else {
                endRecord();
                afterCr = c === 13;
              }
              start = i + 1;
            } else quoteSeen = false;
          }
          if (start < text.length) field += text.slice(start);
          if (batch.length) {
            yield batch;
            batch = [];
          }
        }
        try {
          field += decoder.decode();
        } catch {
          throw new SpreadsheetError('importFile.encoding');
        }
        if (field !== '' || cells.length > 0) endRecord();
        if (batch.length) yield batch;
      } finally {
        stream.destroy();
      }
    },
  };
}
