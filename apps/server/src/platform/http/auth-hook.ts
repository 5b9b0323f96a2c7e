import type { FastifyInstance, FastifyRequest } from 'fastify';
import { negotiateLocale, isLocale } from '@lingyan/shared';
import type { AppContext } from '../context.ts';
import { AppError } from '../errors.ts';
import { SESSION_COOKIE, resolveSession } from '../auth/sessions.ts';
import { resolveApiToken } from '../auth/api-tokens.ts';
import { chinaDate, loadActorAssignments, type Actor } from '../auth/actor.ts';
import { can } from '../policy/policy.ts';
import { timingSafeEqual } from 'node:crypto';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

async function authenticate(ctx: AppContext, request: FastifyRequest): Promise<Actor | null> {
  const now = ctx.clock.now();
  const header = request.headers.authorization;
  let userId: string;
  let via: Actor['via'];
  let sessionId: string | null = null;
  let csrfToken: string | null = null;
  if (header) {
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    const found = m ? await resolveApiToken(ctx.db, m[1]!, now) : null;
    if (!found) throw new AppError('AUTH_INVALID_TOKEN');
    userId = found.userId;
    via = 'token';
  } else {
    const token = request.cookies[SESSION_COOKIE];
    if (!token) return null;
    const session = await resolveSession(ctx.db, token, now, await ctx.settings.get('auth.session'));
    if (session.state === 'expired') throw new AppError('AUTH_SESSION_EXPIRED');
    if (session.state !== 'valid') return null;
    userId = session.userId;
    via = 'session';
    sessionId = session.id;
    csrfToken = session.csrfToken;
  }
  const user = await ctx.db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirst();
  if (!user || user.status !== 'active') throw new AppError(via === 'token' ? 'AUTH_INVALID_TOKEN' : 'AUTH_SESSION_EXPIRED');
  return {
    userId: user.id,
    username: user.username,
    displayName: user.display_name,
    locale: user.locale,
    mustChangePassword: user.must_change_password === 1,
    assignments: await loadActorAssignments(ctx.db, user.id, chinaDate(now)),
    via,
    sessionId,
    csrfToken,
  };
}

/** Resolves the caller and enforces each route's declared access before its input is read. */
export function registerAuthHook(app: FastifyInstance, ctx: AppContext): void {
  app.decorateRequest('actor', null);
  app.decorateRequest('locale', 'zh-CN');
  app.addHook('onRequest', async (request) => {
    const explicit = request.headers['x-lingyan-locale'];
    request.locale = isLocale(explicit) ? explicit : negotiateLocale(request.headers['accept-language']);
    const access = request.routeOptions.config?.access;
    if (!request.url.startsWith('/api/')) return;
    if (!access) throw new AppError('NOT_FOUND');
    if (access.kind === 'public') {
      // Public routes still recognise a signed-in caller (e.g. /auth/me, login page).
      request.actor = await authenticate(ctx, request).catch(() => null);
      return;
    }
    const actor = await authenticate(ctx, request);
    if (!actor) throw new AppError('AUTH_REQUIRED');
    request.actor = actor;
    if (actor.via === 'session' && !SAFE_METHODS.has(request.method)) {
      const sent = request.headers['x-csrf-token'];
      if (typeof sent !== 'string' || !actor.csrfToken || !sameToken(sent, actor.csrfToken)) throw new AppError('AUTH_CSRF_INVALID');
    }
    const passwordChangeOk = access.kind === 'authenticated' && access.duringPasswordChange;
    if (actor.mustChangePassword && !passwordChangeOk) throw new AppError('AUTH_PASSWORD_CHANGE_REQUIRED');
    if (access.kind === 'permission' && !can(actor, access.permission)) throw new AppError('FORBIDDEN');
  });
}
