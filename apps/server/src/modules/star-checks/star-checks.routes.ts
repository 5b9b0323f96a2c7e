import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  idSchema,
  listOf,
  starApplicationApproveSchema,
  starApplicationCheckSchema,
  starApplicationDetailSchema,
  starApplicationInputSchema,
  starApplicationListQuerySchema,
  starApplicationReviewSchema,
  starApplicationSchema,
  starCheckBoardQuerySchema,
  starCheckBoardSchema,
  starCheckInputSchema,
  starCheckSchema,
  starCodeSchema,
  starRemovalInputSchema,
  starRemovalSchema,
  type StarApplicationStep,
} from '@lingyan/shared';
import type { AppContext } from '../../platform/context.ts';
import { actorOf, auditContextOf, permission } from '../../platform/http/access.ts';
import { AppError } from '../../platform/errors.ts';
import { chinaDate, type Actor } from '../../platform/auth/actor.ts';
import { loadOrgFor } from '../../platform/policy/org-filter.ts';
import { filesOf } from '../files/files.commands.ts';
import { currentCatalog, heldStars, starNamesOf } from '../stars/stars.repo.ts';
import { applicationDetail, catalogYear, checkBoard, checkById, findApplication, heldView, listApplications } from './star-checks.repo.ts';
import { recordCheck, removeStar } from './star-checks.commands.ts';
import { applicationStep, applyForStar } from './star-applications.commands.ts';

const params = z.object({ id: idSchema });
const starParams = z.object({ id: idSchema, code: starCodeSchema });

/** Star rating — between cycles: quarterly checks (一季一核查), star removal (减星) and applications for a star (增星). */
export function registerStarCheckRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const today = () => chinaDate(ctx.clock.now());
  const detail = async (actor: Actor, id: string) => {
    const row = await findApplication(ctx.db, actor, id);
    if (!row) throw new AppError('STAR_APPLICATION_NOT_FOUND');
    return applicationDetail(ctx.db, actor, row, today());
  };

  r.get(
    '/api/v1/star-checks',
    {
      config: { access: permission('star:read') },
      schema: { tags: ['star-checks'], querystring: starCheckBoardQuerySchema, response: { 200: starCheckBoardSchema } },
    },
    async (request) => {
      const actor = actorOf(request);
      const org = request.query.orgId ? await loadOrgFor(ctx.db, actor, request.query.orgId, 'star:read') : null;
      return checkBoard(ctx.db, actor, org?.path ?? null, request.query.quarter, today());
    },
  );

  r.post(
    '/api/v1/star-checks',
    { config: { access: permission('star:check') }, schema: { tags: ['star-checks'], body: starCheckInputSchema, response: { 201: starCheckSchema } } },
    async (request, reply) => {
      const id = await recordCheck(ctx, auditContextOf(request), actorOf(request), request.body);
      reply.status(201);
      return checkById(ctx.db, await currentCatalog(ctx.db, catalogYear(today())), id);
    },
  );

  r.post(
    '/api/v1/communities/:id/stars/:code/remove',
    {
      config: { access: permission('star:check') },
      schema: { tags: ['star-checks'], params: starParams, body: starRemovalInputSchema, response: { 200: starRemovalSchema } },
    },
    async (request) => {
      const { id, code } = request.params;
      const removalId = await removeStar(ctx, auditContextOf(request), actorOf(request), id, code, request.body);
      const catalog = await currentCatalog(ctx.db, catalogYear(today()));
      const history = await ctx.db
        .selectFrom('star_history')
        .select('at')
        .where('source_type', '=', 'removal')
        .where('source_id', '=', removalId)
        .executeTakeFirstOrThrow();
      return {
        id: removalId,
        communityId: id,
        starCode: code,
        starName: starNamesOf(catalog)(code),
        reason: request.body.reason,
        checkId: request.body.checkId ?? null,
        removedAt: history.at,
        attachments: (await filesOf(ctx.db, 'star-removal', [removalId])).get(removalId) ?? [],
        stars: heldView((await heldStars(ctx.db, [id])).get(id), catalog),
      };
    },
  );

  r.get(
    '/api/v1/star-applications',
    {
      config: { access: permission('star:read') },
      schema: { tags: ['star-checks'], querystring: starApplicationListQuerySchema, response: { 200: listOf(starApplicationSchema) } },
    },
    async (request) => {
      const { page, pageSize, state, actionable } = request.query;
      return listApplications(ctx.db, actorOf(request), { state, actionable: actionable === 'true' }, { page, pageSize }, today());
    },
  );

  r.get(
    '/api/v1/star-applications/:id',
    { config: { access: permission('star:read') }, schema: { tags: ['star-checks'], params, response: { 200: starApplicationDetailSchema } } },
    async (request) => detail(actorOf(request), request.params.id),
  );

  r.post(
    '/api/v1/star-applications',
    {
      config: { access: permission('star:self-assess') },
      schema: { tags: ['star-checks'], body: starApplicationInputSchema, response: { 201: starApplicationDetailSchema } },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const id = await applyForStar(ctx, auditContextOf(request), actor, request.body);
      reply.status(201);
      return detail(actor, id);
    },
  );

  const steps: [StarApplicationStep, 'star:check' | 'star:review' | 'star:approve', z.ZodType<{ note: string } & Record<string, unknown>>, string][] = [
    ['check', 'star:check', starApplicationCheckSchema, 'passed'],
    ['review', 'star:review', starApplicationReviewSchema, 'accepted'],
    ['approve', 'star:approve', starApplicationApproveSchema, 'approved'],
  ];
  for (const [step, perm, body, flag] of steps) {
    r.post(
      `/api/v1/star-applications/:id/${step}`,
      { config: { access: permission(perm) }, schema: { tags: ['star-checks'], params, body, response: { 200: starApplicationDetailSchema } } },
      async (request) => {
        const actor = actorOf(request);
        const input = request.body as { note: string } & Record<string, boolean>;
        await applicationStep(ctx, auditContextOf(request), actor, request.params.id, step, input[flag] === true, input.note);
        return detail(actor, request.params.id);
      },
    );
  }
}
