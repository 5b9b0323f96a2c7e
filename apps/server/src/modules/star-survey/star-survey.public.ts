import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { publicSurveySchema, surveyCodeRequestSchema, surveyResponseInputSchema } from '@lingyan/shared';
import type { AppContext } from '../../platform/context.ts';
import type { AuditContext } from '../../platform/audit/audit.ts';
import { PUBLIC } from '../../platform/http/access.ts';
import { AppError } from '../../platform/errors.ts';
import { chinaDate } from '../../platform/auth/actor.ts';
import { RateLimiter, type Limit } from '../public-requests/rate-limit.ts';
import { entryByToken } from './star-survey.repo.ts';
import { publicSurveyView } from './star-survey.present.ts';
import { sendSurveyCode, submitPublicResponse } from './star-survey.commands.ts';

const params = z.object({ token: z.string().min(1).max(128) });
const residentAudit = (request: FastifyRequest): AuditContext => ({ actorId: null, actorName: 'resident', requestId: request.id, ip: request.ip ?? null });

/**
 * The resident survey's public page API (群众测评): the questionnaire, a code by SMS to a phone of
 * the community's registry, and one response per household. Code requests and wrong codes are
 * limited per address (`public.rateLimits`); the code request answers the same whether or not
 * the phone is registered.
 */
export function registerPublicSurveyRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const limiter = new RateLimiter(ctx.clock);
  const limits = async () => {
    const s = await ctx.settings.get('public.rateLimits');
    const per = (capacity: number): Limit => ({ capacity, windowMs: s.windowMinutes * 60_000 });
    return { code: per(s.codeRequests), failures: per(s.lookupFailures) };
  };
  const refuse = (reply: FastifyReply, retryAfterSeconds: number): never => {
    reply.header('Retry-After', String(retryAfterSeconds));
    throw new AppError('RATE_LIMITED');
  };
  const entry = async (token: string) => {
    const found = await entryByToken(ctx.db, token);
    if (!found) throw new AppError('STAR_SURVEY_NOT_FOUND');
    return found;
  };

  r.get(
    '/api/v1/public/star-surveys/:token',
    { config: { access: PUBLIC }, schema: { tags: ['public'], params, response: { 200: publicSurveySchema } } },
    async (request) => publicSurveyView(ctx, await entry(request.params.token), chinaDate(ctx.clock.now())),
  );

  r.post(
    '/api/v1/public/star-surveys/:token/code',
    {
      config: { access: PUBLIC },
      schema: { tags: ['public'], params, body: surveyCodeRequestSchema, response: { 202: z.object({ sent: z.literal(true) }) } },
    },
    async (request, reply) => {
      const res = limiter.take(`survey-code:${request.ip}`, (await limits()).code);
      if (!res.ok) refuse(reply, res.retryAfterSeconds);
      await sendSurveyCode(ctx, await entry(request.params.token), request.body.phone, (err) => request.log.error({ err }, 'sms sender failed'));
      reply.status(202);
      return { sent: true as const };
    },
  );

  r.post(
    '/api/v1/public/star-surveys/:token/responses',
    {
      config: { access: PUBLIC },
      schema: { tags: ['public'], params, body: surveyResponseInputSchema, response: { 201: z.object({ recorded: z.literal(true) }) } },
    },
    async (request, reply) => {
      const l = await limits();
      const key = `survey-failures:${request.ip}`;
      const left = limiter.check(key, l.failures);
      if (!left.ok) refuse(reply, left.retryAfterSeconds);
      await submitPublicResponse(ctx, residentAudit(request), await entry(request.params.token), request.body, () => limiter.take(key, l.failures));
      reply.status(201);
      return { recorded: true as const };
    },
  );
}
