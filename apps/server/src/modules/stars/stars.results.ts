import ExcelJS from 'exceljs';
import type { Kysely } from 'kysely';
import { starStanding, translate, type Permission, type StarCatalogContent, type StarHonours, type StarPayCoefficients, type StarRules } from '@lingyan/shared';
import type { DB } from '../../platform/db/schema.ts';
import { chinaDate, type Actor } from '../../platform/auth/actor.ts';
import { inScope } from '../../platform/policy/scope.ts';
import { AppError } from '../../platform/errors.ts';
import { catalogById, starNamesOf } from './stars.repo.ts';

export type CycleEntry = {
  communityId: string;
  communityName: string;
  communityPath: string;
  townshipName: string;
  state: string;
  /** Star codes awarded by the city's approval; empty before it. */
  awarded: string[];
};

export async function loadCycle(db: Kysely<DB>, id: string): Promise<{ id: string; year: number; title: string; catalog: StarCatalogContent }> {
  const row = await db.selectFrom('star_cycles').select(['id', 'year', 'title', 'catalog_id']).where('id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('STAR_CYCLE_NOT_FOUND');
  return { id: row.id, year: row.year, title: row.title, catalog: await catalogById(db, row.catalog_id) };
}

/** The cycle's entries the caller sees for `permission`, by township code then community code. */
export async function cycleEntries(db: Kysely<DB>, actor: Actor, cycleId: string, permission: Permission): Promise<CycleEntry[]> {
  const rows = await db
    .selectFrom('star_entries as e')
    .innerJoin('org_nodes as c', 'c.id', 'e.community_id')
    .innerJoin('org_nodes as t', 't.id', 'c.parent_id')
    .select(['e.community_id', 'e.community_path', 'e.state', 'e.awarded', 'c.name', 't.name as township_name'])
    .where('e.cycle_id', '=', cycleId)
    .where((eb) => inScope(eb, 'e.community_path', actor, permission))
    .orderBy('t.code')
    .orderBy('c.code')
    .execute();
  return rows.map((r) => ({
    communityId: r.community_id,
    communityName: r.name,
    communityPath: r.community_path,
    townshipName: r.township_name,
    state: r.state,
    awarded: r.awarded ? (JSON.parse(r.awarded) as string[]) : [],
  }));
}

/** Per evaluation the rules name (recommendations first, then what vetoes bar): who is recommended, who is barred. */
export function honoursOf(cycle: { id: string; year: number }, entries: readonly CycleEntry[], rules: StarRules): StarHonours {
  const codes = [...new Set([...rules.recommendations.map((r) => r.code), ...rules.vetoes.flatMap((v) => v.bars)])];
  const evaluations = codes.map((code) => ({ code, recommended: [] as Row[], barred: [] as Row[] }));
  type Row = { communityId: string; communityName: string; townshipName: string; count: number };
  const byCode = new Map(evaluations.map((e) => [e.code, e]));
  for (const e of entries) {
    const standing = starStanding(e.awarded, rules);
    const row: Row = { communityId: e.communityId, communityName: e.communityName, townshipName: e.townshipName, count: standing.count };
    for (const c of standing.recommendations) byCode.get(c)!.recommended.push(row);
    for (const c of standing.barredFrom) byCode.get(c)!.barred.push(row);
  }
  return { cycleId: cycle.id, year: cycle.year, evaluations };
}

type Cadre = { communityId: string; name: string; role: string };

/** Users with a current assignment at each community or a grid under it (one query). */
async function cadresOf(db: Kysely<DB>, communityIds: readonly string[], today: string): Promise<Map<string, Cadre[]>> {
  const out = new Map<string, Cadre[]>();
  if (communityIds.length === 0) return out;
  for (let i = 0; i < communityIds.length; i += 500) {
    const ids = communityIds.slice(i, i + 500);
    const rows = await db
      .selectFrom('assignments as a')
      .innerJoin('users as u', 'u.id', 'a.user_id')
      .innerJoin('org_nodes as o', 'o.id', 'a.org_id')
      .select(['u.display_name', 'a.role', 'o.id as org_id', 'o.kind', 'o.parent_id'])
      .where((eb) => eb.or([eb('o.id', 'in', ids), eb.and([eb('o.kind', '=', 'grid'), eb('o.parent_id', 'in', ids)])]))
      .where('u.status', '=', 'active')
      .where((eb) => eb.or([eb('a.valid_from', 'is', null), eb('a.valid_from', '<=', today)]))
      .where((eb) => eb.or([eb('a.valid_to', 'is', null), eb('a.valid_to', '>=', today)]))
      .orderBy('o.depth')
      .orderBy('u.display_name')
      .execute();
    for (const r of rows) {
      const communityId = r.kind === 'grid' ? r.parent_id! : r.org_id;
      const list = out.get(communityId) ?? [];
      list.push({ communityId, name: r.display_name, role: translate('zh-CN', `role.${r.role}`) });
      out.set(communityId, list);
    }
  }
  return out;
}

const COLUMNS = [
  { header: '乡镇（街道）', width: 16 },
  { header: '社区（村）', width: 18 },
  { header: '姓名', width: 12 },
  { header: '职务', width: 22 },
  { header: '评定进度', width: 12 },
  { header: '获星', width: 60 },
  { header: '星数', width: 8 },
  { header: '等级', width: 8 },
  { header: '绩效系数', width: 10 },
];

/** The annual-assessment workbook: one row per community and cadre (a community without cadres: one row). */
export async function assessmentWorkbook(
  db: Kysely<DB>,
  cycle: { year: number; title: string; catalog: StarCatalogContent },
  entries: readonly CycleEntry[],
  rules: StarRules,
  pay: StarPayCoefficients,
  now: Date,
): Promise<{ buffer: Buffer; rows: number }> {
  const cadres = await cadresOf(
    db,
    entries.map((e) => e.communityId),
    chinaDate(now),
  );
  const name = starNamesOf(cycle.catalog);
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Lingyan';
  const ws = wb.addWorksheet('星级评定考核');
  ws.columns = COLUMNS.map((c) => ({ width: c.width }));
  const title = ws.addRow([`${cycle.year}年度星级化创建结果（干部年度考核、绩效）——${cycle.title}`]);
  title.font = { bold: true, size: 14 };
  ws.addRow([`导出时间：${chinaDate(now)}；绩效系数：好 ${pay.good}、较好 ${pay['fairly-good']}、一般 ${pay.average}、差 ${pay.poor}`]);
  const head = ws.addRow(COLUMNS.map((c) => c.header));
  head.font = { bold: true };
  let rows = 0;
  for (const e of entries) {
    const standing = starStanding(e.awarded, rules);
    const level = translate('zh-CN', `web.stars.level.${standing.level}`);
    const stars = e.awarded.map(name).join('、');
    const state = translate('zh-CN', `web.stars.entryState.${e.state}`);
    const people = cadres.get(e.communityId) ?? [{ communityId: e.communityId, name: '', role: '' }];
    for (const p of people) {
      ws.addRow([e.townshipName, e.communityName, p.name, p.role, state, stars, standing.count, level, pay[standing.level]]);
      rows++;
    }
  }
  ws.views = [{ state: 'frozen', ySplit: 3 }];
  return { buffer: Buffer.from(await wb.xlsx.writeBuffer()), rows };
}
