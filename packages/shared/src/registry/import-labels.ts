import { EDUCATION_LEVELS, ETHNIC_GROUPS, GENDERS, POLITICAL_STATUSES, REGISTRATION_TYPES, RELATIONS, RESIDENT_STATUSES } from './codes.ts';

/**
 * The resident spreadsheet (import template and export): its columns in order, and the Chinese
 * words people type for each coded value. The server reads files with these maps; the web shows
 * them in the template help.
 */
export const RESIDENT_SHEET_COLUMNS = [
  { key: 'name', header: '姓名', required: true, width: 10 },
  { key: 'idNumber', header: '公民身份号码', required: false, width: 22 },
  { key: 'gender', header: '性别', required: false, width: 6 },
  { key: 'birthDate', header: '出生日期', required: false, width: 12 },
  { key: 'phone', header: '联系电话', required: false, width: 14 },
  { key: 'ethnicity', header: '民族', required: false, width: 10 },
  { key: 'politicalStatus', header: '政治面貌', required: false, width: 12 },
  { key: 'education', header: '文化程度', required: false, width: 12 },
  { key: 'occupation', header: '职业', required: false, width: 12 },
  { key: 'employer', header: '工作单位', required: false, width: 20 },
  { key: 'gridCode', header: '网格编码', required: true, width: 18 },
  { key: 'building', header: '楼栋', required: false, width: 10 },
  { key: 'unit', header: '单元', required: false, width: 8 },
  { key: 'room', header: '房号', required: false, width: 8 },
  { key: 'relation', header: '与户主关系', required: false, width: 10 },
  { key: 'registrationType', header: '户籍类型', required: false, width: 10 },
  { key: 'tags', header: '标签', required: false, width: 16 },
  { key: 'residencePermitNo', header: '居住证号码', required: false, width: 18 },
  { key: 'residencePermitExpires', header: '居住证有效期至', required: false, width: 14 },
  { key: 'movedInAt', header: '入住日期', required: false, width: 12 },
] as const;
export type ResidentSheetKey = (typeof RESIDENT_SHEET_COLUMNS)[number]['key'];

export const GENDER_LABELS: Record<(typeof GENDERS)[number], string> = { male: '男', female: '女' };
export const POLITICAL_STATUS_LABELS: Record<(typeof POLITICAL_STATUSES)[number], string> = {
  'party-member': '中共党员',
  'probationary-member': '中共预备党员',
  'league-member': '共青团员',
  'democratic-party': '民主党派',
  masses: '群众',
};
export const EDUCATION_LABELS: Record<(typeof EDUCATION_LEVELS)[number], string> = {
  none: '文盲或半文盲',
  primary: '小学',
  'junior-secondary': '初中',
  'senior-secondary': '高中',
  vocational: '中专',
  college: '大专',
  bachelor: '本科',
  postgraduate: '研究生',
};
export const REGISTRATION_TYPE_LABELS: Record<(typeof REGISTRATION_TYPES)[number], string> = { local: '本地户籍', 'non-local': '外地户籍' };
export const RESIDENT_STATUS_LABELS: Record<(typeof RESIDENT_STATUSES)[number], string> = { living: '在住', 'moved-out': '已迁出', deceased: '已故' };

/** Other words accepted on import for the same values (what people commonly type). */
const SYNONYMS: Record<string, Record<string, string>> = {
  gender: { 男性: 'male', 女性: 'female' },
  politicalStatus: { 党员: 'party-member', 中国共产党党员: 'party-member', 预备党员: 'probationary-member', 团员: 'league-member', 共青团员: 'league-member' },
  education: {
    文盲: 'none',
    半文盲: 'none',
    大学本科: 'bachelor',
    大学专科: 'college',
    专科: 'college',
    硕士: 'postgraduate',
    博士: 'postgraduate',
    研究生及以上: 'postgraduate',
    中专或中技: 'vocational',
    技校: 'vocational',
  },
  registrationType: { 本地: 'local', 外地: 'non-local', 本市: 'local', 非本地户籍: 'non-local' },
};

function reverse(labels: Record<string, string>, extra: Record<string, string> = {}): Map<string, string> {
  const map = new Map<string, string>();
  for (const [code, label] of Object.entries(labels)) {
    map.set(label, code);
    map.set(code, code);
  }
  for (const [word, code] of Object.entries(extra)) map.set(word, code);
  return map;
}

/** Chinese word (or the code itself) → code, for the coded columns of the import. */
export const IMPORT_VALUE_MAPS = {
  gender: reverse(GENDER_LABELS, SYNONYMS.gender),
  politicalStatus: reverse(POLITICAL_STATUS_LABELS, SYNONYMS.politicalStatus),
  education: reverse(EDUCATION_LABELS, SYNONYMS.education),
  registrationType: reverse(REGISTRATION_TYPE_LABELS, SYNONYMS.registrationType),
} as const;

const ETHNIC_BY_NAME = new Map<string, string>(
  Object.entries(ETHNIC_GROUPS).flatMap(([code, name]) =>
    name.endsWith('族') ? [[name, code] as const, [name.slice(0, -1), code] as const] : [[name, code] as const],
  ),
);

/** 民族: the name (汉族, or 汉), or the two-digit GB/T 3304 code (1 is read as 01). */
export function ethnicCodeOf(value: string): string | null {
  const v = value.trim();
  if (/^\d{1,2}$/.test(v)) {
    const code = v.padStart(2, '0');
    return Object.hasOwn(ETHNIC_GROUPS, code) ? code : null;
  }
  return ETHNIC_BY_NAME.get(v) ?? null;
}

/** 与户主关系: the name (户主, 配偶, 子…) or the two-digit code. */
export function relationCodeOf(value: string): string | null {
  const v = value.trim();
  if (/^\d{2}$/.test(v)) return Object.hasOwn(RELATIONS, v) ? v : null;
  for (const [code, name] of Object.entries(RELATIONS)) if (name === v) return code;
  return v === '本人' ? '02' : v === '妻' || v === '夫' ? '10' : v === '儿子' ? '20' : v === '女儿' ? '30' : null;
}

/** The stable codes of a row's problems in an import's report. */
export const IMPORT_ROW_ERROR_CODES = [
  'REQUIRED',
  'TOO_LONG',
  'ID_NUMBER_INVALID',
  'ID_NUMBER_MISMATCH',
  'PHONE_INVALID',
  'DATE_INVALID',
  'VALUE_UNKNOWN',
  'GRID_UNKNOWN',
  'HOME_UNKNOWN',
  'DUPLICATE_IN_FILE',
  'DUPLICATE_IN_DATABASE',
] as const;
export type ImportRowErrorCode = (typeof IMPORT_ROW_ERROR_CODES)[number];

/** What each column accepts, for the template's help sheet and the web's help text. */
export function importColumnHelp(key: ResidentSheetKey): string {
  const list = (labels: Record<string, string>) => Object.values(labels).join('、');
  switch (key) {
    case 'name':
      return '必填，不超过 64 个字';
    case 'idNumber':
      return '18 位公民身份号码（旧 15 位号码自动转换）；填写后性别、出生日期以身份证号码为准。请将本列设为文本格式';
    case 'gender':
      return list(GENDER_LABELS);
    case 'birthDate':
    case 'residencePermitExpires':
    case 'movedInAt':
      return '日期，如 2024-03-01（也可写 2024/3/1 或使用 Excel 日期格式）';
    case 'phone':
      return '11 位手机号码，或带区号的固定电话（如 0993-6012345）';
    case 'ethnicity':
      return '民族名称（如 汉族、维吾尔族、哈萨克族、回族），或两位民族代码（如 01）';
    case 'politicalStatus':
      return list(POLITICAL_STATUS_LABELS);
    case 'education':
      return list(EDUCATION_LABELS);
    case 'occupation':
      return '不超过 64 个字';
    case 'employer':
      return '不超过 100 个字';
    case 'gridCode':
      return '必填，15 位网格编码，见“网格编码”工作表；只能导入本人有导入权限的网格';
    case 'building':
      return '楼栋名称（如 3号楼），须与系统中该网格的楼栋一致；填写楼栋、单元、房号时须能找到对应房屋';
    case 'unit':
      return '单元名称（如 1单元），无单元可不填';
    case 'room':
      return '房号（如 502）';
    case 'relation':
      return `${Object.values(RELATIONS).join('、')}；填写房屋和与户主关系后自动归入该房屋的家庭户`;
    case 'registrationType':
      return `${list(REGISTRATION_TYPE_LABELS)}，不填为本地户籍`;
    case 'tags':
      return '标签名称或代码，多个用“、”或“,”分隔（如 独居、退役军人）';
    case 'residencePermitNo':
      return '不超过 32 个字符';
  }
}
