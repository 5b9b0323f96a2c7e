import fs from 'node:fs';
import { once } from 'node:events';
import { AGE_TAGS, HEAD_RELATION, type ImportRowError } from '@lingyan/shared';
import type { AppContext } from '../../platform/context.ts';
import type { ResidentsTable } from '../../platform/db/schema.ts';
import { newId } from '../../platform/ids.ts';
import { encodePersonal, idNumberIndex, type PersonalColumns } from '../residents/resident-codec.ts';
import { cellOf, checkRow, columnLabel, mapHeader, type CheckedRow, type GridRef, type HeaderMap } from './row-check.ts';
import { SpreadsheetError, openCsv, type FileKind, type SheetRow } from './spreadsheet.ts';
import { openXlsx } from './xlsx-reader.ts';
import { ZipError } from './zip-entries.ts';
import { XmlLimitError } from './xml-scan.ts';
import { retryWhileUnavailable } from '../../platform/db/unavailable.ts';
import { markFailed, MAX_STORED_ERRORS, setProgress, type Failure } from './imports.repo.ts';
import { planPath, removeImportFiles, stagedRowsPath } from './import-files.ts';

/**
 * The background check of an uploaded file: every row is read (streaming), checked, and — while
 * the file is clean — encoded as it will be stored (encrypted, indexed) and staged as one JSON
 * line, so the commit only inserts. Progress is written every 2,000 rows.
 */

/** The resident columns a staged line carries, in order, after the row number; the tags come last. */
export const STAGED_COLUMNS = [
  'id',
  'grid_id',
  'org_path',
  'home_id',
  'relation',
  'name',
  'name_pinyin',
  'name_initials',
  'gender',
  'birth_date',
  'id_number_enc',
  'id_number_idx',
  'id_number_masked',
  'id_last4',
  'phone_enc',
  'phone_idx',
  'phone_masked',
  'ethnicity_enc',
  'religion_enc',
  'political_status',
  'education',
  'occupation',
  'employer',
  'registration_type',
  'residence_permit_no',
  'residence_permit_expires',
  'moved_in_at',
] as const satisfies readonly (keyof ResidentsTable)[];
export type StagedValue = string | null;
export const IDX_COLUMN = 1 + STAGED_COLUMNS.indexOf('id_number_idx');

/** What the commit needs besides the rows: the homes the file puts people in, and its grids. */
export type Plan = { rows: number; gridPaths: string[]; homes: Record<string, { head: string | null; orgPath: string; registrationType: string }> };

export type CheckJob = { id: string; uploadPath: string; file: FileKind; scopePaths: string[]; maxRows: number; totalRows: number | null };
export type Log = { error(obj: unknown, msg: string): void };

/** Rows checked together (one duplicate lookup, one encoding job): small, so that they die young in the heap. */
const BATCH = 500;
const PROGRESS_EVERY = 2000;
const MAX_XML_CHARS = 2_000_000_000;
const MAX_RUNNING = 2;
let running = 0;
const waiting: (() => void)[] = [];

/** Runs the check of one upload (at most two at a time per process); never throws. */
export async function runCheck(ctx: AppContext, job: CheckJob, log: Log): Promise<void> {
  if (running >= MAX_RUNNING) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  try {
    await checkFile(ctx, job);
  } catch (err) {
    let failure: Failure;
    if (err instanceof SpreadsheetError) failure = { reason: err.reason, params: err.params };
    else if (err instanceof ZipError || String((err as { code?: string }).code ?? '').startsWith('Z_')) failure = { reason: 'importFile.zip' };
    else {
      failure = { reason: 'importFile.unreadable' };
      if (!(err instanceof XmlLimitError))
        log.error({ err: { message: (err as Error).message, code: (err as { code?: string }).code } }, 'import check failed');
    }
    // While the database restarts, the failure is written once it is back (else the import stays `checking`).
    await retryWhileUnavailable(() => markFailed(ctx.db, job.id, ctx.clock.now().toISOString(), failure)).catch(() => undefined);
    removeImportFiles(ctx, job.id);
  } finally {
    running--;
    waiting.shift()?.();
  }
}

const isEmptyRow = (cells: SheetRow['cells']) => cells.every((c) => c === null || c === undefined || (typeof c === 'string' && c.trim() === ''));

async function loadTagWords(ctx: AppContext): Promise<Map<string, string>> {
  const words = new Map<string, string>();
  for (const t of await ctx.db.selectFrom('tag_definitions').select(['code', 'name_zh']).execute()) {
    if (AGE_TAGS[t.code] !== undefined) continue;
    words.set(t.code, t.code);
    words.set(t.name_zh, t.code);
  }
  return words;
}

const homeKey = (building: string, unit: string, room: string) => `${building}\u0000${unit}\u0000${room}`;
/** "3" also finds 3号楼 / 3栋 / 3幢; "1" also finds 1单元. */
const buildingNames = (b: string) => (/^\d+$/.test(b) ? [b, `${b}号楼`, `${b}栋`, `${b}幢`] : [b]);
const unitNames = (u: string) => (/^\d+$/.test(u) ? [u, `${u}单元`] : [u]);

async function checkFile(ctx: AppContext, job: CheckJob): Promise<void> {
  const source = job.file.kind === 'xlsx' ? await openXlsx(job.uploadPath, MAX_XML_CHARS) : openCsv(job.uploadPath, job.file, MAX_XML_CHARS);
  const today = ctx.clock.now();
  const tags = await loadTagWords(ctx);
  const grids = new Map<string, GridRef | null>();
  const homes = new Map<string, Map<string, string>>();
  const seen = new Map<string, number>();
  const errors: ImportRowError[] = [];
  const plan: Plan = { rows: 0, gridPaths: [], homes: {} };
  const out = fs.createWriteStream(stagedRowsPath(ctx, job.id), { mode: 0o600 });
  const outClosed = once(out, 'close').catch(() => undefined);
  let outError: Error | null = null;
  out.on('error', (err) => (outError ??= err));
  let header: HeaderMap | null = null;
  let headerRow: number | null = null;
  let estimate = job.totalRows ?? source.totalRows;
  let badRows = 0;
  let dataRows = 0;
  let checked = 0;

  const lookups = {
    today,
    grid: (code: string) => grids.get(code) ?? null,
    home: (gridId: string, building: string, unit: string, room: string) => {
      const inGrid = homes.get(gridId);
      for (const b of building ? buildingNames(building) : [''])
        for (const u of unit ? unitNames(unit) : ['']) {
          const id = inGrid?.get(homeKey(b, u, room));
          if (id) return id;
        }
      return null;
    },
    tag: (word: string) => tags.get(word) ?? null,
  };

  const resolveGridsAndHomes = async (rows: SheetRow[]) => {
    const codes = [...new Set(rows.map((r) => cellOf(r.cells, header!, 'gridCode')))].filter((c) => c && !grids.has(c));
    if (codes.length) {
      const found = await ctx.db.selectFrom('org_nodes').select(['id', 'code', 'path']).where('code', 'in', codes).where('kind', '=', 'grid').execute();
      const byCode = new Map(found.map((g) => [g.code, g]));
      for (const code of codes) {
        const g = byCode.get(code);
        grids.set(code, g && job.scopePaths.some((p) => g.path.startsWith(p)) ? { id: g.id, path: g.path } : null);
      }
    }
    const wanted = new Set<string>();
    for (const r of rows) {
      const g = grids.get(cellOf(r.cells, header!, 'gridCode'));
      if (g && !homes.has(g.id) && (cellOf(r.cells, header!, 'room') || cellOf(r.cells, header!, 'building'))) wanted.add(g.id);
    }
    if (wanted.size) {
      const found = await ctx.db
        .selectFrom('homes as h')
        .leftJoin('buildings as b', 'b.id', 'h.building_id')
        .leftJoin('building_units as u', 'u.id', 'h.unit_id')
        .select(['h.id', 'h.grid_id', 'h.room_no', 'b.name as building', 'u.name as unit'])
        .where('h.grid_id', 'in', [...wanted])
        .execute();
      for (const id of wanted) homes.set(id, new Map());
      for (const h of found) homes.get(h.grid_id)!.set(homeKey(h.building ?? '', h.unit ?? '', h.room_no ?? ''), h.id);
    }
  };

  const processBatch = async (rows: SheetRow[]) => {
    const found: ImportRowError[] = [];
    const addError = (e: ImportRowError) => void found.push(e);
    await resolveGridsAndHomes(rows);
    const good: { row: number; data: CheckedRow; idx: string | null; columns: PersonalColumns | null }[] = [];
    const idxs: string[] = [];
    for (const r of rows) {
      const result = checkRow(r.cells, header!, lookups);
      let bad = result.problems.length > 0;
      for (const p of result.problems) addError({ row: r.row, ...p });
      // While the file is clean, a good row is encoded now (its blind index comes with it);
      // once a row has failed, the file cannot be committed: checking goes on, encoding stops.
      const columns = !bad && badRows === 0 ? encode(ctx, result.row!, today) : null;
      let idx: string | null = null;
      if (result.idNumber) {
        idx = columns?.id_number_idx ?? idNumberIndex(ctx.crypto, result.idNumber);
        const first = seen.get(idx);
        if (first !== undefined) {
          addError({ row: r.row, column: columnLabel('idNumber'), code: 'DUPLICATE_IN_FILE', message: `公民身份号码与第 ${first} 行重复` });
          bad = true;
        } else {
          seen.set(idx, r.row);
          idxs.push(idx);
        }
      }
      if (bad) badRows++;
      else good.push({ row: r.row, data: result.row!, idx, columns });
    }
    // Against the database: one indexed lookup per batch.
    const taken = new Set<string>();
    for (let i = 0; i < idxs.length; i += 1000) {
      const found = await ctx.db
        .selectFrom('residents')
        .select('id_number_idx')
        .where('id_number_idx', 'in', idxs.slice(i, i + 1000))
        .execute();
      for (const f of found) taken.add(f.id_number_idx!);
    }
    let lines = '';
    for (const g of good) {
      if (g.idx && taken.has(g.idx)) {
        addError({ row: g.row, column: columnLabel('idNumber'), code: 'DUPLICATE_IN_DATABASE', message: '该公民身份号码已登记在系统中' });
        badRows++;
      } else if (badRows === 0 && g.columns) {
        const id = newId();
        planHome(plan, id, g.data);
        lines += stageLine(g.row, id, g.data, g.columns) + '\n';
      }
    }
    if (lines && badRows === 0 && !out.write(lines)) await once(out, 'drain');
    // In row order (a row's database duplicate is found after the rest of the batch); sort is stable.
    for (const e of found.sort((a, b) => a.row - b.row)) if (errors.length < MAX_STORED_ERRORS) errors.push(e);
    checked += rows.length;
    if (job.totalRows === null && source.totalRows === null && source.estimate) {
      const guess = source.estimate();
      if (guess !== null && headerRow !== null) estimate = Math.max(0, guess - headerRow);
    }
    if (estimate !== null && estimate < checked) estimate = checked;
    if (Math.floor(checked / PROGRESS_EVERY) !== Math.floor((checked - rows.length) / PROGRESS_EVERY)) await setProgress(ctx.db, job.id, checked, estimate);
  };

  try {
    let pending: SheetRow[] = [];
    for await (const batch of source.rows()) {
      for (const r of batch) {
        if (!header) {
          header = mapHeader(r.cells);
          if (header) {
            headerRow = r.row;
            if (estimate !== null) estimate = Math.max(0, estimate - r.row);
          } else if (r.row >= 10) throw new SpreadsheetError('importFile.no-header');
          continue;
        }
        if (isEmptyRow(r.cells)) continue;
        if (++dataRows > job.maxRows) throw new SpreadsheetError('importFile.too-many-rows', { max: job.maxRows });
        pending.push(r);
      }
      if (pending.length >= BATCH) {
        await processBatch(pending);
        pending = [];
      }
    }
    if (!header) throw new SpreadsheetError('importFile.no-header');
    if (pending.length) await processBatch(pending);
    if (outError) throw outError;
    if (dataRows === 0) throw new SpreadsheetError('importFile.no-rows');
  } finally {
    out.end();
    await outClosed;
  }

  fs.rmSync(job.uploadPath, { force: true });
  if (badRows === 0) {
    plan.rows = dataRows;
    plan.gridPaths = [...new Set([...grids.values()].filter((g): g is GridRef => g !== null).map((g) => g.path))];
    fs.writeFileSync(planPath(ctx, job.id), JSON.stringify(plan), { mode: 0o600 });
  }
  await ctx.db
    .updateTable('imports')
    .set({
      status: 'checked',
      total_rows: dataRows,
      checked_rows: dataRows,
      error_count: badRows,
      errors: errors.length ? JSON.stringify(errors) : null,
    })
    .where('id', '=', job.id)
    .where('status', '=', 'checking')
    .execute();
  // A file with errors can never be committed: nothing of it is kept.
  if (badRows > 0) removeImportFiles(ctx, job.id);
}

/** A checked row's personal fields through the resident codec: encrypted, indexed, masked, pinyin. */
function encode(ctx: AppContext, d: CheckedRow, today: Date): PersonalColumns {
  const encoded = encodePersonal(
    ctx.crypto,
    { name: d.name, idNumber: d.idNumber, gender: d.gender, birthDate: d.birthDate, phone: d.phone, ethnicity: d.ethnicity, religion: null },
    today,
  );
  if ('problem' in encoded) throw new Error('a checked row failed to encode');
  return encoded.columns;
}

/** A resident who is 户主 of a home in the file heads its household (the first one, in file order). */
function planHome(plan: Plan, id: string, d: CheckedRow): void {
  if (!d.homeId || !d.relation) return;
  const home = (plan.homes[d.homeId] ??= { head: null, orgPath: d.grid.path, registrationType: d.registrationType });
  if (d.relation === HEAD_RELATION && !home.head) {
    home.head = id;
    home.registrationType = d.registrationType;
  }
}

/** One checked row as one staged JSON line: the row number, the resident's columns (STAGED_COLUMNS), the tags. */
function stageLine(row: number, id: string, d: CheckedRow, personal: PersonalColumns): string {
  const record: Record<(typeof STAGED_COLUMNS)[number], StagedValue> = {
    id,
    grid_id: d.grid.id,
    org_path: d.grid.path,
    home_id: d.homeId,
    relation: d.relation,
    ...personal,
    political_status: d.politicalStatus,
    education: d.education,
    occupation: d.occupation,
    employer: d.employer,
    registration_type: d.registrationType,
    residence_permit_no: d.residencePermitNo,
    residence_permit_expires: d.residencePermitExpires,
    moved_in_at: d.movedInAt,
  };
  return JSON.stringify([row, ...STAGED_COLUMNS.map((k) => record[k]), d.tags]);
}
