import { sql, type Kysely, type Transaction } from 'kysely';
import {
  checkableQuarters,
  quarterOf,
  type StarApplication,
  type StarApplicationDetail,
  type StarCatalogContent,
  type StarCheck,
  type StarCheckBoard,
  type StarCheckResult,
} from '@lingyan/shared';
import type { DB } from '../../platform/db/schema.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { inScope, pathsCondition } from '../../platform/policy/scope.ts';
import { filesOf } from '../files/files.commands.ts';
import { currentCatalog, departmentCodesOf, heldStars, starNamesOf, type HeldStar } from '../stars/stars.repo.ts';
import { applicationAbilities, communityAbilities, STAR_HOLDER_KINDS, type ReviewContext } from './star-checks.policy.ts';

type Db = Kysely<DB> | Transaction<DB>;

/** A check's results as stored (JSON): one per star held when it was made. */
export type StoredResult = { starCode: string; result: StarCheckResult; note: string; removalId: string | null };

export const catalogYear = (today: string) => Number(today.slice(0, 4));

export const heldView = (held: readonly HeldStar[] | undefined, catalog: StarCatalogContent) => {
  const name = starNamesOf(catalog);
  const order = new Map(catalog.stars.map((s, i) => [s.code, i]));
  return [...(held ?? [])]
    .sort((a, b) => (order.get(a.starCode) ?? 99) - (order.get(b.starCode) ?? 99))
    .map((h) => ({ code: h.starCode, name: name(h.starCode), since: h.since }));
};

/** The checks of some communities, each with its results named from the catalog and its evidence. */
async function checksWhere(db: Db, catalog: StarCatalogContent, where: { ids?: string[]; communityIds?: string[]; quarter?: string }): Promise<StarCheck[]> {
  let q = db
    .selectFrom('star_checks as c')
    .innerJoin('users as u', 'u.id', 'c.checked_by')
    .select(['c.id', 'c.community_id', 'c.quarter', 'c.results', 'c.note', 'c.checked_at', 'u.display_name']);
  if (where.ids) q = q.where('c.id', 'in', where.ids);
  if (where.communityIds) q = q.where('c.community_id', 'in', where.communityIds);
  if (where.quarter) q = q.where('c.quarter', '=', where.quarter);
  const rows = await q.execute();
  const files = await filesOf(
    db,
    'star-check',
    rows.map((r) => r.id),
  );
  const name = starNamesOf(catalog);
  return rows.map((r) => ({
    id: r.id,
    communityId: r.community_id,
    quarter: r.quarter,
    results: (JSON.parse(r.results) as StoredResult[]).map((x) => ({ ...x, starName: name(x.starCode), removalId: x.removalId ?? null })),
    note: r.note,
    checkedByName: r.display_name,
    checkedAt: r.checked_at,
    attachments: files.get(r.id) ?? [],
  }));
}

export async function checkById(db: Db, catalog: StarCatalogContent, id: string): Promise<StarCheck> {
  const [check] = await checksWhere(db, catalog, { ids: [id] });
  return check!;
}

/** The communities and villages under `basePath` (or the whole scope) that the actor reads, with the quarter's check and their stars. */
export async function checkBoard(db: Kysely<DB>, actor: Actor, basePath: string | null, quarter: string | undefined, today: string): Promise<StarCheckBoard> {
  const currentQuarter = quarterOf(today);
  const wanted = quarter ?? currentQuarter;
  const checkable = checkableQuarters(today);
  const catalog = await currentCatalog(db, catalogYear(today));
  let q = db
    .selectFrom('org_nodes as o')
    .leftJoin('org_nodes as p', 'p.id', 'o.parent_id')
    .select(['o.id', 'o.name', 'o.kind', 'o.path', 'p.name as parent_name'])
    .where('o.kind', 'in', STAR_HOLDER_KINDS)
    .where((eb) => inScope(eb, 'o.path', actor, 'star:read'));
  if (basePath) q = q.where((eb) => pathsCondition(eb, 'o.path', [basePath]));
  const communities = await q.orderBy('p.sort_order').orderBy('p.code').orderBy('o.sort_order').orderBy('o.code').execute();
  const ids = communities.map((c) => c.id);
  const held = await heldStars(db, ids);
  const checks = new Map<string, StarCheck>();
  for (let i = 0; i < ids.length; i += 500) {
    for (const c of await checksWhere(db, catalog, { communityIds: ids.slice(i, i + 500), quarter: wanted })) checks.set(c.communityId, c);
  }
  return {
    quarter: wanted,
    currentQuarter,
    checkableQuarters: checkable,
    catalog: catalog.stars.map((s) => ({ code: s.code, name: s.name })),
    communities: communities.map((c) => {
      const stars = heldView(held.get(c.id), catalog);
      const check = checks.get(c.id) ?? null;
      return {
        communityId: c.id,
        communityName: c.name,
        kind: c.kind,
        townshipName: c.parent_name,
        stars,
        check,
        abilities: communityAbilities(actor, { path: c.path, held: stars.length, checked: check !== null, quarterCheckable: checkable.includes(wanted) }),
      };
    }),
  };
}

/** Who reviews what: the caller's departments and, from the current catalog, each star's department. */
export async function reviewContextOf(db: Db, actor: Actor, catalog: StarCatalogContent): Promise<ReviewContext> {
  const departments = new Map(catalog.stars.map((s) => [s.code, s.departmentCode]));
  return { departmentCodes: await departmentCodesOf(db, actor.userId), departmentOf: (code) => departments.get(code) ?? null };
}

const applicationColumns = [
  'a.id',
  'a.community_id',
  'a.community_path',
  'a.star_code',
  'a.reason',
  'a.state',
  'a.applied_at',
  'a.updated_at',
  'o.name as community_name',
  'u.display_name as applied_by_name',
] as const;

function applicationQuery(db: Db, actor: Actor) {
  return db
    .selectFrom('star_applications as a')
    .innerJoin('org_nodes as o', 'o.id', 'a.community_id')
    .innerJoin('users as u', 'u.id', 'a.applied_by')
    .where((eb) => inScope(eb, 'a.community_path', actor, 'star:read'));
}

export type ApplicationRow = NonNullable<Awaited<ReturnType<typeof findApplication>>>;

/** An application in the caller's star:read scope, or undefined (outside scope reads as absent). */
export function findApplication(db: Db, actor: Actor, id: string) {
  return applicationQuery(db, actor).select(applicationColumns).where('a.id', '=', id).executeTakeFirst();
}

function presentApplication(actor: Actor, row: ApplicationRow, catalog: StarCatalogContent, review: ReviewContext): StarApplication {
  return {
    id: row.id,
    communityId: row.community_id,
    communityName: row.community_name,
    starCode: row.star_code,
    starName: starNamesOf(catalog)(row.star_code),
    departmentCode: review.departmentOf(row.star_code),
    reason: row.reason,
    state: row.state as StarApplication['state'],
    appliedByName: row.applied_by_name,
    appliedAt: row.applied_at,
    updatedAt: row.updated_at,
    abilities: applicationAbilities(actor, row, review),
  };
}

export async function listApplications(
  db: Kysely<DB>,
  actor: Actor,
  filter: { state?: string | undefined; actionable?: boolean },
  page: { page: number; pageSize: number },
  today: string,
) {
  const catalog = await currentCatalog(db, catalogYear(today));
  const review = await reviewContextOf(db, actor, catalog);
  let q = applicationQuery(db, actor);
  if (filter.state) q = q.where('a.state', '=', filter.state);
  if (filter.actionable) {
    const reviewable = catalog.stars.filter((s) => review.departmentCodes.includes(s.departmentCode)).map((s) => s.code);
    q = q.where((eb) =>
      eb.or([
        eb.and([eb('a.state', '=', 'applied'), inScope(eb, 'a.community_path', actor, 'star:check')]),
        eb.and([
          eb('a.state', '=', 'checked'),
          inScope(eb, 'a.community_path', actor, 'star:review'),
          reviewable.length > 0 ? eb('a.star_code', 'in', reviewable) : sql<boolean>`1 = 0`,
        ]),
        eb.and([eb('a.state', '=', 'reviewed'), inScope(eb, 'a.community_path', actor, 'star:approve')]),
      ]),
    );
  }
  const [{ total }] = (await q.select(sql<number>`count(*)`.as('total')).execute()) as [{ total: number }];
  const rows = await q
    .select(applicationColumns)
    .orderBy('a.updated_at', 'desc')
    .orderBy('a.id', 'desc')
    .limit(page.pageSize)
    .offset((page.page - 1) * page.pageSize)
    .execute();
  return { items: rows.map((r) => presentApplication(actor, r, catalog, review)), total: Number(total), page: page.page, pageSize: page.pageSize };
}

export async function applicationDetail(db: Kysely<DB>, actor: Actor, row: ApplicationRow, today: string): Promise<StarApplicationDetail> {
  const catalog = await currentCatalog(db, catalogYear(today));
  const review = await reviewContextOf(db, actor, catalog);
  const steps = await db
    .selectFrom('star_application_steps')
    .select(['id', 'action', 'actor_name', 'at', 'note'])
    .where('application_id', '=', row.id)
    .orderBy('at')
    .orderBy('id')
    .execute();
  const files = await filesOf(db, 'star-application', [row.id]);
  return {
    ...presentApplication(actor, row, catalog, review),
    attachments: files.get(row.id) ?? [],
    steps: steps.map((s) => ({
      id: s.id,
      action: s.action as StarApplicationDetail['steps'][number]['action'],
      actorName: s.actor_name,
      at: s.at,
      note: s.note,
    })),
  };
}
