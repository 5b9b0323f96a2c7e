import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { changePasswordInputSchema, loginInputSchema, loginResultSchema, meSchema, okSchema } from '@lingyan/shared';
import type { AppContext } from '../../platform/context.ts';
import { PUBLIC, actorOf, auditContextOf } from '../../platform/http/access.ts';
import { AppError } from '../../platform/errors.ts';
import { SESSION_COOKIE } from '../../platform/auth/sessions.ts';
import { changePassword, login, logout } from './auth.commands.ts';
import { presentMe, presentUserSummary } from './auth.present.ts';

export function registerAuthRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const cookieOptions = { path: '/', httpOnly: true, sameSite: 'strict' as const, secure: ctx.config.secureCookies };

  r.post(
    '/api/v1/auth/login',
    { config: { access: PUBLIC }, schema: { tags: ['auth'], body: loginInputSchema, response: { 200: loginResultSchema } } },
    async (request, reply) => {
      const result = await login(ctx, auditContextOf(request), request.body, { ip: request.ip, userAgent: request.headers['user-agent'] ?? null });
      reply.setCookie(SESSION_COOKIE, result.token, cookieOptions);
      const user = await ctx.db.selectFrom('users').selectAll().where('id', '=', result.userId).executeTakeFirstOrThrow();
      return { user: presentUserSummary(user), csrfToken: result.csrfToken };
    },
  );

  r.post(
    '/api/v1/auth/logout',
    { config: { access: { kind: 'authenticated', duringPasswordChange: true } }, schema: { tags: ['auth'], response: { 200: okSchema } } },
    async (request, reply) => {
      await logout(ctx, auditContextOf(request), actorOf(request));
      reply.clearCookie(SESSION_COOKIE, cookieOptions);
      return { ok: true as const };
    },
  );

  r.get('/api/v1/auth/me', { config: { access: PUBLIC }, schema: { tags: ['auth'], response: { 200: meSchema } } }, async (request) => {
    if (!request.actor) throw new AppError('AUTH_REQUIRED');
    return presentMe(request.actor);
  });

  r.post(
    '/api/v1/auth/password',
    {
      config: { access: { kind: 'authenticated', duringPasswordChange: true } },
      schema: { tags: ['auth'], body: changePasswordInputSchema, response: { 200: okSchema } },
    },
    async (request) => {
      await changePassword(ctx, auditContextOf(request), actorOf(request), request.body);
      return { ok: true as const };
    },
  );
}
