import { checkResultsProblems, quarterProblem, translate, type StarCheckInput, type StarRemovalInput } from '@lingyan/shared';
import type { AppContext } from '../../platform/context.ts';
import type { AuditContext } from '../../platform/audit/audit.ts';
import { chinaDate, type Actor } from '../../platform/auth/actor.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { loadOrgFor, type OrgRef } from '../../platform/policy/org-filter.ts';
import { attachFiles } from '../files/files.commands.ts';
import { applyStarChange, currentCatalog, heldStars, notifyCommunity, starNamesOf } from '../stars/stars.repo.ts';
import { catalogYear, type StoredResult } from './star-checks.repo.ts';
import { STAR_HOLDER_KINDS } from './star-checks.policy.ts';

/** A community or village the actor holds `permission` at (404 outside); another kind of node is bad input. */
export async function loadStarHolder(ctx: AppContext, actor: Actor, id: string, permission: 'star:check' | 'star:self-assess'): Promise<OrgRef> {
  const org = await loadOrgFor(ctx.db, actor, id, permission);
  if (!STAR_HOLDER_KINDS.includes(org.kind)) throw new AppError('VALIDATION_FAILED', {}, [{ path: '/communityId', message: 'not a community or village' }]);
  return org;
}

type CheckInput = Omit<StarCheckInput, 'results' | 'note' | 'attachmentIds'> & {
  results: { starCode: string; result: 'kept' | 'failed'; note: string }[];
  note: string;
  attachmentIds: string[];
};

/**
 * The township's quarterly check (一季一核查) of one community: each star held now kept or failed,
 * with a note and evidence. One per community per quarter; never a future quarter.
 */
export async function recordCheck(ctx: AppContext, audit: AuditContext, actor: Actor, input: CheckInput): Promise<string> {
  const org = await loadStarHolder(ctx, actor, input.communityId, 'star:check');
  const now = ctx.clock.now();
  const today = chinaDate(now);
  const problem = quarterProblem(input.quarter, today);
  if (problem) throw new AppError('STAR_CHECK_QUARTER_INVALID', { quarter: input.quarter }, { problem });
  const catalog = await currentCatalog(ctx.db, catalogYear(today));
  const name = starNamesOf(catalog);
  const id = newId();
  await ctx.db.transaction().execute(async (trx) => {
    const held = ((await heldStars(trx, [org.id])).get(org.id) ?? []).map((h) => h.starCode);
    const { missing, extra } = checkResultsProblems(
      held,
      input.results.map((r) => r.starCode),
    );
    if (missing.length > 0 || extra.length > 0)
      throw new AppError('STAR_CHECK_RESULTS_MISMATCH', { held: held.map(name).join('、') || '—' }, { missing, extra });
    const taken = await trx.selectFrom('star_checks').select('id').where('community_id', '=', org.id).where('quarter', '=', input.quarter).executeTakeFirst();
    if (taken) throw new AppError('STAR_CHECK_EXISTS', {}, { checkId: taken.id });
    const results: StoredResult[] = input.results.map((r) => ({ starCode: r.starCode, result: r.result, note: r.note, removalId: null }));
    await trx
      .insertInto('star_checks')
      .values({
        id,
        community_id: org.id,
        community_path: org.path,
        quarter: input.quarter,
        results: JSON.stringify(results),
        note: input.note || null,
        checked_by: actor.userId,
        checked_at: now.toISOString(),
      })
      .execute();
    await attachFiles(trx, actor, input.attachmentIds, { type: 'star-check', id, orgPath: org.path });
    await ctx.audit(trx, audit, {
      action: 'star.check',
      targetType: 'community',
      targetId: org.id,
      orgId: org.id,
      details: {
        checkId: id,
        quarter: input.quarter,
        failed: results.filter((r) => r.result === 'failed').map((r) => r.starCode),
        attachments: input.attachmentIds.length,
      },
    });
  });
  return id;
}

/**
 * Removes a star (减星) at any time, with a reason and evidence (files, or a check of this community
 * that found the star failed); the community, and through its path the township and city, are notified.
 * Returns the removal's id (the history row's source id, and the record its files are attached to).
 */
export async function removeStar(
  ctx: AppContext,
  audit: AuditContext,
  actor: Actor,
  communityId: string,
  starCode: string,
  input: Omit<StarRemovalInput, 'attachmentIds'> & { attachmentIds: string[] },
): Promise<string> {
  const org = await loadStarHolder(ctx, actor, communityId, 'star:check');
  const now = ctx.clock.now();
  const today = chinaDate(now);
  if (input.attachmentIds.length === 0 && !input.checkId) throw new AppError('STAR_EVIDENCE_REQUIRED');
  const catalog = await currentCatalog(ctx.db, catalogYear(today));
  const starName = starNamesOf(catalog)(starCode);
  const removalId = newId();
  await ctx.db.transaction().execute(async (trx) => {
    const holding = await trx
      .selectFrom('community_stars')
      .select('since')
      .where('community_id', '=', org.id)
      .where('star_code', '=', starCode)
      .executeTakeFirst();
    if (!holding) throw new AppError('STAR_NOT_HELD');
    if (input.checkId) {
      const check = await trx
        .selectFrom('star_checks')
        .select(['id', 'results'])
        .where('id', '=', input.checkId)
        .where('community_id', '=', org.id)
        .executeTakeFirst();
      if (!check) throw new AppError('STAR_CHECK_NOT_FOUND');
      const results = JSON.parse(check.results) as StoredResult[];
      const entry = results.find((r) => r.starCode === starCode);
      // A check is evidence only for a star it found failed.
      if (!entry || entry.result !== 'failed') throw new AppError('STAR_EVIDENCE_REQUIRED');
      entry.removalId = removalId;
      await trx
        .updateTable('star_checks')
        .set({ results: JSON.stringify(results) })
        .where('id', '=', check.id)
        .execute();
    }
    await applyStarChange(trx, ctx, audit, {
      communityId: org.id,
      communityPath: org.path,
      starCode,
      change: 'removed',
      on: today,
      reason: input.reason,
      sourceType: 'removal',
      sourceId: removalId,
      actor: { id: actor.userId, name: actor.displayName },
    });
    await attachFiles(trx, actor, input.attachmentIds, { type: 'star-removal', id: removalId, orgPath: org.path });
    await notifyCommunity(trx, now.toISOString(), {
      communityId: org.id,
      communityPath: org.path,
      kind: 'star-removed',
      starCode,
      message: translate('zh-CN', 'web.starChecks.notify.removed', { community: org.name, star: starName, reason: input.reason }),
    });
  });
  return removalId;
}
