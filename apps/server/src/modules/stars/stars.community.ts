import type { Kysely } from 'kysely';
import { STAR_CHANGES, starBoardSchema, starStanding, type CommunityStars, type StarBoard, type StarRules } from '@lingyan/shared';
import type { DB } from '../../platform/db/schema.ts';
import type { AppContext } from '../../platform/context.ts';
import { chinaDate, type Actor } from '../../platform/auth/actor.ts';
import { loadOrgFor, type OrgRef } from '../../platform/policy/org-filter.ts';
import { abilitiesOf } from '../../platform/policy/policy.ts';
import { AppError } from '../../platform/errors.ts';
import { currentCatalog, heldStars, starNamesOf } from './stars.repo.ts';
import { boardFingerprint, catalogOrderer, communityStandings, inCatalogOrder, lastChanges } from './stars.standings.ts';
import { COMMUNITY_STAR_RULES } from './stars.policy.ts';

/** The year whose catalog names the stars today (China date). */
export const currentYear = (ctx: AppContext): number => Number(chinaDate(ctx.clock.now()).slice(0, 4));

/** A community or village the caller reads stars at; anything else (outside scope, a grid, a township) is ORG_NOT_FOUND. */
export async function loadStarCommunity(db: Kysely<DB>, actor: Actor, id: string): Promise<OrgRef & { townshipName: string }> {
  const org = await loadOrgFor(db, actor, id, 'star:read');
  if (org.kind !== 'community' && org.kind !== 'village') throw new AppError('ORG_NOT_FOUND');
  const township = await db
    .selectFrom('org_nodes as c')
    .innerJoin('org_nodes as t', 't.id', 'c.parent_id')
    .select('t.name')
    .where('c.id', '=', org.id)
    .executeTakeFirst();
  return { ...org, townshipName: township?.name ?? '' };
}

/** A community's stars now, its standing, its whole history with reasons, and its notifications. */
export async function communityStarsView(ctx: AppContext, actor: Actor, org: OrgRef & { townshipName: string }): Promise<CommunityStars> {
  const [held, catalog, rules, history, notifications] = await Promise.all([
    heldStars(ctx.db, [org.id]),
    currentCatalog(ctx.db, currentYear(ctx)),
    ctx.settings.get('stars.rules'),
    ctx.db.selectFrom('star_history').selectAll().where('community_id', '=', org.id).orderBy('at', 'desc').orderBy('id', 'desc').execute(),
    ctx.db.selectFrom('star_notifications').selectAll().where('community_id', '=', org.id).orderBy('created_at', 'desc').limit(100).execute(),
  ]);
  const stars = inCatalogOrder(
    (held.get(org.id) ?? []).map((h) => ({ code: h.starCode, since: h.since })),
    catalog,
  );
  const name = starNamesOf(catalog);
  return {
    communityId: org.id,
    communityName: org.name,
    townshipName: org.townshipName,
    ...starStanding(
      stars.map((s) => s.code),
      rules,
    ),
    stars,
    history: history.map((h) => ({
      id: h.id,
      starCode: h.star_code,
      starName: name(h.star_code),
      change: h.change as (typeof STAR_CHANGES)[number],
      at: h.at,
      actorName: h.actor_name,
      reason: h.reason,
      sourceType: h.source_type as 'cycle' | 'removal' | 'application' | 'seed',
      sourceId: h.source_id,
    })),
    notifications: notifications.map((n) => ({ id: n.id, kind: n.kind, starCode: n.star_code, message: n.message, createdAt: n.created_at })),
    abilities: abilitiesOf(COMMUNITY_STAR_RULES, actor, { path: org.path }),
  };
}

/** The public board (亮星榜): every community and village, a fixed number of queries whatever their count. */
export async function starBoard(ctx: AppContext, rules: StarRules): Promise<StarBoard> {
  const [standings, last, catalog] = await Promise.all([communityStandings(ctx.db, rules), lastChanges(ctx.db), currentCatalog(ctx.db, currentYear(ctx))]);
  const name = starNamesOf(catalog);
  const ordered = catalogOrderer(catalog);
  return {
    generatedAt: ctx.clock.now().toISOString(),
    catalog: catalog.stars.map((s) => ({ code: s.code, name: s.name })),
    communities: standings.map((c) => {
      const l = last.get(c.communityId);
      return {
        communityId: c.communityId,
        communityName: c.communityName,
        townshipName: c.townshipName,
        stars: ordered(c.stars),
        count: c.count,
        level: c.level,
        lastChange: l ? { at: l.at, starCode: l.starCode, starName: name(l.starCode), change: l.change } : null,
      };
    }),
  };
}

type BoardCache = { key: string; catalogJson: string; communitiesJson: string };
const boardCaches = new WeakMap<AppContext, BoardCache>();

/**
 * The board as JSON text, rebuilt only when its fingerprint (read from the database on every
 * call, so every process sees a change at once), the year or the rules change: a public page
 * read far more often than stars change.
 */
export async function starBoardJson(ctx: AppContext, rules: StarRules): Promise<string> {
  const key = `${await boardFingerprint(ctx.db)}|${currentYear(ctx)}|${JSON.stringify(rules)}`;
  let cached = boardCaches.get(ctx);
  if (!cached || cached.key !== key) {
    const board = starBoardSchema.parse(await starBoard(ctx, rules));
    cached = { key, catalogJson: JSON.stringify(board.catalog), communitiesJson: JSON.stringify(board.communities) };
    boardCaches.set(ctx, cached);
  }
  return `{"generatedAt":${JSON.stringify(ctx.clock.now().toISOString())},"catalog":${cached.catalogJson},"communities":${cached.communitiesJson}}`;
}
