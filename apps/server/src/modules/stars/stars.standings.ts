import { sql, type Kysely, type Transaction } from 'kysely';
import { starStanding, type StarCatalogContent, type StarRules, type StarStanding } from '@lingyan/shared';
import type { DB } from '../../platform/db/schema.ts';
import { pathsCondition } from '../../platform/policy/scope.ts';
import { starNamesOf } from './stars.repo.ts';

type Db = Kysely<DB> | Transaction<DB>;

export type CommunityStanding = StarStanding & {
  communityId: string;
  communityCode: string;
  communityName: string;
  townshipName: string;
  /** Held stars (code, since), in star-code order; present them in catalog order with `inCatalogOrder`. */
  stars: { code: string; since: string }[];
};

/**
 * Every community's and village's standing (under `paths`, when given): one query — each
 * community with its held stars folded into one text by `string_agg` (PostgreSQL, SQLite ≥ 3.44),
 * so that 10,000 communities are 10,000 rows and no sort of every holding — then the pure rules.
 * Ordered by township code, then community code: the board's order.
 */
export async function communityStandings(db: Db, rules: StarRules, paths?: readonly string[]): Promise<CommunityStanding[]> {
  let q = db
    .selectFrom('org_nodes as c')
    .innerJoin('org_nodes as t', 't.id', 'c.parent_id')
    .select([
      'c.id',
      'c.code',
      'c.name',
      't.name as township_name',
      sql<string | null>`(select string_agg(s.star_code || ' ' || s.since, ',') from community_stars s where s.community_id = c.id)`.as('held'),
    ])
    .where('c.kind', 'in', ['community', 'village']);
  if (paths) q = q.where((eb) => pathsCondition(eb, 'c.path', [...paths]));
  const rows = await q.orderBy('t.code').orderBy('c.code').execute();
  return rows.map((r) => {
    const stars = r.held
      ? r.held
          .split(',')
          .map((h) => {
            const [code, since] = h.split(' ') as [string, string];
            return { code, since };
          })
          .sort((a, b) => (a.code < b.code ? -1 : 1))
      : [];
    return {
      communityId: r.id,
      communityCode: r.code,
      communityName: r.name,
      townshipName: r.township_name,
      stars,
      ...starStanding(
        stars.map((s) => s.code),
        rules,
      ),
    };
  });
}

/** Held stars with their names, in the catalog's display order (stars the catalog lacks last). */
export function inCatalogOrder(
  stars: readonly { code: string; since: string }[],
  catalog: StarCatalogContent,
): { code: string; name: string; since: string }[] {
  return catalogOrderer(catalog)(stars);
}

/** `inCatalogOrder` for one catalog and many communities (the lookups built once). */
export function catalogOrderer(
  catalog: StarCatalogContent,
): (stars: readonly { code: string; since: string }[]) => { code: string; name: string; since: string }[] {
  const order = new Map(catalog.stars.map((s, i) => [s.code, i]));
  const name = starNamesOf(catalog);
  return (stars) =>
    [...stars]
      .sort((a, b) => (order.get(a.code) ?? 99) - (order.get(b.code) ?? 99) || a.code.localeCompare(b.code))
      .map((s) => ({ code: s.code, name: name(s.code), since: s.since }));
}

export type LastChange = { at: string; starCode: string; change: 'awarded' | 'lost' | 'removed' | 'added' };

/** The latest history row of every community, in one query (ties at the same instant: the later id). */
export async function lastChanges(db: Db): Promise<Map<string, LastChange>> {
  const rows = await db
    .selectFrom('star_history as h')
    .innerJoin(
      (eb) =>
        eb
          .selectFrom('star_history')
          .select(['community_id', (e) => e.fn.max('at').as('at')])
          .groupBy('community_id')
          .as('m'),
      (join) => join.onRef('m.community_id', '=', 'h.community_id').onRef('m.at', '=', 'h.at'),
    )
    .select(['h.id', 'h.community_id', 'h.star_code', 'h.change', 'h.at'])
    .execute();
  const out = new Map<string, LastChange & { id: string }>();
  for (const r of rows) {
    const seen = out.get(r.community_id);
    if (!seen || r.id > seen.id) out.set(r.community_id, { id: r.id, at: r.at, starCode: r.star_code, change: r.change as LastChange['change'] });
  }
  return out;
}

/**
 * What the board is made of, read in one cheap query: every change of a holding writes a history
 * row (`writeStarChange`), catalogs carry `updated_at`, org nodes are never renamed in place.
 */
export async function boardFingerprint(db: Db): Promise<string> {
  const r = await sql<Record<string, unknown>>`select
      (select count(*) from star_history) as history,
      (select max(id) from star_history) as last_history,
      (select count(*) from community_stars) as held,
      (select count(*) from star_catalogs) as catalogs,
      (select max(updated_at) from star_catalogs) as catalog_updated,
      (select count(*) from org_nodes) as orgs`.execute(db);
  return JSON.stringify(Object.values(r.rows[0] ?? {}).map(String));
}
