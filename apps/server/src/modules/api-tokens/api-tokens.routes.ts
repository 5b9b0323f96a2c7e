import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idSchema, idsOfPath, okSchema } from '@lingyan/shared';
import type { AppContext } from '../../platform/context.ts';
import { actorOf, auditContextOf, permission } from '../../platform/http/access.ts';
import { AppError } from '../../platform/errors.ts';
import { scopePaths } from '../../platform/policy/policy.ts';
import { newId, newToken } from '../../platform/ids.ts';
import { tokenHash } from '../../platform/auth/sessions.ts';
import { API_TOKEN_PREFIX } from '../../platform/auth/api-tokens.ts';
import type { Actor } from '../../platform/auth/actor.ts';

const tokenSchema = z.object({
  id: z.string(),
  userId: z.string(),
  username: z.string(),
  name: z.string(),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
const createSchema = z.strictObject({
  userId: idSchema,
  name: z.string().trim().min(1).max(64),
  expiresAt: z.iso.datetime({ offset: true }).nullable().optional(),
});

function authorizeTokens(actor: Actor): void {
  if (!scopePaths(actor, 'api-token:manage').some((p) => idsOfPath(p).length === 1)) throw new AppError('FORBIDDEN');
}

/** Bearer tokens for integrations (12345 hotline, other systems). Only a hash is stored; the token is shown once. */
export function registerApiTokenRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/api-tokens',
    { config: { access: permission('api-token:manage') }, schema: { tags: ['api-tokens'], response: { 200: z.object({ items: z.array(tokenSchema) }) } } },
    async (request) => {
      authorizeTokens(actorOf(request));
      const rows = await ctx.db
        .selectFrom('api_tokens as t')
        .innerJoin('users as u', 'u.id', 't.user_id')
        .select(['t.id', 't.user_id', 'u.username', 't.name', 't.created_at', 't.expires_at', 't.last_used_at', 't.revoked_at'])
        .orderBy('t.created_at', 'desc')
        .execute();
      return {
        items: rows.map((t) => ({
          id: t.id,
          userId: t.user_id,
          username: t.username,
          name: t.name,
          createdAt: t.created_at,
          expiresAt: t.expires_at,
          lastUsedAt: t.last_used_at,
          revokedAt: t.revoked_at,
        })),
      };
    },
  );

  r.post(
    '/api/v1/api-tokens',
    {
      config: { access: permission('api-token:manage') },
      schema: { tags: ['api-tokens'], body: createSchema, response: { 201: z.object({ id: z.string(), token: z.string() }) } },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      authorizeTokens(actor);
      const user = await ctx.db.selectFrom('users').select('id').where('id', '=', request.body.userId).executeTakeFirst();
      if (!user) throw new AppError('USER_NOT_FOUND');
      const id = newId();
      const token = `${API_TOKEN_PREFIX}${newToken(32)}`;
      await ctx.db.transaction().execute(async (trx) => {
        await trx
          .insertInto('api_tokens')
          .values({
            id,
            user_id: user.id,
            name: request.body.name,
            token_hash: tokenHash(token),
            created_at: ctx.clock.now().toISOString(),
            created_by: actor.userId,
            expires_at: request.body.expiresAt ? new Date(request.body.expiresAt).toISOString() : null,
          })
          .execute();
        await ctx.audit(trx, auditContextOf(request), {
          action: 'api-token.create',
          targetType: 'api-token',
          targetId: id,
          details: { userId: user.id, name: request.body.name },
        });
      });
      reply.status(201);
      return { id, token };
    },
  );

  r.delete(
    '/api/v1/api-tokens/:id',
    { config: { access: permission('api-token:manage') }, schema: { tags: ['api-tokens'], params: z.object({ id: idSchema }), response: { 200: okSchema } } },
    async (request) => {
      authorizeTokens(actorOf(request));
      const row = await ctx.db.selectFrom('api_tokens').select(['id', 'revoked_at']).where('id', '=', request.params.id).executeTakeFirst();
      if (!row) throw new AppError('API_TOKEN_NOT_FOUND');
      if (!row.revoked_at) {
        await ctx.db.transaction().execute(async (trx) => {
          await trx.updateTable('api_tokens').set({ revoked_at: ctx.clock.now().toISOString() }).where('id', '=', row.id).execute();
          await ctx.audit(trx, auditContextOf(request), { action: 'api-token.revoke', targetType: 'api-token', targetId: row.id });
        });
      }
      return { ok: true as const };
    },
  );
}
