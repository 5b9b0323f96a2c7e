import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { normalizePhone } from '@lingyan/shared';
import type { AppContext } from '../../platform/context.ts';
import type { AuditContext } from '../../platform/audit/audit.ts';
import { PUBLIC } from '../../platform/http/access.ts';
import { AppError } from '../../platform/errors.ts';
import { FIELD_CONTEXT } from '../residents/resident-codec.ts';
import { receiveRequest } from '../service-requests/service-requests.commands.ts';
import { RateLimiter, type Limit } from './rate-limit.ts';
import { checkCode, consumeCode, issueCode } from './one-time-codes.ts';
import { recordRating } from './rating.ts';
import { publicView } from './public-requests.view.ts';
import {
  publicCodeRequestSchema,
  publicCommunitySchema,
  publicLookupSchema,
  publicRateSchema,
  publicRequestViewSchema,
  publicSubmitSchema,
} from './public-requests.schemas.ts';

const DAY_MS = 86_400_000;

/** The resident acting for themselves: no account, so the audit names the role and keeps the address. */
const residentAudit = (request: FastifyRequest): AuditContext => ({ actorId: null, actorName: 'resident', requestId: request.id, ip: request.ip ?? null });

/**
 * The resident pages' API (群众端): the communities to choose from, submitting a request online,
 * following it by its number and the phone's last four digits (or a code sent by SMS), rating it.
 * A wrong number and a wrong phone (or code) answer the same 404, so the API tells nothing about
 * which numbers exist; failed attempts are limited per client address and per number.
 */
export function registerPublicRequestRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const limiter = new RateLimiter(ctx.clock);
  const limits = async () => {
    const s = await ctx.settings.get('public.rateLimits');
    const per = (capacity: number, windowMs = s.windowMinutes * 60_000): Limit => ({ capacity, windowMs });
    return { submit: per(s.submit), lookupIp: per(s.lookupFailures), lookupNumber: per(s.lookupFailures, DAY_MS), code: per(s.codeRequests) };
  };
  const refuse = (reply: FastifyReply, retryAfterSeconds: number): never => {
    reply.header('Retry-After', String(retryAfterSeconds));
    throw new AppError('RATE_LIMITED');
  };
  const take = (reply: FastifyReply, key: string, limit: Limit) => {
    const res = limiter.take(key, limit);
    if (!res.ok) refuse(reply, res.retryAfterSeconds);
  };

  const findByNumber = (number: string) =>
    ctx.db
      .selectFrom('service_requests as r')
      .leftJoin('residents as res', 'res.id', 'r.resident_id')
      .select(['r.id', 'r.number', 'r.state', 'r.org_id', 'r.contact_phone_enc', 'r.contact_phone_last4', 'res.phone_enc', 'res.phone_masked'])
      .where('r.number', 'in', [...new Set([number, number.toUpperCase()])])
      .executeTakeFirst();
  type Found = NonNullable<Awaited<ReturnType<typeof findByNumber>>>;

  /** The request behind a number, proven by the phone's last four or a live code; else the one 404. */
  const verify = async (
    request: FastifyRequest,
    reply: FastifyReply,
    number: string,
    proof: { phoneLast4?: string | undefined; code?: string | undefined },
  ) => {
    const l = await limits();
    const ipKey = `lookup:${request.ip}`;
    const numberKey = `lookup-number:${number.toUpperCase()}`;
    for (const [key, limit] of [
      [ipKey, l.lookupIp],
      [numberKey, l.lookupNumber],
    ] as const) {
      const res = limiter.check(key, limit);
      if (!res.ok) refuse(reply, res.retryAfterSeconds);
    }
    const found = await findByNumber(number);
    let codeId: string | null = null;
    let ok = false;
    if (found && proof.phoneLast4) {
      ok = found.contact_phone_last4 === proof.phoneLast4 || (!!found.phone_masked && found.phone_masked.slice(-4) === proof.phoneLast4);
    } else if (found && proof.code) {
      const { maxAttempts } = await ctx.settings.get('public.oneTimeCode');
      codeId = await checkCode(ctx, found.id, proof.code, maxAttempts);
      ok = codeId !== null;
    }
    if (!found || !ok) {
      limiter.take(ipKey, l.lookupIp);
      limiter.take(numberKey, l.lookupNumber);
      throw new AppError('PUBLIC_REQUEST_NOT_MATCHED');
    }
    return { found, codeId };
  };

  /** Where a code goes: the phone given with the request, else the registered resident's. */
  const phoneOf = (f: Found): string | null => {
    if (f.contact_phone_enc) return ctx.crypto.decrypt(f.contact_phone_enc, 'service-request.phone');
    if (f.phone_enc) return ctx.crypto.decrypt(f.phone_enc, FIELD_CONTEXT.phone);
    return null;
  };

  r.get(
    '/api/v1/public/communities',
    { config: { access: PUBLIC }, schema: { tags: ['public'], response: { 200: z.object({ items: z.array(publicCommunitySchema) }) } } },
    async () => {
      const rows = await ctx.db
        .selectFrom('org_nodes as o')
        .innerJoin('org_nodes as t', 't.id', 'o.parent_id')
        .select(['o.id', 'o.code', 'o.name', 'o.kind', 't.name as township_name'])
        .where('o.kind', 'in', ['community', 'village'])
        .orderBy('t.sort_order')
        .orderBy('o.sort_order')
        .orderBy('o.code')
        .execute();
      return { items: rows.map((o) => ({ id: o.id, code: o.code, name: o.name, kind: o.kind as 'community' | 'village', townshipName: o.township_name })) };
    },
  );

  r.post(
    '/api/v1/public/requests',
    { config: { access: PUBLIC }, schema: { tags: ['public'], body: publicSubmitSchema, response: { 201: z.object({ number: z.string() }) } } },
    async (request, reply) => {
      take(reply, `submit:${request.ip}`, (await limits()).submit);
      const { orgId, itemId, name, phone, description } = request.body;
      const normalized = normalizePhone(phone);
      if (!normalized) throw new AppError('PHONE_INVALID', {}, { field: 'phone' });
      const id = await receiveRequest(ctx, residentAudit(request), null, {
        orgId,
        itemId,
        channel: 'online',
        visitorName: name,
        contactPhone: normalized,
        description,
      });
      const row = await ctx.db.selectFrom('service_requests').select('number').where('id', '=', id).executeTakeFirstOrThrow();
      reply.status(201);
      return { number: row.number };
    },
  );

  r.post(
    '/api/v1/public/requests/lookup',
    { config: { access: PUBLIC }, schema: { tags: ['public'], body: publicLookupSchema, response: { 200: publicRequestViewSchema } } },
    async (request, reply) => {
      const { found } = await verify(request, reply, request.body.number, { phoneLast4: request.body.phoneLast4 });
      return publicView(ctx, found.id);
    },
  );

  // The answer is the same whether the number exists or not (and whether a code was sent): no oracle.
  r.post(
    '/api/v1/public/requests/code',
    { config: { access: PUBLIC }, schema: { tags: ['public'], body: publicCodeRequestSchema, response: { 200: z.object({ sent: z.literal(true) }) } } },
    async (request, reply) => {
      take(reply, `code:${request.ip}`, (await limits()).code);
      const found = await findByNumber(request.body.number);
      const phone = found ? phoneOf(found) : null;
      if (found && phone) {
        const { ttlMinutes } = await ctx.settings.get('public.oneTimeCode');
        const code = await issueCode(ctx, found.id, ttlMinutes);
        if (code) {
          await ctx.sms
            .send(phone, `【领雁】您查询办件 ${found.number} 的验证码为 ${code}，${ttlMinutes} 分钟内有效。如非本人操作，请忽略。`)
            .catch((err: unknown) => {
              request.log.error({ err }, 'sms sender failed');
            });
        }
      }
      return { sent: true as const };
    },
  );

  r.post(
    '/api/v1/public/requests/rate',
    { config: { access: PUBLIC }, schema: { tags: ['public'], body: publicRateSchema, response: { 200: publicRequestViewSchema } } },
    async (request, reply) => {
      const { number, phoneLast4, code, rating, comment } = request.body;
      const { found, codeId } = await verify(request, reply, number, { phoneLast4, code });
      const at = ctx.clock.now().toISOString();
      await ctx.db.transaction().execute(async (trx) => {
        if (codeId && !(await consumeCode(trx, codeId, at))) throw new AppError('PUBLIC_REQUEST_NOT_MATCHED');
        await recordRating(trx, ctx, residentAudit(request), found, { rating, comment: comment || null, source: 'online' });
      });
      return publicView(ctx, found.id);
    },
  );
}
