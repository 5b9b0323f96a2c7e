import { sql, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import { bornOnOrBefore, periodOf, type List, type Permission, type VisitPeriodPolicy } from '@lingyan/shared';
import type { DB } from '../../platform/db/schema.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { escapeLike, inScope } from '../../platform/policy/scope.ts';
import { paginate } from '../../platform/http/pagination.ts';
import { filesOf } from '../files/files.commands.ts';

export const VISIT_FILE_TYPE = 'visit';

/** A household the actor may see (or write to) with `permission`, with its home's address and grid. */
export async function findHousehold(db: Kysely<DB>, actor: Actor, id: string, permission: Permission) {
  return db
    .selectFrom('households as hh')
    .innerJoin('homes as h', 'h.id', 'hh.home_id')
    .innerJoin('org_nodes as g', 'g.id', 'h.grid_id')
    .select(['hh.id', 'hh.org_path', 'hh.head_resident_id', 'h.address', 'h.grid_id', 'g.name as grid_name', 'g.path as grid_path'])
    .where('hh.id', '=', id)
    .where((eb) => inScope(eb, 'hh.org_path', actor, permission))
    .executeTakeFirst();
}

export type VisitEnv = { policy: VisitPeriodPolicy; today: string };

/** Whether household `hh` belongs to a special group (a living member with a listed tag, or old enough). */
function specialExpr(env: VisitEnv): RawBuilder<SqlBool> {
  const { tags, minAge } = env.policy.special;
  const byAge = minAge === null ? sql`1 = 0` : sql`r.birth_date <= ${bornOnOrBefore(minAge, env.today)}`;
  const byTag = tags.length ? sql`exists (select 1 from resident_tags t where t.resident_id = r.id and t.tag in (${sql.join(tags)}))` : sql`1 = 0`;
  return sql<SqlBool>`exists (select 1 from residents r where r.household_id = hh.id and r.status = 'living' and (${byAge} or ${byTag}))`;
}

/**
 * The households the actor visits (visit:read scope, optionally under one org node), each with its
 * members, last visit and whether it is due: not visited in its current period — the month for a
 * special group, the city's period otherwise. `dueOnly` lists the due ones, never-visited first,
 * then the longest unvisited.
 */
export async function listVisitHouseholds(
  db: Kysely<DB>,
  actor: Actor,
  env: VisitEnv,
  filter: { orgPath?: string | undefined; q?: string | undefined; dueOnly: boolean },
  page: { page: number; pageSize: number },
) {
  const general = periodOf(env.today, env.policy.everyMonths);
  const special = periodOf(env.today, env.policy.special.everyMonths);
  const last = sql<string>`coalesce(l.last_visited_on, '')`;
  let q = db
    .selectFrom('households as hh')
    .innerJoin('homes as h', 'h.id', 'hh.home_id')
    .innerJoin('org_nodes as g', 'g.id', 'h.grid_id')
    .leftJoin('household_last_visits as l', 'l.household_id', 'hh.id')
    .where((eb) => inScope(eb, 'hh.org_path', actor, 'visit:read'));
  if (filter.orgPath) q = q.where(sql<SqlBool>`hh.org_path like ${escapeLike(filter.orgPath) + '%'} escape '\\'`);
  if (filter.q) q = q.where(sql<SqlBool>`h.address like ${'%' + escapeLike(filter.q) + '%'} escape '\\'`);
  if (filter.dueOnly)
    q = q.where((eb) => eb.or([eb.and([eb(last, '<', general.from), eb.not(specialExpr(env))]), eb.and([eb(last, '<', special.from), specialExpr(env)])]));
  const list = await paginate(q, page, (qq) =>
    qq
      .select(['hh.id', 'h.address', 'h.grid_id', 'g.name as grid_name', 'l.last_visited_on', specialExpr(env).as('special')])
      .orderBy(filter.dueOnly ? last : 'h.address')
      .orderBy('hh.id'),
  );
  const ids = list.items.map((i) => i.id);
  const members = ids.length
    ? await db
        .selectFrom('residents')
        .select(['id', 'name', 'relation', 'household_id'])
        .where('household_id', 'in', ids)
        .where('status', '=', 'living')
        .orderBy('relation')
        .orderBy('birth_date')
        .execute()
    : [];
  return {
    ...list,
    items: list.items.map((i) => {
      const isSpecial = !!Number(i.special);
      const period = isSpecial ? special : general;
      return {
        id: i.id,
        address: i.address,
        gridId: i.grid_id,
        gridName: i.grid_name,
        members: members.filter((m) => m.household_id === i.id).map((m) => ({ id: m.id, name: m.name, relation: m.relation })),
        special: isSpecial,
        lastVisitedOn: i.last_visited_on,
        periodKey: period.key,
        due: (i.last_visited_on ?? '') < period.from,
      };
    }),
  };
}

export type VisitFilter = {
  orgPath?: string | undefined;
  householdId?: string | undefined;
  kind?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
};

function visitQuery(db: Kysely<DB>, actor: Actor) {
  return db
    .selectFrom('visits as v')
    .innerJoin('households as hh', 'hh.id', 'v.household_id')
    .innerJoin('homes as h', 'h.id', 'hh.home_id')
    .innerJoin('org_nodes as g', 'g.id', 'v.grid_id')
    .innerJoin('users as u', 'u.id', 'v.visitor_id')
    .where((eb) => inScope(eb, 'v.org_path', actor, 'visit:read'));
}

const visitColumns = [
  'v.id',
  'v.household_id',
  'h.address',
  'v.grid_id',
  'g.name as grid_name',
  'v.visited_on',
  'v.kind',
  'v.notes',
  'u.display_name as visitor_name',
  'v.raised_type',
  'v.raised_id',
  'v.created_at',
] as const;

type VisitRow = {
  id: string;
  household_id: string;
  address: string;
  grid_id: string;
  grid_name: string;
  visited_on: string;
  kind: string;
  notes: string | null;
  visitor_name: string;
  raised_type: string | null;
  raised_id: string | null;
  created_at: string;
};

/** People met and photos for a page of visits; the photos of a raised event are shown with its visit. */
async function presentVisits(db: Kysely<DB>, rows: VisitRow[]) {
  const ids = rows.map((r) => r.id);
  const people = ids.length
    ? await db
        .selectFrom('visit_people as p')
        .innerJoin('residents as r', 'r.id', 'p.resident_id')
        .select(['p.visit_id', 'r.id', 'r.name'])
        .where('p.visit_id', 'in', ids)
        .orderBy('r.name')
        .execute()
    : [];
  const photos = await filesOf(db, VISIT_FILE_TYPE, ids);
  const eventIds = rows.filter((r) => r.raised_type === 'event' && r.raised_id).map((r) => r.raised_id!);
  const eventPhotos = await filesOf(db, 'event', eventIds);
  return rows.map((r) => ({
    id: r.id,
    householdId: r.household_id,
    address: r.address,
    gridId: r.grid_id,
    gridName: r.grid_name,
    visitedOn: r.visited_on,
    kind: r.kind as never,
    notes: r.notes,
    visitorName: r.visitor_name,
    peopleMet: people.filter((p) => p.visit_id === r.id).map((p) => ({ id: p.id, name: p.name })),
    photos: [...(photos.get(r.id) ?? []), ...(r.raised_type === 'event' && r.raised_id ? (eventPhotos.get(r.raised_id) ?? []) : [])],
    raised: r.raised_type && r.raised_id ? { type: r.raised_type as never, id: r.raised_id } : null,
    createdAt: r.created_at,
  }));
}

export type PresentedVisit = Awaited<ReturnType<typeof presentVisits>>[number];

export async function listVisits(db: Kysely<DB>, actor: Actor, f: VisitFilter, page: { page: number; pageSize: number }): Promise<List<PresentedVisit>> {
  let q = visitQuery(db, actor);
  if (f.orgPath) q = q.where(sql<SqlBool>`v.org_path like ${escapeLike(f.orgPath) + '%'} escape '\\'`);
  if (f.householdId) q = q.where('v.household_id', '=', f.householdId);
  if (f.kind) q = q.where('v.kind', '=', f.kind);
  if (f.from) q = q.where('v.visited_on', '>=', f.from);
  if (f.to) q = q.where('v.visited_on', '<=', f.to);
  const list = await paginate(q, page, (qq) => qq.select(visitColumns).orderBy('v.visited_on', 'desc').orderBy('v.id', 'desc'));
  return { ...list, items: await presentVisits(db, list.items) };
}

export async function findVisit(db: Kysely<DB>, actor: Actor, id: string): Promise<PresentedVisit | undefined> {
  const row = await visitQuery(db, actor).select(visitColumns).where('v.id', '=', id).executeTakeFirst();
  return row ? (await presentVisits(db, [row]))[0] : undefined;
}

function needQuery(db: Kysely<DB>, actor: Actor, permission: Permission) {
  return db
    .selectFrom('needs as n')
    .innerJoin('households as hh', 'hh.id', 'n.household_id')
    .innerJoin('homes as h', 'h.id', 'hh.home_id')
    .innerJoin('org_nodes as g', 'g.id', 'n.grid_id')
    .where((eb) => inScope(eb, 'n.org_path', actor, permission));
}
const needColumns = [
  'n.id',
  'n.household_id',
  'h.address',
  'g.name as grid_name',
  'n.visit_id',
  'n.category',
  'n.description',
  'n.status',
  'n.created_at',
] as const;
function presentNeed(n: {
  id: string;
  household_id: string;
  address: string;
  grid_name: string;
  visit_id: string | null;
  category: string;
  description: string;
  status: string;
  created_at: string;
}) {
  return {
    id: n.id,
    householdId: n.household_id,
    address: n.address,
    gridName: n.grid_name,
    visitId: n.visit_id,
    category: n.category as never,
    description: n.description,
    status: n.status as never,
    createdAt: n.created_at,
  };
}

export async function listNeeds(
  db: Kysely<DB>,
  actor: Actor,
  f: { orgPath?: string | undefined; status?: string | undefined },
  page: { page: number; pageSize: number },
) {
  let q = needQuery(db, actor, 'visit:read');
  if (f.orgPath) q = q.where(sql<SqlBool>`n.org_path like ${escapeLike(f.orgPath) + '%'} escape '\\'`);
  if (f.status) q = q.where('n.status', '=', f.status);
  const list = await paginate(q, page, (qq) => qq.select(needColumns).orderBy('n.created_at', 'desc').orderBy('n.id', 'desc'));
  return { ...list, items: list.items.map(presentNeed) };
}

export async function findNeed(db: Kysely<DB>, actor: Actor, id: string, permission: Permission) {
  const row = await needQuery(db, actor, permission)
    .select([...needColumns, 'n.org_path', 'n.grid_id'])
    .where('n.id', '=', id)
    .executeTakeFirst();
  return row ? { ...presentNeed(row), orgPath: row.org_path, gridId: row.grid_id } : undefined;
}
