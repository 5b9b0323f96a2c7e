import type { Kysely, Transaction } from 'kysely';
import { starCatalogContentSchema, starStanding, type StarCatalogContent, type StarRules, type StarStanding } from '@lingyan/shared';
import type { DB } from '../../platform/db/schema.ts';
import type { AppContext } from '../../platform/context.ts';
import type { AuditContext } from '../../platform/audit/audit.ts';
import { newId } from '../../platform/ids.ts';
import { AppError } from '../../platform/errors.ts';
import { DEFAULT_DEPARTMENTS, DEFAULT_STAR_CATALOG } from './stars.defaults.ts';

type Db = Kysely<DB> | Transaction<DB>;

/** A year's catalog content; STAR_CATALOG_NOT_FOUND when the year has none. */
export async function catalogOfYear(
  db: Db,
  year: number,
): Promise<{ id: string; year: number; locked: boolean; content: StarCatalogContent; updatedAt: string }> {
  const row = await db.selectFrom('star_catalogs').selectAll().where('year', '=', year).executeTakeFirst();
  if (!row) throw new AppError('STAR_CATALOG_NOT_FOUND');
  return { id: row.id, year: row.year, locked: row.locked_at !== null, content: parseCatalog(row.content), updatedAt: row.updated_at };
}

export async function catalogById(db: Db, id: string): Promise<StarCatalogContent> {
  const row = await db.selectFrom('star_catalogs').select('content').where('id', '=', id).executeTakeFirstOrThrow();
  return parseCatalog(row.content);
}

/** The newest catalog up to `year` (the one the board and the checks name stars by); the default when there is none. */
export async function currentCatalog(db: Db, year: number): Promise<StarCatalogContent> {
  const row = await db.selectFrom('star_catalogs').select('content').where('year', '<=', year).orderBy('year', 'desc').limit(1).executeTakeFirst();
  if (row) return parseCatalog(row.content);
  const any = await db.selectFrom('star_catalogs').select('content').orderBy('year', 'asc').limit(1).executeTakeFirst();
  return any ? parseCatalog(any.content) : DEFAULT_STAR_CATALOG;
}

export function parseCatalog(text: string): StarCatalogContent {
  return starCatalogContentSchema.parse(JSON.parse(text));
}

/** Star code → name, for every star of the catalog (unknown codes fall back to the code). */
export function starNamesOf(catalog: StarCatalogContent): (code: string) => string {
  const names = new Map(catalog.stars.map((s) => [s.code, s.name]));
  return (code) => names.get(code) ?? code;
}

/** Throws STAR_CODE_UNKNOWN / STAR_CODE_DUPLICATE for codes that are not one star each of the catalog. */
export function checkStarCodes(catalog: StarCatalogContent, codes: readonly string[]): void {
  const known = new Set(catalog.stars.map((s) => s.code));
  const seen = new Set<string>();
  for (const code of codes) {
    if (!known.has(code)) throw new AppError('STAR_CODE_UNKNOWN', { code });
    if (seen.has(code)) throw new AppError('STAR_CODE_DUPLICATE', { code });
    seen.add(code);
  }
}

export type HeldStar = { communityId: string; starCode: string; since: string };

/** The stars held now by the given communities (all, when `communityIds` is absent), in one query. */
export async function heldStars(db: Db, communityIds?: readonly string[]): Promise<Map<string, HeldStar[]>> {
  const out = new Map<string, HeldStar[]>();
  if (communityIds && communityIds.length === 0) return out;
  const add = (rows: { community_id: string; star_code: string; since: string }[]) => {
    for (const r of rows) {
      let list = out.get(r.community_id);
      if (!list) out.set(r.community_id, (list = []));
      list.push({ communityId: r.community_id, starCode: r.star_code, since: r.since });
    }
  };
  if (!communityIds) {
    add(await db.selectFrom('community_stars').select(['community_id', 'star_code', 'since']).execute());
    return out;
  }
  for (let i = 0; i < communityIds.length; i += 500) {
    add(
      await db
        .selectFrom('community_stars')
        .select(['community_id', 'star_code', 'since'])
        .where('community_id', 'in', communityIds.slice(i, i + 500))
        .execute(),
    );
  }
  return out;
}

/** Standing of every community given, from its held stars, ordered as the catalog lists them. */
export function standingOf(held: readonly HeldStar[] | undefined, rules: StarRules): StarStanding {
  return starStanding(
    (held ?? []).map((h) => h.starCode),
    rules,
  );
}

export type StarChange = {
  communityId: string;
  communityPath: string;
  starCode: string;
  change: 'awarded' | 'lost' | 'removed' | 'added';
  /** The date the change takes effect (China date). */
  on: string;
  reason: string;
  sourceType: 'cycle' | 'removal' | 'application' | 'seed';
  sourceId: string | null;
  actor: { id: string | null; name: string | null };
};

/**
 * The one way a community's stars change: the holding and its history row (who, when, why).
 * Awarding or adding a star held already keeps its `since`; losing or removing one not held
 * changes nothing but the history. The demo seed calls this directly; commands call
 * `applyStarChange`, which also audits.
 */
export async function writeStarChange(trx: Transaction<DB>, at: string, c: StarChange): Promise<void> {
  if (c.change === 'awarded' || c.change === 'added') {
    await trx
      .insertInto('community_stars')
      .values({ community_id: c.communityId, community_path: c.communityPath, star_code: c.starCode, since: c.on })
      .onConflict((oc) => oc.columns(['community_id', 'star_code']).doNothing())
      .execute();
  } else {
    await trx.deleteFrom('community_stars').where('community_id', '=', c.communityId).where('star_code', '=', c.starCode).execute();
  }
  await trx
    .insertInto('star_history')
    .values({
      id: newId(),
      community_id: c.communityId,
      community_path: c.communityPath,
      star_code: c.starCode,
      change: c.change,
      at,
      actor_id: c.actor.id,
      actor_name: c.actor.name,
      reason: c.reason,
      source_type: c.sourceType,
      source_id: c.sourceId,
    })
    .execute();
}

/** `writeStarChange` plus its audit entry, in the caller's transaction. */
export async function applyStarChange(trx: Transaction<DB>, ctx: AppContext, audit: AuditContext, c: StarChange): Promise<void> {
  await writeStarChange(trx, ctx.clock.now().toISOString(), c);
  await ctx.audit(trx, audit, {
    action: `star.${c.change}`,
    targetType: 'community',
    targetId: c.communityId,
    orgId: c.communityId,
    details: { star: c.starCode, source: c.sourceType, sourceId: c.sourceId },
  });
}

/** Tells a community (and, through its path, the township and city above) about a change to its stars. */
export async function notifyCommunity(
  trx: Transaction<DB>,
  at: string,
  n: { communityId: string; communityPath: string; kind: string; starCode: string | null; message: string },
): Promise<void> {
  await trx
    .insertInto('star_notifications')
    .values({
      id: newId(),
      community_id: n.communityId,
      community_path: n.communityPath,
      kind: n.kind,
      star_code: n.starCode,
      message: n.message,
      created_at: at,
    })
    .execute();
}

/** Departments the user reviews for (codes). */
export async function departmentCodesOf(db: Db, userId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('department_members as m')
    .innerJoin('departments as d', 'd.id', 'm.department_id')
    .select('d.code')
    .where('m.user_id', '=', userId)
    .execute();
  return rows.map((r) => r.code);
}

/** Inserts the default reviewing departments that are missing (by code); returns how many were added. */
export async function ensureDefaultDepartments(db: Db, now: string): Promise<number> {
  const have = new Set((await db.selectFrom('departments').select('code').execute()).map((d) => d.code));
  const missing = DEFAULT_DEPARTMENTS.filter((d) => !have.has(d.code));
  if (missing.length > 0)
    await db
      .insertInto('departments')
      .values(missing.map((d) => ({ id: newId(), code: d.code, name: d.name, created_at: now })))
      .onConflict((oc) => oc.column('code').doNothing())
      .execute();
  return missing.length;
}
