import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inflateSync } from 'node:zlib';
import type { LightMyRequestResponse } from 'fastify';
import type { AppContext } from '../platform/context.ts';
import { newId } from '../platform/ids.ts';
import { storagePath } from '../modules/files/files.store.ts';
import { PNG_1X1 } from '../modules/files/files.test-support.ts';
import { buildEvent } from '../modules/events/events.test-support.ts';
import { openZipEntry, readZipDirectory } from '../modules/imports/zip-entries.ts';
import { readText } from '../modules/imports/xml-scan.ts';
import { buildBuilding, buildHome, buildResident, buildServiceRequest, buildTenancy, syntheticIdNumber } from './factories.ts';

/**
 * Canary records: one of each kind of record, in 体育场路社区 (桃园街道, outside every scoped demo
 * actor's scope), each carrying a marker string. No body a scoped actor receives may contain a
 * marker, nor a canary's id, nor its resident's ID number or phone.
 */
export const CANARY_COMMUNITY = '654203001017';
export const CANARY_GRID = '654203001017001';
/** In every canary text: a Chinese marker (names) and an ASCII one (codes, files, PDFs). */
export const MARK_ZH = '金丝雀';
export const MARK_ASCII = 'QZXCANARY';
const CANARY_REQUEST_NUMBER = `FW${MARK_ASCII}0001`;
const mark = (what: string) => `${MARK_ZH}${what}${MARK_ASCII}`;

export type Canaries = { ids: Record<string, string>; idNumber: string; phone: string; markers: string[] };

export async function plantCanaries(ctx: AppContext): Promise<Canaries> {
  const db = ctx.db;
  const now = new Date().toISOString();
  const org = await db.selectFrom('org_nodes').select(['id', 'path']).where('code', '=', CANARY_COMMUNITY).executeTakeFirstOrThrow();
  const grid = await db.selectFrom('org_nodes').select(['id', 'path']).where('code', '=', CANARY_GRID).executeTakeFirstOrThrow();
  const leader = await db.selectFrom('users').select('id').where('username', '=', 'tiyuchang').executeTakeFirstOrThrow();
  const ids: Record<string, string> = {};
  const idNumber = syntheticIdNumber('19700101', 987);
  const phone = '13900009876';

  ids.building = (await buildBuilding(ctx, CANARY_GRID, { name: mark('楼') })).id;
  ids.home = (await buildHome(ctx, CANARY_GRID, { buildingId: ids.building, address: mark('路1号'), isRented: true })).id;
  ids.resident = (await buildResident(ctx, { gridCode: CANARY_GRID, name: `${MARK_ZH}居民`, idNumber, phone, home_id: ids.home, occupation: mark('职业') })).id;
  ids.tenant = (await buildResident(ctx, { gridCode: CANARY_GRID, name: `${MARK_ZH}租客`, home_id: ids.home })).id;
  ids.tenancy = (await buildTenancy(ctx, ids.home, ids.tenant)).id;
  await db
    .updateTable('tenancies')
    .set({ contract_no: mark('合同') })
    .where('id', '=', ids.tenancy)
    .execute();
  ids.household = newId();
  await db
    .insertInto('households')
    .values({
      id: ids.household,
      home_id: ids.home,
      org_path: grid.path,
      head_resident_id: ids.resident,
      registration_type: 'local',
      created_at: now,
      updated_at: now,
    })
    .execute();
  await db.updateTable('residents').set({ household_id: ids.household, relation: '02' }).where('id', '=', ids.resident).execute();

  ids.request = (
    await buildServiceRequest(ctx, CANARY_COMMUNITY, {
      number: CANARY_REQUEST_NUMBER,
      resident_id: ids.resident,
      visitor_name: `${MARK_ZH}来访`,
      description: mark('诉求'),
      contact_phone_last4: phone.slice(-4),
      owner_id: leader.id,
      handler_id: leader.id,
    })
  ).id;
  ids.event = await buildEvent(db, CANARY_GRID, 'dispatched', { description: mark('事件'), address: mark('事件地址') });

  ids.visit = newId();
  await db
    .insertInto('visits')
    .values({
      id: ids.visit,
      household_id: ids.household,
      grid_id: grid.id,
      org_path: grid.path,
      visited_on: '2026-11-01',
      kind: 'routine',
      notes: mark('走访'),
      visitor_id: leader.id,
      raised_type: null,
      raised_id: null,
      created_at: now,
    })
    .execute();
  ids.need = newId();
  await db
    .insertInto('needs')
    .values({
      id: ids.need,
      household_id: ids.household,
      grid_id: grid.id,
      org_path: grid.path,
      visit_id: ids.visit,
      category: 'other',
      description: mark('需求'),
      status: 'open',
      created_by: leader.id,
      created_at: now,
      updated_at: now,
    })
    .execute();

  ids.gridPerson = newId();
  await db
    .insertInto('grid_people')
    .values({
      id: ids.gridPerson,
      grid_id: grid.id,
      org_path: grid.path,
      role: 'liaison',
      user_id: null,
      resident_id: ids.resident,
      name: `${MARK_ZH}楼栋长`,
      building_id: ids.building,
      party_role: null,
      valid_from: '2026-01-01',
      valid_to: null,
      created_at: now,
      created_by: leader.id,
    })
    .execute();

  ids.task = newId();
  await db
    .insertInto('grid_tasks')
    .values({
      id: ids.task,
      title: mark('任务'),
      description: mark('任务内容'),
      due_date: '2099-12-31',
      admitted_item_ref: null,
      sender_org_id: org.id,
      sender_org_path: org.path,
      created_by: leader.id,
      created_at: now,
      state: 'open',
      closed_at: null,
      updated_at: now,
    })
    .execute();
  await db
    .insertInto('grid_task_targets')
    .values({
      id: newId(),
      task_id: ids.task,
      grid_id: grid.id,
      grid_path: grid.path,
      state: 'pending',
      note: null,
      reported_by: null,
      reported_at: null,
      returned_reason: null,
      updated_at: now,
    })
    .execute();
  ids.notice = newId();
  await db
    .insertInto('notices')
    .values({
      id: ids.notice,
      title: mark('通知'),
      body: mark('通知内容'),
      sender_org_id: org.id,
      sender_org_path: org.path,
      created_by: leader.id,
      created_at: now,
    })
    .execute();
  await db
    .insertInto('notice_recipients')
    .values({ id: newId(), notice_id: ids.notice, user_id: leader.id, grid_id: grid.id, grid_path: grid.path, acknowledged_at: null })
    .execute();

  ids.file = newId();
  const storageName = `canary/${ids.file}`;
  fs.mkdirSync(path.dirname(storagePath(ctx, storageName)), { recursive: true });
  fs.writeFileSync(storagePath(ctx, storageName), PNG_1X1);
  await db
    .insertInto('files')
    .values({
      id: ids.file,
      storage_name: storageName,
      name: `${MARK_ASCII}.png`,
      content_type: 'image/png',
      size: PNG_1X1.length,
      sha256: '-',
      uploaded_by: leader.id,
      uploaded_at: now,
      record_type: 'event',
      record_id: ids.event,
      record_org_path: grid.path,
    })
    .execute();

  ids.import = newId();
  await db
    .insertInto('imports')
    .values({
      id: ids.import,
      kind: 'residents',
      status: 'checked',
      file_name: `${MARK_ASCII}.xlsx`,
      org_id: org.id,
      org_path: org.path,
      created_by: leader.id,
      created_at: now,
      total_rows: 1,
      checked_rows: 1,
      error_count: 0,
      committed_rows: 0,
    })
    .execute();

  return { ids, idNumber, phone, markers: [MARK_ZH, MARK_ASCII, idNumber, phone, ...Object.values(ids)] };
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The text of every XML part of an xlsx (its cells live in sharedStrings and the sheets). */
async function xlsxText(body: Buffer): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lingyan-canary-'));
  try {
    const file = path.join(dir, 'body.xlsx');
    fs.writeFileSync(file, body);
    const parts: string[] = [];
    for (const entry of (await readZipDirectory(file)).values()) {
      if (entry.name.endsWith('.xml')) parts.push(await readText(await openZipEntry(file, entry), 50_000_000));
    }
    return parts.join('\n');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** A PDF's raw bytes plus its deflated streams (its Chinese glyphs are font indices: only ASCII markers and ids show). */
function pdfText(body: Buffer): string {
  const raw = body.toString('latin1');
  const out = [raw];
  for (const m of raw.matchAll(/stream\r?\n/g)) {
    const start = m.index + m[0].length;
    const end = raw.indexOf('endstream', start);
    if (end < 0) continue;
    try {
      out.push(inflateSync(body.subarray(start, end)).toString('latin1'));
    } catch {
      // Not a deflated stream (an image or a font): nothing readable to scan.
    }
  }
  return out.join('\n');
}

/** Everything a response carries, as text: JSON and text bodies as they are, spreadsheets unzipped, PDFs inflated. */
export async function bodyText(res: LightMyRequestResponse): Promise<string> {
  const type = String(res.headers['content-type'] ?? '');
  if (type.startsWith(XLSX)) return xlsxText(res.rawPayload);
  if (type.startsWith('application/pdf')) return pdfText(res.rawPayload);
  return res.body;
}

/** The markers a response carries (nothing, if it keeps to its scope). */
export async function leakedMarkers(res: LightMyRequestResponse, markers: readonly string[]): Promise<string[]> {
  const text = await bodyText(res);
  return markers.filter((m) => text.includes(m));
}

/** The registry as a separated administrator must never see it: every resident's name and id. */
export async function residentMarkers(ctx: AppContext): Promise<string[]> {
  const rows = await ctx.db.selectFrom('residents').select(['id', 'name']).execute();
  return rows.flatMap((r) => [r.id, r.name]);
}

/**
 * Requests aimed at the canaries, spread into the matrix beside each route's own cases: searches for
 * their markers (expected statuses as the route's first case), and filters naming a canary record.
 */
export type CanaryProbe = { route: string; url: (c: Canaries) => string; expect?: Record<string, number> };
const OUTSIDE_404 = { city: 200, tuanjie: 404, tianshan: 404, 'tianshan-window': 404, 'tianshan-grid1': 404 };
export const CANARY_PROBES: CanaryProbe[] = [
  { route: 'GET /api/v1/residents', url: () => `/api/v1/residents?q=${encodeURIComponent(MARK_ZH)}` },
  { route: 'GET /api/v1/residents', url: (c) => `/api/v1/residents?q=${c.phone}` },
  // The export writes its search into the file's header, so it is searched by phone (which the header masks).
  { route: 'GET /api/v1/residents/export.xlsx', url: (c) => `/api/v1/residents/export.xlsx?q=${c.phone}` },
  // The export once wrote the address of any home named by homeId into its header, in scope or not.
  {
    route: 'GET /api/v1/residents/export.xlsx',
    url: (c) => `/api/v1/residents/export.xlsx?homeId=${c.ids.home}`,
    expect: { city: 200, tuanjie: 404, tianshan: 404, 'tianshan-window': 404 },
  },
  { route: 'GET /api/v1/service-requests', url: () => `/api/v1/service-requests?q=${encodeURIComponent(MARK_ZH)}` },
  { route: 'GET /api/v1/events', url: () => `/api/v1/events?q=${MARK_ASCII}` },
  { route: 'GET /api/v1/homes', url: () => `/api/v1/homes?q=${MARK_ASCII}` },
  { route: 'GET /api/v1/buildings', url: () => `/api/v1/buildings?q=${MARK_ASCII}` },
  { route: 'GET /api/v1/visits/households', url: () => `/api/v1/visits/households?q=${MARK_ASCII}` },
  { route: 'GET /api/v1/households', url: (c) => `/api/v1/households?homeId=${c.ids.home}`, expect: OUTSIDE_404 },
];

/** Placeholders for the test names, written before the canaries exist. */
export const EXAMPLE_CANARIES: Canaries = {
  ids: new Proxy({}, { get: (_t, k) => `<${String(k)}>` }),
  idNumber: '<idNumber>',
  phone: '<phone>',
  markers: [],
};

/** More records outside every scoped actor's scope (a request, an event, a resident, a visit), for figures that must not move. */
export async function plantMoreOutside(ctx: AppContext, canaries: Canaries): Promise<void> {
  await buildServiceRequest(ctx, CANARY_COMMUNITY, { description: mark('又一诉求'), state: 'completed', completed_at: '2026-11-05' });
  await buildEvent(ctx.db, CANARY_GRID, 'closed', { description: mark('又一事件') });
  await buildResident(ctx, { gridCode: CANARY_GRID, name: `${MARK_ZH}又一居民`, home_id: canaries.ids.home });
  const household = await ctx.db.selectFrom('households').select(['id', 'org_path']).where('id', '=', canaries.ids.household!).executeTakeFirstOrThrow();
  const grid = await ctx.db.selectFrom('org_nodes').select('id').where('code', '=', CANARY_GRID).executeTakeFirstOrThrow();
  const leader = await ctx.db.selectFrom('users').select('id').where('username', '=', 'tiyuchang').executeTakeFirstOrThrow();
  await ctx.db
    .insertInto('visits')
    .values({
      id: newId(),
      household_id: household.id,
      grid_id: grid.id,
      org_path: household.org_path,
      visited_on: '2026-11-20',
      kind: 'routine',
      notes: mark('又一走访'),
      visitor_id: leader.id,
      raised_type: null,
      raised_id: null,
      created_at: new Date().toISOString(),
    })
    .execute();
}
