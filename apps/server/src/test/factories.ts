import type { Kysely } from 'kysely';
import { checkCharacter, type RoleCode } from '@lingyan/shared';
import type { AppContext } from '../platform/context.ts';
import type { DB, ResidentsTable, ServiceRequestsTable } from '../platform/db/schema.ts';
import { hashPassword } from '../platform/auth/passwords.ts';
import { DEFAULT_DEPARTMENTS } from '../modules/stars/stars.defaults.ts';
import { newId } from '../platform/ids.ts';
import { DEMO_PASSWORD } from './harness.ts';
import { encodePersonal, type PersonalInput } from '../modules/residents/resident-codec.ts';
import { applyTally } from '../modules/service-requests/service-requests.tally.ts';

/**
 * Test data builders that write straight to the database through the same codec the app uses,
 * so a test can set up the world it needs without going through the routes it does not test.
 */
let serial = 0;

/** A valid synthetic ID number of Shawan (654203) for the given birth date. */
export function syntheticIdNumber(birth = '19850312', sequence?: number): string {
  const seq = String(sequence ?? ++serial % 1000).padStart(3, '0');
  const first17 = `654203${birth}${seq}`;
  return first17 + checkCharacter(first17);
}

async function grid(ctx: AppContext, code: string) {
  return ctx.db.selectFrom('org_nodes').select(['id', 'path']).where('code', '=', code).executeTakeFirstOrThrow();
}

export async function buildBuilding(ctx: AppContext, gridCode = '654203002009001', overrides: { name?: string; units?: string[] } = {}) {
  const g = await grid(ctx, gridCode);
  const id = newId();
  const now = new Date().toISOString();
  await ctx.db
    .insertInto('buildings')
    .values({
      id,
      grid_id: g.id,
      org_path: g.path,
      name: overrides.name ?? `${++serial}号楼`,
      address: null,
      kind: 'residential',
      floors: 6,
      created_at: now,
      updated_at: now,
    })
    .execute();
  const units = overrides.units ?? ['1单元', '2单元'];
  const unitIds: string[] = [];
  for (const [i, name] of units.entries()) {
    const uid = newId();
    unitIds.push(uid);
    await ctx.db.insertInto('building_units').values({ id: uid, building_id: id, name, sort_order: i }).execute();
  }
  return { id, gridId: g.id, unitIds };
}

export async function buildHome(
  ctx: AppContext,
  gridCode = '654203002009001',
  overrides: { buildingId?: string; unitId?: string; roomNo?: string; address?: string; isRented?: boolean; kind?: string } = {},
) {
  const g = await grid(ctx, gridCode);
  const id = newId();
  const now = new Date().toISOString();
  const room = overrides.roomNo ?? String(100 + (++serial % 900));
  await ctx.db
    .insertInto('homes')
    .values({
      id,
      grid_id: g.id,
      org_path: g.path,
      building_id: overrides.buildingId ?? null,
      unit_id: overrides.unitId ?? null,
      kind: overrides.kind ?? 'home',
      name: null,
      room_no: room,
      address: overrides.address ?? `沙湾市测试小区${serial}号楼${room}室`,
      area_m2: 86.5,
      use: 'residential',
      ownership: 'private',
      is_rented: overrides.isRented ? 1 : 0,
      created_at: now,
      updated_at: now,
    })
    .execute();
  return { id, gridId: g.id };
}

export type ResidentOverrides = Partial<PersonalInput> & Partial<Omit<ResidentsTable, 'name'>> & { gridCode?: string; tags?: string[] };

export async function buildResident(ctx: AppContext, overrides: ResidentOverrides = {}) {
  const g = await grid(ctx, overrides.gridCode ?? '654203002009001');
  const encoded = encodePersonal(
    ctx.crypto,
    {
      name: overrides.name ?? `测试居民${++serial}`,
      idNumber: overrides.idNumber === undefined ? syntheticIdNumber() : overrides.idNumber,
      phone: overrides.phone ?? null,
      ethnicity: overrides.ethnicity ?? '01',
      religion: overrides.religion ?? null,
    },
    new Date(),
  );
  if ('problem' in encoded) throw new Error(`buildResident: ${JSON.stringify(encoded.problem)}`);
  const id = newId();
  const now = new Date().toISOString();
  const { gridCode: _g, tags, name: _n, idNumber: _i, phone: _p, ethnicity: _e, religion: _r, ...columns } = overrides;
  await ctx.db
    .insertInto('residents')
    .values({
      id,
      grid_id: g.id,
      org_path: g.path,
      home_id: null,
      household_id: null,
      relation: null,
      political_status: null,
      education: null,
      occupation: null,
      employer: null,
      registration_type: 'local',
      residence_permit_no: null,
      residence_permit_expires: null,
      status: 'living',
      moved_in_at: null,
      import_id: null,
      created_at: now,
      updated_at: now,
      ...encoded.columns,
      ...columns,
    })
    .execute();
  if (tags?.length)
    await ctx.db
      .insertInto('resident_tags')
      .values(tags.map((tag) => ({ resident_id: id, tag })))
      .execute();
  return { id, gridId: g.id };
}

export async function buildTenancy(
  ctx: AppContext,
  homeId: string,
  tenantId: string,
  overrides: { startDate?: string; registeredOn?: string; endDate?: string | null } = {},
) {
  const home = await ctx.db.selectFrom('homes').select(['org_path']).where('id', '=', homeId).executeTakeFirstOrThrow();
  const id = newId();
  const now = new Date().toISOString();
  const start = overrides.startDate ?? '2026-10-01';
  const registered = overrides.registeredOn ?? start;
  const delay = Math.round((Date.parse(registered) - Date.parse(start)) / 86_400_000);
  await ctx.db
    .insertInto('tenancies')
    .values({
      id,
      home_id: homeId,
      org_path: home.org_path,
      tenant_id: tenantId,
      landlord_id: null,
      start_date: start,
      end_date: overrides.endDate ?? null,
      contract_no: null,
      registered_on: registered,
      registration_delay_days: delay,
      created_at: now,
      updated_at: now,
    })
    .execute();
  return { id };
}

let requestSerial = 0;

/** A service request with exactly the given facts; everything else filled in plainly (received 2 November 2026). */
export async function buildServiceRequest(ctx: AppContext, communityCode: string, f: Partial<ServiceRequestsTable> = {}) {
  const org = await ctx.db.selectFrom('org_nodes').select(['id', 'path']).where('code', '=', communityCode).executeTakeFirstOrThrow();
  const item = await ctx.db
    .selectFrom('service_items')
    .select('id')
    .where('code', '=', f.channel === 'online' ? 'YB-01' : 'JY-01')
    .executeTakeFirstOrThrow();
  const at = '2026-11-02T02:00:00.000Z';
  const id = newId();
  const row: ServiceRequestsTable = {
    id,
    number: `FWTEST-${++requestSerial}-${id.slice(-6)}`,
    org_id: org.id,
    org_path: org.path,
    item_id: item.id,
    channel: 'window',
    resident_id: null,
    visitor_name: '测试',
    contact_phone_enc: null,
    contact_phone_idx: null,
    contact_phone_masked: null,
    contact_phone_last4: null,
    description: 'x',
    state: 'received',
    owner_id: null,
    handler_id: null,
    handler_org_id: null,
    received_at: at,
    received_date: '2026-11-02',
    response_due: '2026-11-03',
    responded_at: null,
    response_clock: null,
    completion_due: '2026-11-09',
    due_provisional: 0,
    paused_on: null,
    paused_days: 0,
    completed_at: null,
    completion_clock: null,
    informed_at: null,
    inform_method: null,
    closed_at: null,
    refused_reason: null,
    trips: 0,
    agency_authorized: 0,
    rating: null,
    rating_comment: null,
    rated_at: null,
    rating_source: null,
    follow_up_needed: 0,
    excluded: 0,
    excluded_reason: null,
    reopened_count: 0,
    created_at: at,
    updated_at: at,
    ...f,
  };
  // The figures' tally counts it as the app would have (service-requests.tally.ts).
  await ctx.db.transaction().execute(async (trx) => {
    await trx.insertInto('service_requests').values(row).execute();
    await applyTally(trx, null, row);
  });
  return { id };
}

/** A user with one assignment (role at the org node); signs in with `password` (the demo password by default). */
export async function buildUser(
  db: Kysely<DB>,
  username: string,
  role: RoleCode,
  orgId: string,
  opts: { displayName?: string; password?: string } = {},
): Promise<string> {
  const now = new Date().toISOString();
  const id = newId();
  await db
    .insertInto('users')
    .values({
      id,
      username,
      display_name: opts.displayName ?? username,
      password_hash: await hashPassword(opts.password ?? DEMO_PASSWORD),
      status: 'active',
      must_change_password: 0,
      failed_logins: 0,
      created_at: now,
      updated_at: now,
    })
    .execute();
  await db
    .insertInto('assignments')
    .values({ id: newId(), user_id: id, role, org_id: orgId, valid_from: null, valid_to: null, created_at: now, created_by: null })
    .execute();
  return id;
}

/**
 * A department officer at the city, member of the departments with these codes; a department the
 * database lacks is created (named `names[code]`, else the default catalog's, else the code).
 */
export async function buildDepartmentOfficer(
  db: Kysely<DB>,
  username: string,
  departmentCodes: readonly string[] = [],
  opts: { displayName?: string; password?: string; names?: Record<string, string> } = {},
): Promise<string> {
  const now = new Date().toISOString();
  const city = await db.selectFrom('org_nodes').select('id').where('kind', '=', 'city').executeTakeFirstOrThrow();
  const id = await buildUser(db, username, 'department-officer', city.id, opts);
  for (const code of departmentCodes) {
    let dept = await db.selectFrom('departments').select('id').where('code', '=', code).executeTakeFirst();
    if (!dept) {
      dept = { id: newId() };
      const name = opts.names?.[code] ?? DEFAULT_DEPARTMENTS.find((d) => d.code === code)?.name ?? code;
      await db.insertInto('departments').values({ id: dept.id, code, name, created_at: now }).execute();
    }
    await db.insertInto('department_members').values({ department_id: dept.id, user_id: id, created_at: now }).execute();
  }
  return id;
}
