import {
  checkIdNumber,
  ethnicCodeOf,
  IMPORT_VALUE_MAPS,
  normalizePhone,
  relationCodeOf,
  RESIDENT_SHEET_COLUMNS,
  type ImportRowError,
  type ImportRowErrorCode,
  type ResidentSheetKey,
} from '@lingyan/shared';
import { SpreadsheetError, type CellValue } from './spreadsheet.ts';

/**
 * One row of the resident sheet → the values to store, or every problem it has. Pure: the grids,
 * homes and tags it may refer to are looked up by the caller and passed in.
 */
export type HeaderMap = Map<ResidentSheetKey, number>;

const HEADER_OF = new Map<string, ResidentSheetKey>(RESIDENT_SHEET_COLUMNS.map((c) => [c.header, c.key]));
const LABEL = Object.fromEntries(RESIDENT_SHEET_COLUMNS.map((c) => [c.key, c.header])) as Record<ResidentSheetKey, string>;

const cleanHeader = (v: CellValue) =>
  String(v ?? '')
    .replace(/[（(][^）)]*[）)]/g, '')
    .replace(/[*＊\s\u3000]/g, '');

/** Reads a header row; null when the row is not one (a title line above it, say). */
export function mapHeader(cells: CellValue[]): HeaderMap | null {
  const map: HeaderMap = new Map();
  const twice = new Set<string>();
  cells.forEach((cell, i) => {
    const key = HEADER_OF.get(cleanHeader(cell));
    if (!key) return;
    if (map.has(key)) twice.add(LABEL[key]);
    else map.set(key, i);
  });
  if (!map.has('name') && map.size < 2) return null;
  if (twice.size) throw new SpreadsheetError('importFile.duplicate-columns', { columns: [...twice].join('、') });
  const missing = RESIDENT_SHEET_COLUMNS.filter((c) => c.required && !map.has(c.key)).map((c) => c.header);
  if (missing.length) throw new SpreadsheetError('importFile.missing-columns', { columns: missing.join('、') });
  return map;
}

export type GridRef = { id: string; path: string };

export type RowLookups = {
  today: Date;
  /** Grid code → the grid, or null when it is not a grid the importer may import into. */
  grid(code: string): GridRef | null;
  /** The home with that building/unit/room in the grid, or null. */
  home(gridId: string, building: string, unit: string, room: string): string | null;
  /** Tag code or Chinese name → code, or null. */
  tag(word: string): string | null;
};

export type CheckedRow = {
  name: string;
  idNumber: string | null;
  gender: string | null;
  birthDate: string | null;
  phone: string | null;
  ethnicity: string | null;
  grid: GridRef;
  homeId: string | null;
  relation: string | null;
  politicalStatus: string | null;
  education: string | null;
  occupation: string | null;
  employer: string | null;
  registrationType: string;
  tags: string[];
  residencePermitNo: string | null;
  residencePermitExpires: string | null;
  movedInAt: string | null;
};

export type RowProblem = Omit<ImportRowError, 'row'>;

/** A cell as text: trimmed, numbers without exponent where Excel kept them exact. */
export function cellText(v: CellValue | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v.replace(/[\u3000\u00a0]/g, ' ').trim();
  if (typeof v === 'number') return Number.isInteger(v) && Math.abs(v) < 1e21 ? BigInt(v).toString() : String(v);
  return v ? 'TRUE' : 'FALSE';
}

const pad = (n: number) => String(n).padStart(2, '0');
function realDate(y: number, m: number, d: number): string | null {
  const t = new Date(Date.UTC(y, m - 1, d));
  if (t.getUTCFullYear() !== y || t.getUTCMonth() !== m - 1 || t.getUTCDate() !== d || y < 1880 || y > 2100) return null;
  return `${y}-${pad(m)}-${pad(d)}`;
}

/** YYYY-MM-DD from "2024-03-01", "2024/3/1", "2024.3.1", "2024年3月1日", "20240301" or an Excel date (serial day number). */
export function parseDate(v: CellValue | undefined): string | null | undefined {
  if (v === null || v === undefined || v === '') return undefined;
  if (typeof v === 'number') {
    if (v >= 10_000_000 && Number.isInteger(v)) return realDate(Math.floor(v / 10_000), Math.floor(v / 100) % 100, v % 100);
    if (v < 1 || v > 73_050) return null;
    const t = new Date(Date.UTC(1899, 11, 30) + Math.floor(v) * 86_400_000);
    return realDate(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
  }
  const s = cellText(v);
  if (!s) return undefined;
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[T\s].*)?$/.exec(s) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  return m ? realDate(Number(m[1]), Number(m[2]), Number(m[3])) : null;
}

const ID_PROBLEM_TEXT: Record<string, string> = {
  format: '应为 18 位（或 15 位）',
  region: '前两位不是有效的省级行政区划代码',
  'birth-date': '其中的出生日期不存在',
};

export type RowResult = {
  row: CheckedRow | null;
  problems: RowProblem[];
  /** The normalised ID number when valid, even if other cells are not (for duplicates). */ idNumber: string | null;
};

/** The text of one column of a row ('' when absent). */
export function cellOf(cells: CellValue[], header: HeaderMap, key: ResidentSheetKey): string {
  const i = header.get(key);
  return i === undefined ? '' : cellText(cells[i]);
}

export function checkRow(cells: CellValue[], header: HeaderMap, look: RowLookups): RowResult {
  const problems: RowProblem[] = [];
  const raw = (k: ResidentSheetKey): CellValue | undefined => {
    const i = header.get(k);
    return i === undefined ? undefined : cells[i];
  };
  const get = (k: ResidentSheetKey) => cellText(raw(k));
  const fail = (k: ResidentSheetKey | null, code: ImportRowErrorCode, message: string) => void problems.push({ column: k ? LABEL[k] : null, code, message });
  const text = (k: ResidentSheetKey, max: number): string | null => {
    const v = get(k);
    if (v.length > max) fail(k, 'TOO_LONG', `${LABEL[k]}不能超过 ${max} 个字`);
    return v || null;
  };
  const coded = (k: 'gender' | 'politicalStatus' | 'education' | 'registrationType'): string | null => {
    const v = get(k);
    if (!v) return null;
    const code = IMPORT_VALUE_MAPS[k].get(v);
    if (!code) fail(k, 'VALUE_UNKNOWN', `${LABEL[k]}“${v}”无法识别`);
    return code ?? null;
  };
  const date = (k: 'birthDate' | 'residencePermitExpires' | 'movedInAt'): string | null => {
    const d = parseDate(raw(k));
    if (d === null) fail(k, 'DATE_INVALID', `${LABEL[k]}“${get(k)}”不是有效日期，请写成 2024-03-01 的形式`);
    return d ?? null;
  };

  const name = get('name');
  if (!name) fail('name', 'REQUIRED', '姓名必须填写');
  else if (name.length > 64) fail('name', 'TOO_LONG', '姓名不能超过 64 个字');

  let gender = coded('gender');
  let birthDate = date('birthDate');
  let idNumber: string | null = null;
  const idText = get('idNumber');
  if (idText) {
    const checked = checkIdNumber(idText, look.today);
    if (!checked.ok) {
      const why = checked.problem === 'check-character' ? `校验码不符（应为 ${checked.expected}）` : ID_PROBLEM_TEXT[checked.problem];
      const hint = typeof raw('idNumber') === 'number' ? '；该单元格是数字格式，末几位可能已被 Excel 改变，请将本列设为文本格式后重新填写' : '';
      fail('idNumber', 'ID_NUMBER_INVALID', `公民身份号码有误：${why}${hint}`);
    } else {
      idNumber = checked.normalized;
      if (gender && gender !== checked.gender) fail('gender', 'ID_NUMBER_MISMATCH', '性别与公民身份号码不符');
      if (birthDate && birthDate !== checked.birthDate) fail('birthDate', 'ID_NUMBER_MISMATCH', '出生日期与公民身份号码不符');
      gender = checked.gender;
      birthDate = checked.birthDate;
    }
  } else if (birthDate && birthDate > look.today.toISOString().slice(0, 10)) fail('birthDate', 'DATE_INVALID', '出生日期晚于今天');

  const phoneText = get('phone');
  const phone = phoneText ? normalizePhone(phoneText) : null;
  if (phoneText && !phone) fail('phone', 'PHONE_INVALID', `联系电话“${phoneText}”格式有误，应为 11 位手机号码或带区号的固定电话`);

  const ethnicText = get('ethnicity');
  const ethnicity = ethnicText ? ethnicCodeOf(ethnicText) : null;
  if (ethnicText && !ethnicity) fail('ethnicity', 'VALUE_UNKNOWN', `民族“${ethnicText}”无法识别`);

  const relationText = get('relation');
  const relation = relationText ? relationCodeOf(relationText) : null;
  if (relationText && !relation) fail('relation', 'VALUE_UNKNOWN', `与户主关系“${relationText}”无法识别`);

  const tags: string[] = [];
  for (const word of get('tags')
    .split(/[、,，;；\s]+/)
    .filter(Boolean)) {
    const code = look.tag(word);
    if (!code) fail('tags', 'VALUE_UNKNOWN', `标签“${word}”不存在`);
    else if (!tags.includes(code)) tags.push(code);
  }

  if (tags.length > 20) fail('tags', 'TOO_LONG', '标签不能超过 20 个');

  const gridCode = get('gridCode');
  const grid = gridCode ? look.grid(gridCode) : null;
  if (!gridCode) fail('gridCode', 'REQUIRED', '网格编码必须填写');
  else if (!grid) fail('gridCode', 'GRID_UNKNOWN', `网格编码“${gridCode}”不存在或不在您的导入范围内`);

  let homeId: string | null = null;
  const [building, unit, room] = [get('building'), get('unit'), get('room')];
  if (building || unit || room) {
    const where = [building, unit, room].filter(Boolean).join(' ');
    if (!room) fail('room', 'HOME_UNKNOWN', `房屋“${where}”缺少房号`);
    else if (grid) {
      homeId = look.home(grid.id, building, unit, room);
      if (!homeId) fail('room', 'HOME_UNKNOWN', `该网格中没有房屋“${where}”，请先在系统中登记房屋`);
    }
  }
  const row: CheckedRow = {
    name,
    idNumber,
    gender,
    birthDate,
    phone,
    ethnicity,
    grid: grid!,
    homeId,
    relation,
    politicalStatus: coded('politicalStatus'),
    education: coded('education'),
    occupation: text('occupation', 64),
    employer: text('employer', 100),
    registrationType: coded('registrationType') ?? 'local',
    tags,
    residencePermitNo: text('residencePermitNo', 32),
    residencePermitExpires: date('residencePermitExpires'),
    movedInAt: date('movedInAt'),
  };
  return { row: problems.length ? null : row, problems, idNumber };
}

/** The header of a column, for problems found outside checkRow (duplicates). */
export const columnLabel = (k: ResidentSheetKey) => LABEL[k];
