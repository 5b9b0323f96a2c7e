import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { catalog, translate, type ErrorCode, type ErrorBody } from '@lingyan/shared';
import { AppError } from '../errors.ts';
import { isDatabaseUnavailable } from '../db/unavailable.ts';

/** Fastify's own error codes that are the caller's fault, and what they become. */
const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'MALFORMED_JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'MALFORMED_JSON',
  FST_ERR_CTP_BODY_TOO_LARGE: 'BODY_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'BAD_REQUEST',
  FST_ERR_VALIDATION: 'VALIDATION_FAILED',
  FST_ERR_BAD_URL: 'BAD_REQUEST',
  FST_ERR_MAX_PARAM_LENGTH: 'URI_TOO_LONG',
  FST_ERR_ASYNC_CONSTRAINT: 'BAD_REQUEST',
};

function send(request: FastifyRequest, reply: FastifyReply, status: number, code: string, params?: Record<string, string | number>, details?: unknown) {
  const locale = request.locale ?? 'zh-CN';
  // A parameter that is itself a catalog key (e.g. which ID-number check failed) is translated too.
  const resolved =
    params && Object.fromEntries(Object.entries(params).map(([k, v]) => [k, typeof v === 'string' && catalog[v] ? translate(locale, v, params) : v]));
  const body: ErrorBody = { error: { code, message: translate(locale, `error.${code}`, resolved) } };
  if (details !== undefined) body.error.details = details;
  return reply.status(status).type('application/json; charset=utf-8').send(body);
}

/** One place where every error becomes `{ error: { code, message, details? } }` with its status. */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | AppError | Error, request, reply) => {
    if (error instanceof AppError) return send(request, reply, error.status, error.code, error.params, error.details);
    if (hasZodFastifySchemaValidationErrors(error)) {
      const details = error.validation.map((v) => ({ path: v.instancePath || '/', where: error.validationContext, message: v.message }));
      return send(request, reply, 400, 'VALIDATION_FAILED', undefined, details);
    }
    const code = (error as FastifyError).code;
    if (code && FASTIFY_CODES[code]) {
      const mapped = FASTIFY_CODES[code]!;
      const status = mapped === 'BODY_TOO_LARGE' ? 413 : mapped === 'UNSUPPORTED_MEDIA_TYPE' ? 415 : mapped === 'URI_TOO_LONG' ? 414 : 400;
      return send(request, reply, status, mapped);
    }
    const status = (error as FastifyError).statusCode;
    if (status === 429) return send(request, reply, 429, 'RATE_LIMITED');
    if (status && status >= 400 && status < 500) return send(request, reply, status, status === 404 ? 'NOT_FOUND' : 'BAD_REQUEST');
    // The database is down or restarting: a coded 503 the client may retry, not a 500.
    if (isDatabaseUnavailable(error)) {
      request.log.warn({ err: { message: error.message, code: (error as { code?: unknown }).code } }, 'database unavailable');
      return send(request, reply, 503, 'SERVICE_UNAVAILABLE');
    }
    if (isResponseSerializationError(error)) request.log.error({ err: error, route: request.routeOptions.url }, 'response did not match its schema');
    else request.log.error({ err: error }, 'unhandled error');
    return send(request, reply, 500, 'INTERNAL_ERROR');
  });
}

/**
 * The router's own refusals (a path that is not valid percent-encoding, a path parameter past
 * its length limit) never reach the error handler; Fastify's `frameworkErrors` sends them here.
 */
export function frameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const mapped = FASTIFY_CODES[error.code] ?? 'BAD_REQUEST';
  return send(request, reply, mapped === 'URI_TOO_LONG' ? 414 : 400, mapped);
}

export function notFoundJson(request: FastifyRequest, reply: FastifyReply) {
  return send(request, reply, 404, 'NOT_FOUND');
}
