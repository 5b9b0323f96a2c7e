import ExcelJS from 'exceljs';
import {
  AGE_TAGS,
  EDUCATION_LABELS,
  ETHNIC_GROUPS,
  GENDER_LABELS,
  importColumnHelp,
  POLITICAL_STATUS_LABELS,
  REGISTRATION_TYPE_LABELS,
  RELATIONS,
  RESIDENT_SHEET_COLUMNS,
} from '@lingyan/shared';
import type { AppContext } from '../../platform/context.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { inScope } from '../../platform/policy/scope.ts';

/**
 * The resident import template: the data sheet (Chinese headers, required ones marked *, text
 * format where Excel would mangle numbers, drop-down lists for coded columns), a sheet that
 * explains every column, and the grids the caller may import into with their codes.
 */
const TEXT_COLUMNS = new Set(['idNumber', 'phone', 'gridCode', 'room', 'residencePermitNo', 'building', 'unit']);
const DATE_COLUMNS = new Set(['birthDate', 'residencePermitExpires', 'movedInAt']);
const LIST_ROWS = 5000;

const colLetter = (i: number) => (i < 26 ? String.fromCharCode(65 + i) : String.fromCharCode(64 + Math.floor(i / 26)) + String.fromCharCode(65 + (i % 26)));

export async function residentTemplate(ctx: AppContext, actor: Actor): Promise<Buffer> {
  const tags = await ctx.db.selectFrom('tag_definitions').select(['code', 'name_zh']).orderBy('sort_order').execute();
  const grids = await ctx.db
    .selectFrom('org_nodes as g')
    .innerJoin('org_nodes as p', 'p.id', 'g.parent_id')
    .select(['g.code', 'g.name', 'p.name as parent'])
    .where('g.kind', '=', 'grid')
    .where((eb) => inScope(eb, 'g.path', actor, 'registry:import'))
    .orderBy('g.code')
    .limit(5000)
    .execute();

  const wb = new ExcelJS.Workbook();
  wb.creator = 'Lingyan';
  const data = wb.addWorksheet('居民信息', { views: [{ state: 'frozen', ySplit: 1 }] });
  data.columns = RESIDENT_SHEET_COLUMNS.map((c) => ({
    header: c.required ? `${c.header}*` : c.header,
    key: c.key,
    width: c.width,
    style: TEXT_COLUMNS.has(c.key) ? { numFmt: '@' } : DATE_COLUMNS.has(c.key) ? { numFmt: 'yyyy-mm-dd' } : {},
  }));
  const header = data.getRow(1);
  header.font = { bold: true };
  RESIDENT_SHEET_COLUMNS.forEach((c, i) => {
    header.getCell(i + 1).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: c.required ? 'FFFFE699' : 'FFDDEBF7' } };
    header.getCell(i + 1).note = importColumnHelp(c.key);
  });
  const lists: Partial<Record<string, string[]>> = {
    gender: Object.values(GENDER_LABELS),
    politicalStatus: Object.values(POLITICAL_STATUS_LABELS),
    education: Object.values(EDUCATION_LABELS),
    relation: Object.values(RELATIONS),
    registrationType: Object.values(REGISTRATION_TYPE_LABELS),
  };
  const validations = (data as unknown as { dataValidations: { add(range: string, v: ExcelJS.DataValidation): void } }).dataValidations;
  RESIDENT_SHEET_COLUMNS.forEach((c, i) => {
    const values = lists[c.key];
    if (!values) return;
    const col = colLetter(i);
    validations.add(`${col}2:${col}${LIST_ROWS}`, {
      type: 'list',
      allowBlank: true,
      formulae: [`"${values.join(',')}"`],
      showErrorMessage: true,
      errorTitle: c.header,
      error: `请从下拉列表中选择${c.header}`,
    });
  });

  const help = wb.addWorksheet('填写说明');
  help.columns = [
    { header: '列名', key: 'header', width: 16 },
    { header: '是否必填', key: 'required', width: 10 },
    { header: '填写说明', key: 'help', width: 90 },
  ];
  help.getRow(1).font = { bold: true };
  for (const c of RESIDENT_SHEET_COLUMNS) help.addRow({ header: c.header, required: c.required ? '必填' : '选填', help: importColumnHelp(c.key) });
  help.addRow({});
  help.addRow({ header: '说明', help: '第一行为表头，请勿修改；从第二行起每行一人。整个文件全部检查通过后才能导入，有误的行会列出行号和原因。' });
  help.addRow({ header: '民族', help: Object.values(ETHNIC_GROUPS).join('、') });
  help.addRow({
    header: '标签',
    help: tags
      .filter((t) => AGE_TAGS[t.code] === undefined)
      .map((t) => t.name_zh)
      .join('、'),
  });
  help.getColumn('help').alignment = { wrapText: true, vertical: 'top' };

  const gridSheet = wb.addWorksheet('网格编码');
  gridSheet.columns = [
    { header: '网格编码', key: 'code', width: 20, style: { numFmt: '@' } },
    { header: '网格名称', key: 'name', width: 24 },
    { header: '所属社区（村）', key: 'parent', width: 20 },
  ];
  gridSheet.getRow(1).font = { bold: true };
  for (const g of grids) gridSheet.addRow(g);

  return Buffer.from(await wb.xlsx.writeBuffer());
}
