import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { changePasswordInputSchema, loginInputSchema, loginResultSchema, meSchema, okSchema } from '@lingyan/shared';
import type { AppContext } from '../../platform/context.ts';
import { PUBLIC, actorOf, auditContextOf } from '../../platform/http/access.ts';
import { AppError } from '../../platform/errors.ts';
import { SESSION_COOKIE } from '../../platform/auth/sessions.ts';
import { changePassword, login, logout } from './auth.commands.ts';
import { presentMe, presentUserSummary } from './auth.present.ts';
import { RateLimiter } from '../public-requests/rate-limit.ts';
import { isHttps } from '../../platform/http/security-headers.ts';

/** Failures that count toward the per-address limit: a wrong password, an unknown or locked account. */
const COUNTED = new Set(['AUTH_INVALID_CREDENTIALS', 'AUTH_LOCKED']);

export function registerAuthRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const cookieOptions = (request: FastifyRequest) => ({ path: '/', httpOnly: true, sameSite: 'strict' as const, secure: isHttps(request, ctx.config) });
  // Per address, across accounts: guessing many accounts from one place is slowed without locking any of them.
  const limiter = new RateLimiter(ctx.clock);
  const loginLimit = async () => {
    const s = await ctx.settings.get('auth.loginRateLimit');
    return { capacity: s.failuresPerAddress, windowMs: s.windowMinutes * 60_000 };
  };

  r.post(
    '/api/v1/auth/login',
    { config: { access: PUBLIC }, schema: { tags: ['auth'], body: loginInputSchema, response: { 200: loginResultSchema } } },
    async (request, reply) => {
      const key = `login:${request.ip}`;
      const limit = await loginLimit();
      const left = limiter.check(key, limit);
      if (!left.ok) {
        reply.header('Retry-After', String(left.retryAfterSeconds));
        throw new AppError('RATE_LIMITED');
      }
      let result;
      try {
        result = await login(ctx, auditContextOf(request), request.body, { ip: request.ip, userAgent: request.headers['user-agent'] ?? null });
      } catch (err) {
        if (err instanceof AppError && COUNTED.has(err.code)) limiter.take(key, limit);
        throw err;
      }
      reply.setCookie(SESSION_COOKIE, result.token, cookieOptions(request));
      const user = await ctx.db.selectFrom('users').selectAll().where('id', '=', result.userId).executeTakeFirstOrThrow();
      return { user: presentUserSummary(user), csrfToken: result.csrfToken };
    },
  );

  r.post(
    '/api/v1/auth/logout',
    { config: { access: { kind: 'authenticated', duringPasswordChange: true } }, schema: { tags: ['auth'], response: { 200: okSchema } } },
    async (request, reply) => {
      await logout(ctx, auditContextOf(request), actorOf(request));
      reply.clearCookie(SESSION_COOKIE, cookieOptions(request));
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
