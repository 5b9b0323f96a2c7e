import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  idSchema,
  okSchema,
  reviewQueueItemSchema,
  selfAssessmentInputSchema,
  starCodeSchema,
  starCycleCreateSchema,
  starCycleDetailSchema,
  starCycleSummarySchema,
  starDisplayInputSchema,
  starEntryDetailSchema,
  starNoticeSchema,
  starObjectionAnswerSchema,
  starObjectionInputSchema,
  starObjectionSchema,
  starPhaseMoveSchema,
  starPhaseSchema,
  starReturnInputSchema,
  townshipScoresInputSchema,
} from '@lingyan/shared';
import type { AppContext } from '../../platform/context.ts';
import type { AuditContext } from '../../platform/audit/audit.ts';
import { PUBLIC, actorOf, auditContextOf, permission } from '../../platform/http/access.ts';
import { AppError } from '../../platform/errors.ts';
import { authorize } from '../../platform/policy/policy.ts';
import { RateLimiter } from '../public-requests/rate-limit.ts';
import {
  approveEntry,
  createCycle,
  moveCyclePhase,
  reviewStar,
  saveSelfAssessment,
  saveTownshipScores,
  submitSelfAssessment,
  submitTownshipScores,
} from './star-cycles.commands.ts';
import { answerObjection, currentNotice, displayEntries, submitObjection } from './star-cycles.notice.ts';
import { cycleDetail, entryDetail, listCycles, objectionsOf, reviewQueue } from './star-cycles.present.ts';
import { loadCycle, loadEntry } from './star-cycles.repo.ts';

const cycleParams = z.object({ id: idSchema });
const entryParams = z.object({ id: idSchema, communityId: idSchema });
const starParams = entryParams.extend({ starCode: starCodeSchema });
const tags = ['star-cycles'];
/** A resident objecting: no account, so the audit names the role and keeps the address. */
const residentAudit = (request: FastifyRequest): AuditContext => ({ actorId: null, actorName: 'resident', requestId: request.id, ip: request.ip ?? null });

/** Star rating — the annual evaluation: cycles, phases, self-assessment, township scoring, department review, city approval, public notice and objections, display. */
export function registerStarCycleRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const limiter = new RateLimiter(ctx.clock);

  const entryView = async (request: FastifyRequest, id: string, communityId: string) => {
    const actor = actorOf(request);
    const cycle = await loadCycle(ctx.db, id);
    return entryDetail(ctx, actor, cycle, await loadEntry(ctx.db, actor, id, communityId));
  };

  r.get(
    '/api/v1/star-cycles',
    { config: { access: permission('star:read') }, schema: { tags, response: { 200: z.object({ items: z.array(starCycleSummarySchema) }) } } },
    async (request) => ({ items: await listCycles(ctx, actorOf(request)) }),
  );

  r.post(
    '/api/v1/star-cycles',
    { config: { access: permission('star:approve') }, schema: { tags, body: starCycleCreateSchema, response: { 201: starCycleDetailSchema } } },
    async (request, reply) => {
      const actor = actorOf(request);
      const id = await createCycle(ctx, auditContextOf(request), actor, request.body);
      reply.status(201);
      return cycleDetail(ctx, actor, id);
    },
  );

  r.get(
    '/api/v1/star-cycles/:id',
    { config: { access: permission('star:read') }, schema: { tags, params: cycleParams, response: { 200: starCycleDetailSchema } } },
    async (request) => cycleDetail(ctx, actorOf(request), request.params.id),
  );

  r.put(
    '/api/v1/star-cycles/:id/phases/:phase',
    {
      config: { access: permission('star:approve') },
      schema: { tags, params: cycleParams.extend({ phase: starPhaseSchema }), body: starPhaseMoveSchema, response: { 200: starCycleDetailSchema } },
    },
    async (request) => {
      const actor = actorOf(request);
      await moveCyclePhase(ctx, auditContextOf(request), actor, request.params.id, request.params.phase, request.body);
      return cycleDetail(ctx, actor, request.params.id);
    },
  );

  r.get(
    '/api/v1/star-cycles/:id/entries/:communityId',
    { config: { access: permission('star:read') }, schema: { tags, params: entryParams, response: { 200: starEntryDetailSchema } } },
    async (request) => entryView(request, request.params.id, request.params.communityId),
  );

  r.put(
    '/api/v1/star-cycles/:id/entries/:communityId/self-assessment',
    {
      config: { access: permission('star:self-assess') },
      schema: { tags, params: entryParams, body: selfAssessmentInputSchema, response: { 200: starEntryDetailSchema } },
    },
    async (request) => {
      const { id, communityId } = request.params;
      await saveSelfAssessment(ctx, auditContextOf(request), actorOf(request), id, communityId, request.body);
      return entryView(request, id, communityId);
    },
  );

  r.post(
    '/api/v1/star-cycles/:id/entries/:communityId/submit',
    { config: { access: permission('star:self-assess') }, schema: { tags, params: entryParams, response: { 200: starEntryDetailSchema } } },
    async (request) => {
      const { id, communityId } = request.params;
      await submitSelfAssessment(ctx, auditContextOf(request), actorOf(request), id, communityId);
      return entryView(request, id, communityId);
    },
  );

  r.put(
    '/api/v1/star-cycles/:id/entries/:communityId/scores',
    {
      config: { access: permission('star:score') },
      schema: { tags, params: entryParams, body: townshipScoresInputSchema, response: { 200: starEntryDetailSchema } },
    },
    async (request) => {
      const { id, communityId } = request.params;
      await saveTownshipScores(ctx, auditContextOf(request), actorOf(request), id, communityId, request.body);
      return entryView(request, id, communityId);
    },
  );

  r.post(
    '/api/v1/star-cycles/:id/entries/:communityId/submit-scores',
    { config: { access: permission('star:score') }, schema: { tags, params: entryParams, response: { 200: starEntryDetailSchema } } },
    async (request) => {
      const { id, communityId } = request.params;
      await submitTownshipScores(ctx, auditContextOf(request), actorOf(request), id, communityId);
      return entryView(request, id, communityId);
    },
  );

  r.post(
    '/api/v1/star-cycles/:id/entries/:communityId/stars/:starCode/accept',
    { config: { access: permission('star:review') }, schema: { tags, params: starParams, response: { 200: starEntryDetailSchema } } },
    async (request) => {
      const { id, communityId, starCode } = request.params;
      await reviewStar(ctx, auditContextOf(request), actorOf(request), id, communityId, starCode, { accept: true });
      return entryView(request, id, communityId);
    },
  );

  r.post(
    '/api/v1/star-cycles/:id/entries/:communityId/stars/:starCode/return',
    {
      config: { access: permission('star:review') },
      schema: { tags, params: starParams, body: starReturnInputSchema, response: { 200: starEntryDetailSchema } },
    },
    async (request) => {
      const { id, communityId, starCode } = request.params;
      await reviewStar(ctx, auditContextOf(request), actorOf(request), id, communityId, starCode, { accept: false, reason: request.body.reason });
      return entryView(request, id, communityId);
    },
  );

  r.post(
    '/api/v1/star-cycles/:id/entries/:communityId/approve',
    { config: { access: permission('star:approve') }, schema: { tags, params: entryParams, response: { 200: starEntryDetailSchema } } },
    async (request) => {
      const { id, communityId } = request.params;
      await approveEntry(ctx, auditContextOf(request), actorOf(request), id, communityId);
      return entryView(request, id, communityId);
    },
  );

  r.get(
    '/api/v1/star-cycles/:id/review-queue',
    {
      config: { access: permission('star:review') },
      schema: { tags, params: cycleParams, response: { 200: z.object({ items: z.array(reviewQueueItemSchema) }) } },
    },
    async (request) => ({ items: await reviewQueue(ctx, actorOf(request), await loadCycle(ctx.db, request.params.id)) }),
  );

  r.get(
    '/api/v1/star-cycles/:id/objections',
    {
      config: { access: permission('star:approve') },
      schema: { tags, params: cycleParams, response: { 200: z.object({ items: z.array(starObjectionSchema) }) } },
    },
    async (request) => {
      const actor = actorOf(request);
      authorize(actor, 'star:approve');
      const cycle = await loadCycle(ctx.db, request.params.id);
      return { items: await objectionsOf(ctx, actor, cycle, null, auditContextOf(request)) };
    },
  );

  r.post(
    '/api/v1/star-objections/:id/answer',
    { config: { access: permission('star:approve') }, schema: { tags, params: cycleParams, body: starObjectionAnswerSchema, response: { 200: okSchema } } },
    async (request) => {
      await answerObjection(ctx, auditContextOf(request), actorOf(request), request.params.id, request.body);
      return { ok: true as const };
    },
  );

  r.post(
    '/api/v1/star-cycles/:id/display',
    {
      config: { access: permission('star:approve') },
      schema: {
        tags,
        params: cycleParams,
        body: starDisplayInputSchema,
        response: { 200: z.object({ displayed: z.number().int(), waiting: z.number().int() }) },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      authorize(actor, 'star:approve');
      const only = request.body.communityId ? { communityId: request.body.communityId } : undefined;
      return displayEntries(ctx, auditContextOf(request), actor, request.params.id, only);
    },
  );

  r.get('/api/v1/public/star-notices/current', { config: { access: PUBLIC }, schema: { tags: ['public'], response: { 200: starNoticeSchema } } }, async () =>
    currentNotice(ctx),
  );

  r.post(
    '/api/v1/public/star-objections',
    { config: { access: PUBLIC }, schema: { tags: ['public'], body: starObjectionInputSchema, response: { 201: z.object({ id: z.string() }) } } },
    async (request, reply) => {
      const s = await ctx.settings.get('public.rateLimits');
      const res = limiter.take(`star-objection:${request.ip}`, { capacity: s.submit, windowMs: s.windowMinutes * 60_000 });
      if (!res.ok) {
        reply.header('Retry-After', String(res.retryAfterSeconds));
        throw new AppError('RATE_LIMITED');
      }
      const id = await submitObjection(ctx, residentAudit(request), request.body);
      reply.status(201);
      return { id };
    },
  );
}
