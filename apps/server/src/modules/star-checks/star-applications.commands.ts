import {
  applicationNextState,
  applicationStepAction,
  STAR_APPLICATION_OPEN_STATES,
  translate,
  type StarApplicationState,
  type StarApplicationStep,
} from '@lingyan/shared';
import type { AppContext } from '../../platform/context.ts';
import type { AuditContext } from '../../platform/audit/audit.ts';
import { chinaDate, type Actor } from '../../platform/auth/actor.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { attachFiles } from '../files/files.commands.ts';
import { applyStarChange, checkStarCodes, currentCatalog, notifyCommunity, starNamesOf } from '../stars/stars.repo.ts';
import { catalogYear, findApplication, reviewContextOf } from './star-checks.repo.ts';
import { mayTakeStep } from './star-checks.policy.ts';
import { loadStarHolder } from './star-checks.commands.ts';

const stateError = (state: string) => new AppError('STAR_APPLICATION_STATE', { state: `web.starChecks.applicationState.${state}` }, { state });

/** A community applies for a star of the current catalog it does not hold (增星); one open application per star. */
export async function applyForStar(
  ctx: AppContext,
  audit: AuditContext,
  actor: Actor,
  input: { communityId: string; starCode: string; reason: string; attachmentIds: string[] },
): Promise<string> {
  const org = await loadStarHolder(ctx, actor, input.communityId, 'star:self-assess');
  const now = ctx.clock.now();
  const at = now.toISOString();
  const catalog = await currentCatalog(ctx.db, catalogYear(chinaDate(now)));
  checkStarCodes(catalog, [input.starCode]);
  const id = newId();
  await ctx.db.transaction().execute(async (trx) => {
    const held = await trx
      .selectFrom('community_stars')
      .select('since')
      .where('community_id', '=', org.id)
      .where('star_code', '=', input.starCode)
      .executeTakeFirst();
    if (held) throw new AppError('STAR_ALREADY_HELD');
    const open = await trx
      .selectFrom('star_applications')
      .select('id')
      .where('community_id', '=', org.id)
      .where('star_code', '=', input.starCode)
      .where('state', 'in', STAR_APPLICATION_OPEN_STATES)
      .executeTakeFirst();
    if (open) throw new AppError('STAR_APPLICATION_OPEN', {}, { applicationId: open.id });
    await trx
      .insertInto('star_applications')
      .values({
        id,
        community_id: org.id,
        community_path: org.path,
        star_code: input.starCode,
        reason: input.reason,
        state: 'applied',
        applied_by: actor.userId,
        applied_at: at,
        updated_at: at,
      })
      .execute();
    await trx
      .insertInto('star_application_steps')
      .values({ id: newId(), application_id: id, action: 'apply', actor_id: actor.userId, actor_name: actor.displayName, at, note: null })
      .execute();
    await attachFiles(trx, actor, input.attachmentIds, { type: 'star-application', id, orgPath: org.path });
    await ctx.audit(trx, audit, {
      action: 'star-application.apply',
      targetType: 'star-application',
      targetId: id,
      orgId: org.id,
      details: { star: input.starCode, attachments: input.attachmentIds.length },
    });
  });
  return id;
}

/**
 * One step on an application: the township's check, the star's department's review, the city's
 * approval. Outside scope 404; not the caller's step 403; not due in this state 409. A refusal ends
 * it; the city's approval adds the star (history, audit) and notifies the community.
 */
export async function applicationStep(
  ctx: AppContext,
  audit: AuditContext,
  actor: Actor,
  id: string,
  step: StarApplicationStep,
  passed: boolean,
  note: string,
): Promise<void> {
  const row = await findApplication(ctx.db, actor, id);
  if (!row) throw new AppError('STAR_APPLICATION_NOT_FOUND');
  const now = ctx.clock.now();
  const at = now.toISOString();
  const today = chinaDate(now);
  const catalog = await currentCatalog(ctx.db, catalogYear(today));
  const review = await reviewContextOf(ctx.db, actor, catalog);
  if (!mayTakeStep(actor, step, row, review)) throw new AppError('FORBIDDEN');
  const next = applicationNextState(step, row.state as StarApplicationState, passed);
  if (!next) throw stateError(row.state);
  const starName = starNamesOf(catalog)(row.star_code);
  await ctx.db.transaction().execute(async (trx) => {
    const res = await trx
      .updateTable('star_applications')
      .set({ state: next, updated_at: at })
      .where('id', '=', id)
      .where('state', '=', row.state)
      .executeTakeFirst();
    // Another request moved it in between.
    if (Number(res.numUpdatedRows) !== 1) throw stateError(next);
    await trx
      .insertInto('star_application_steps')
      .values({
        id: newId(),
        application_id: id,
        action: applicationStepAction(step, passed),
        actor_id: actor.userId,
        actor_name: actor.displayName,
        at,
        note: note || null,
      })
      .execute();
    await ctx.audit(trx, audit, {
      action: `star-application.${step}`,
      targetType: 'star-application',
      targetId: id,
      orgId: row.community_id,
      details: { star: row.star_code, passed, state: next },
    });
    const notify = { communityId: row.community_id, communityPath: row.community_path, starCode: row.star_code };
    if (next === 'approved') {
      const held = await trx
        .selectFrom('community_stars')
        .select('since')
        .where('community_id', '=', row.community_id)
        .where('star_code', '=', row.star_code)
        .executeTakeFirst();
      if (held) throw new AppError('STAR_ALREADY_HELD');
      await applyStarChange(trx, ctx, audit, {
        ...notify,
        change: 'added',
        on: today,
        reason: row.reason,
        sourceType: 'application',
        sourceId: id,
        actor: { id: actor.userId, name: actor.displayName },
      });
      await notifyCommunity(trx, at, {
        ...notify,
        kind: 'star-added',
        message: translate('zh-CN', 'web.starChecks.notify.added', { community: row.community_name, star: starName }),
      });
    } else if (next === 'refused') {
      await notifyCommunity(trx, at, {
        ...notify,
        kind: 'star-application-refused',
        message: translate('zh-CN', 'web.starChecks.notify.refused', { community: row.community_name, star: starName, reason: note }),
      });
    }
  });
}
