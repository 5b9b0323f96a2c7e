import type { Kysely, Transaction } from 'kysely';
import { starStanding, type StarCatalogContent, type StarRules, type StarStanding } from '@lingyan/shared';
import type { DB } from '../../platform/db/schema.ts';
import { pathsCondition } from '../../platform/policy/scope.ts';
import { starNamesOf } from './stars.repo.ts';

type Db = Kysely<DB> | Transaction<DB>;

export type CommunityStanding = StarStanding & {
  communityId: string;
  communityCode: string;
  communityName: string;
  communityPath: string;
  townshipName: string;
  /** Held stars (code, since), in star-code order; present them in catalog order with `inCatalogOrder`. */
  stars: { code: string; since: string }[];
};

/**
 * Every community's and village's standing (under `paths`, when given): one query for the
 * communities and the stars they hold, then the pure rules. Ordered by township code, then
 * community code — the board's order.
 */
export async function communityStandings(db: Db, rules: StarRules, paths?: readonly string[]): Promise<CommunityStanding[]> {
  let q = db
    .selectFrom('org_nodes as c')
    .innerJoin('org_nodes as t', 't.id', 'c.parent_id')
    .leftJoin('community_stars as s', 's.community_id', 'c.id')
    .select(['c.id', 'c.code', 'c.name', 'c.path', 't.name as township_name', 's.star_code', 's.since'])
    .where('c.kind', 'in', ['community', 'village']);
  if (paths) q = q.where((eb) => pathsCondition(eb, 'c.path', [...paths]));
  const rows = await q.orderBy('t.code').orderBy('c.code').orderBy('s.star_code').execute();
  const out: CommunityStanding[] = [];
  let current: CommunityStanding | null = null;
  for (const r of rows) {
    if (!current || current.communityId !== r.id) {
      if (current) out.push(current);
      current = {
        communityId: r.id,
        communityCode: r.code,
        communityName: r.name,
        communityPath: r.path,
        townshipName: r.township_name,
        stars: [],
        count: 0,
        level: 'poor',
        recommendations: [],
        barredFrom: [],
      };
    }
    if (r.star_code) current.stars.push({ code: r.star_code, since: r.since! });
  }
  if (current) out.push(current);
  for (const c of out) Object.assign(c, starStanding(c.stars.map((s) => s.code), rules));
  return out;
}

/** Held stars with their names, in the catalog's display order (stars the catalog lacks last). */
export function inCatalogOrder(stars: readonly { code: string; since: string }[], catalog: StarCatalogContent): { code: string; name: string; since: string }[] {
  const order = new Map(catalog.stars.map((s, i) => [s.code, i]));
  const name = starNamesOf(catalog);
  return [...stars]
    .sort((a, b) => (order.get(a.code) ?? 99) - (order.get(b.code) ?? 99) || a.code.localeCompare(b.code))
    .map((s) => ({ code: s.code, name: name(s.code), since: s.since }));
}

export type LastChange = { at: string; starCode: string; change: 'awarded' | 'lost' | 'removed' | 'added' };

/** The latest history row of every community, in one query (ties at the same instant: the later id). */
export async function lastChanges(db: Db): Promise<Map<string, LastChange>> {
  const rows = await db
    .selectFrom('star_history as h')
    .innerJoin(
      (eb) => eb.selectFrom('star_history').select(['community_id', (e) => e.fn.max('at').as('at')]).groupBy('community_id').as('m'),
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
