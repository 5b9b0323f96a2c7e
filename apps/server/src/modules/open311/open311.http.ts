import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { catalog, translate, type ErrorCode } from '@lingyan/shared';
import type { AppContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { resolveApiToken } from '../../platform/auth/api-tokens.ts';
import { chinaDate, loadActorAssignments, type Actor } from '../../platform/auth/actor.ts';
import { toXml, type XmlValue } from './xml.ts';

export type Format = 'json' | 'xml';
export const FORMATS: readonly Format[] = ['json', 'xml'];

/** The format asked for by the resource's extension; XML (the spec's required format) when there is none. */
export function formatOf(request: FastifyRequest): Format {
  const param = (request.params as { format?: string } | undefined)?.format;
  if (param === 'json' || param === 'xml') return param;
  const path = (request.url.split('?')[0] ?? '').toLowerCase();
  return path.endsWith('.json') ? 'json' : 'xml';
}

/** The format of a route's `:format`; anything else is a 400 (in XML). */
export function requireFormat(request: FastifyRequest): Format {
  const f = (request.params as { format?: string }).format;
  if (f !== 'json' && f !== 'xml') throw new AppError('OPEN311_PARAMETER_INVALID', { name: 'format' });
  return f;
}

export function send(reply: FastifyReply, format: Format, status: number, root: string, value: XmlValue): FastifyReply {
  reply.status(status);
  if (format === 'xml') return reply.type('text/xml; charset=utf-8').send(toXml(root, value));
  return reply.type('application/json; charset=utf-8').send(JSON.stringify(value));
}

/** The spec's error body: `[{ code, description }]` or `<errors><error>…`, in the resource's format. */
export function sendError(request: FastifyRequest, reply: FastifyReply, status: number, code: ErrorCode, params?: Record<string, string | number>) {
  const locale = request.locale ?? 'zh-CN';
  const resolved = params && Object.fromEntries(Object.entries(params).map(([k, v]) => [k, typeof v === 'string' && catalog[v] ? translate(locale, v) : v]));
  return send(reply, formatOf(request), status, 'errors', [{ code: status, description: translate(locale, `error.${code}`, resolved) }]);
}

/**
 * The spec's statuses: 404 for what does not exist, 403 for a missing or wrong api_key, 400 for
 * anything else the caller got wrong; our own failures stay 500 (and are logged).
 */
export function specStatus(status: number): number {
  if (status === 403 || status === 404) return status;
  if (status >= 400 && status < 500) return 400;
  return 500;
}

/** Open311's answers never use the app's JSON error body: a scoped handler answers in the spec's shape. */
export function registerOpen311ErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | AppError | Error, request, reply) => {
    if (error instanceof AppError) return sendError(request, reply, specStatus(error.status), error.code, error.params);
    if (hasZodFastifySchemaValidationErrors(error)) return sendError(request, reply, 400, 'BAD_REQUEST');
    const status = (error as FastifyError).statusCode;
    if (status && status >= 400 && status < 500) return sendError(request, reply, specStatus(status), status === 404 ? 'NOT_FOUND' : 'BAD_REQUEST');
    request.log.error({ err: error }, 'open311 request failed');
    return sendError(request, reply, 500, 'INTERNAL_ERROR');
  });
  app.setNotFoundHandler((request, reply) => sendError(request, reply, 404, 'NOT_FOUND'));
}

/** One parameter from the query string or the form: an empty value is the same as none (the spec's "optional"). */
export function param(source: unknown, name: string): string | undefined {
  const v = (source as Record<string, unknown> | undefined)?.[name];
  const s = Array.isArray(v) ? v[0] : v;
  if (typeof s !== 'string' && typeof s !== 'number') return undefined;
  const t = String(s).trim();
  return t === '' ? undefined : t;
}

/** A comma-delimited parameter, possibly declared several times. */
export function listParam(source: unknown, name: string): string[] | undefined {
  const v = (source as Record<string, unknown> | undefined)?.[name];
  const all = (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string');
  const items = all
    .flatMap((s) => s.split(','))
    .map((s) => s.trim())
    .filter(Boolean);
  return items.length ? items : undefined;
}

/**
 * The account behind an api_key: an API token made by the system administrator (POST
 * /api/v1/api-tokens), for an active user; what it may do is that user's assignments.
 */
export async function keyHolder(ctx: AppContext, key: string | undefined): Promise<Actor | null> {
  if (!key) return null;
  const now = ctx.clock.now();
  const token = await resolveApiToken(ctx.db, key, now);
  if (!token) return null;
  const user = await ctx.db.selectFrom('users').selectAll().where('id', '=', token.userId).where('status', '=', 'active').executeTakeFirst();
  // As on /api/: an account that must change its password first cannot act, through a token either.
  if (!user || user.must_change_password === 1) return null;
  return {
    userId: user.id,
    username: user.username,
    displayName: user.display_name,
    locale: user.locale,
    mustChangePassword: false,
    assignments: await loadActorAssignments(ctx.db, user.id, chinaDate(now)),
    via: 'token',
    sessionId: null,
    csrfToken: null,
  };
}
