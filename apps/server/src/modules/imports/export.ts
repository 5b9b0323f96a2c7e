import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { sql, type SqlBool } from 'kysely';
import {
  ageOn,
  EDUCATION_LABELS,
  ETHNIC_GROUPS,
  GENDER_LABELS,
  maskIdNumber,
  maskPhone,
  POLITICAL_STATUS_LABELS,
  REGISTRATION_TYPE_LABELS,
  RELATIONS,
  RESIDENT_STATUS_LABELS,
} from '@lingyan/shared';
import type { AppContext } from '../../platform/context.ts';
import type { AuditContext } from '../../platform/audit/audit.ts';
import { chinaDate, type Actor } from '../../platform/auth/actor.ts';
import { AppError } from '../../platform/errors.ts';
import { can, scopePaths } from '../../platform/policy/policy.ts';
import { inScope } from '../../platform/policy/scope.ts';
import { loadOrgFor } from '../../platform/policy/org-filter.ts';
import { classifyQuery, residentColumns, residentQuery, tagsOf, type ResidentFilter } from '../residents/residents.repo.ts';
import { FIELD_CONTEXT } from '../residents/resident-codec.ts';

/**
 * The resident list as an .xlsx, streamed: the rows of GET /residents with the same filters
 * (residentQuery), limited to where the caller holds registry:export. Masked unless asked for
 * unmasked with a reason by someone who may reveal over the whole export; audited either way.
 */
export type ExportQuery = Omit<ResidentFilter, 'orgPath'> & {
  orgId?: string | undefined;
  unmasked?: 'true' | 'false' | undefined;
  reason?: string | undefined;
};

const PAGE = 1000;
const COLUMNS: { header: string; width: number }[] = [
  ['姓名', 10],
  ['公民身份号码', 22],
  ['性别', 6],
  ['出生日期', 12],
  ['年龄', 6],
  ['联系电话', 14],
  ['民族', 10],
  ['政治面貌', 12],
  ['文化程度', 12],
  ['职业', 12],
  ['工作单位', 20],
  ['网格', 20],
  ['网格编码', 18],
  ['楼栋', 10],
  ['单元', 8],
  ['房号', 8],
  ['地址', 30],
  ['与户主关系', 10],
  ['户籍类型', 10],
  ['标签', 16],
  ['居住证号码', 18],
  ['居住证有效期至', 14],
  ['入住日期', 12],
  ['状态', 8],
].map(([header, width]) => ({ header: header as string, width: width as number }));

/** Beijing time, to the minute. */
const chinaTime = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');

/** The filters in words for the file's header, with searched numbers masked as they would be in the rows. */
function describeFilters(q: ExportQuery, orgName: string | null, homeAddress: string | null, tagNames: Map<string, string>): string {
  const parts: string[] = [];
  if (orgName) parts.push(`范围：${orgName}`);
  if (q.q) {
    const c = classifyQuery(q.q);
    parts.push(`关键字：${c.kind === 'id' ? maskIdNumber(c.value) : c.kind === 'phone' ? maskPhone(c.value) : q.q}`);
  }
  if (q.tag) parts.push(`标签：${tagNames.get(q.tag) ?? q.tag}`);
  if (q.status) parts.push(`状态：${RESIDENT_STATUS_LABELS[q.status as keyof typeof RESIDENT_STATUS_LABELS] ?? q.status}`);
  if (q.minAge !== undefined || q.maxAge !== undefined) parts.push(`年龄：${q.minAge ?? 0}–${q.maxAge ?? ''}岁`);
  if (homeAddress) parts.push(`房屋：${homeAddress}`);
  return parts.length ? parts.join('；') : '全部（本人可导出的范围）';
}

export type PreparedExport = { fileName: string; stream: PassThrough };

export async function exportResidents(ctx: AppContext, audit: AuditContext, actor: Actor, q: ExportQuery): Promise<PreparedExport> {
  const now = ctx.clock.now();
  const today = chinaDate(now);
  const org = q.orgId ? await loadOrgFor(ctx.db, actor, q.orgId, 'registry:export') : null;
  const unmasked = q.unmasked === 'true';
  if (unmasked) {
    if (!q.reason || q.reason.trim().length < 2) throw new AppError('EXPORT_REASON_REQUIRED');
    // Every row exported must lie where the caller may reveal: the export's whole scope must.
    const covered = org ? [org.path] : scopePaths(actor, 'registry:export');
    if (!covered.every((p) => can(actor, 'registry:reveal', p))) throw new AppError('FORBIDDEN');
  }
  // A home named in the filters must be one the caller may export from: its address goes into the file's header.
  const home = q.homeId
    ? await ctx.db
        .selectFrom('homes')
        .select('address')
        .where('id', '=', q.homeId)
        .where((eb) => inScope(eb, 'org_path', actor, 'registry:export'))
        .executeTakeFirst()
    : null;
  if (q.homeId && !home) throw new AppError('HOME_NOT_FOUND');
  const filter: ResidentFilter = { q: q.q, orgPath: org?.path, tag: q.tag, status: q.status, minAge: q.minAge, maxAge: q.maxAge, homeId: q.homeId };
  const base = residentQuery(ctx.db, actor, ctx.crypto, filter, today).where((eb) => inScope(eb, 'r.org_path', actor, 'registry:export'));
  const counted = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
  const total = Number(counted?.n ?? 0);
  const { maxRows } = await ctx.settings.get('registry.export');
  if (total > maxRows) throw new AppError('EXPORT_TOO_MANY_ROWS', { count: total, max: maxRows }, { count: total, max: maxRows });

  const tagDefs = await ctx.db.selectFrom('tag_definitions').select(['code', 'name_zh', 'sensitive']).execute();
  const tagNames = new Map(tagDefs.map((t) => [t.code, t.name_zh]));
  const sensitiveTags = new Set(tagDefs.filter((t) => t.sensitive === 1).map((t) => t.code));
  const filters = describeFilters(q, org?.name ?? null, home?.address ?? null, tagNames);

  // The record of who took which rows out, written before the first byte leaves.
  const queryKind = q.q ? classifyQuery(q.q).kind : undefined;
  await ctx.audit(ctx.db, audit, {
    action: 'resident.export',
    targetType: 'resident',
    orgId: org?.id ?? null,
    details: {
      filters: { orgId: q.orgId, tag: q.tag, status: q.status, minAge: q.minAge, maxAge: q.maxAge, homeId: q.homeId, query: queryKind },
      rows: total,
      masked: !unmasked,
      ...(unmasked ? { unmasked: true, reason: q.reason } : {}),
    },
  });

  const stream = new PassThrough();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
  wb.creator = 'Lingyan';
  const ws = wb.addWorksheet('居民名单');
  ws.columns = COLUMNS.map((c) => ({ width: c.width }));
  const note = (text: string) => ws.addRow([text]).commit();
  const title = ws.addRow(['居民名单']);
  title.font = { bold: true, size: 14 };
  title.commit();
  note(`导出人：${actor.displayName}（${actor.username}）`);
  note(`导出时间：${chinaTime(now)}（北京时间）`);
  note(`筛选条件：${filters}`);
  note(
    unmasked ? `敏感信息：明文（事由：${q.reason!.trim()}）——请妥善保管，用后销毁` : '敏感信息：已脱敏（身份证号码、联系电话部分隐藏，民族及敏感标签不显示）',
  );
  note(`共 ${total} 人`);
  const head = ws.addRow(COLUMNS.map((c) => c.header));
  head.font = { bold: true };
  head.commit();

  const write = async () => {
    let after: [string, string, string] | null = null;
    for (;;) {
      let page = base
        .leftJoin('buildings as b', 'b.id', 'h.building_id')
        .leftJoin('building_units as u', 'u.id', 'h.unit_id')
        .select([
          ...residentColumns,
          'r.name_pinyin',
          'r.id_number_enc',
          'r.phone_enc',
          'g.code as grid_code',
          'b.name as building_name',
          'u.name as unit_name',
          'h.room_no',
        ])
        .orderBy('r.org_path')
        .orderBy('r.name_pinyin')
        .orderBy('r.id')
        .limit(PAGE);
      if (after) {
        const [path, pinyin, id] = after;
        page = page.where(sql<SqlBool>`(r.org_path, r.name_pinyin, r.id) > (${path}, ${pinyin}, ${id})`);
      }
      const rows = await page.execute();
      if (rows.length === 0) break;
      const tags = await tagsOf(
        ctx.db,
        rows.map((r) => r.id),
      );
      for (const r of rows) {
        const dec = (v: string | null, c: string) => (v ? ctx.crypto.decrypt(v, c) : null);
        const ethnic = unmasked ? dec(r.ethnicity_enc, FIELD_CONTEXT.ethnicity) : null;
        const shownTags = (tags.get(r.id) ?? []).filter((t) => unmasked || !sensitiveTags.has(t)).map((t) => tagNames.get(t) ?? t);
        ws.addRow([
          r.name,
          unmasked ? dec(r.id_number_enc, FIELD_CONTEXT.idNumber) : r.id_number_masked,
          r.gender ? GENDER_LABELS[r.gender as keyof typeof GENDER_LABELS] : null,
          r.birth_date,
          r.birth_date ? ageOn(r.birth_date, today) : null,
          unmasked ? dec(r.phone_enc, FIELD_CONTEXT.phone) : r.phone_masked,
          r.ethnicity_enc ? (unmasked ? (ETHNIC_GROUPS[ethnic ?? ''] ?? ethnic) : '***') : null,
          r.political_status ? POLITICAL_STATUS_LABELS[r.political_status as keyof typeof POLITICAL_STATUS_LABELS] : null,
          r.education ? EDUCATION_LABELS[r.education as keyof typeof EDUCATION_LABELS] : null,
          r.occupation,
          r.employer,
          r.grid_name,
          r.grid_code,
          r.building_name,
          r.unit_name,
          r.room_no,
          r.address,
          r.relation ? (RELATIONS[r.relation] ?? r.relation) : null,
          REGISTRATION_TYPE_LABELS[r.registration_type as keyof typeof REGISTRATION_TYPE_LABELS] ?? r.registration_type,
          shownTags.join('、') || null,
          r.residence_permit_no,
          r.residence_permit_expires,
          r.moved_in_at,
          RESIDENT_STATUS_LABELS[r.status as keyof typeof RESIDENT_STATUS_LABELS] ?? r.status,
        ]).commit();
      }
      const last = rows[rows.length - 1]!;
      after = [last.org_path, last.name_pinyin, last.id];
      if (stream.writableNeedDrain) await drained(stream);
      if (stream.destroyed) return; // the client went away
      if (rows.length < PAGE) break;
    }
    ws.commit();
    await wb.commit();
  };
  void write().catch((err: unknown) => stream.destroy(err as Error));
  return { fileName: `居民名单-${today.replaceAll('-', '')}.xlsx`, stream };
}

/** Waits until a slow reader has caught up, or has gone. */
function drained(stream: PassThrough): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      stream.off('drain', done);
      stream.off('close', done);
      resolve();
    };
    stream.once('drain', done);
    stream.once('close', done);
  });
}

/** Content-Disposition for a non-ASCII file name (RFC 6266 / RFC 5987), with an ASCII fallback. */
export function attachment(fileName: string, asciiFallback: string): string {
  return `attachment; filename="${asciiFallback}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
