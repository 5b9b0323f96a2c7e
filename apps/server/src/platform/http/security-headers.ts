import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Config } from '../config.ts';

/** One strict policy for every page, Swagger UI included (its page loads scripts from files only). */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'";

/** Uploaded files opened on their own are inert: no script, no plugin, no form, whatever they hold. */
export const FILE_CONTENT_SECURITY_POLICY = "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'none'";

/**
 * Whether the request reached us over HTTPS: configured (LINGYAN_SECURE_COOKIES=1) or, behind a
 * trusted proxy (LINGYAN_TRUST_PROXY=1), told by its X-Forwarded-Proto.
 */
export const isHttps = (request: FastifyRequest, config: Config): boolean => config.secureCookies || request.protocol === 'https';

/** Conservative headers on every answer, errors and 404s included (onSend runs for all of them). */
export function registerSecurityHeaders(app: FastifyInstance, config: Config): void {
  app.addHook('onSend', async (request, reply, payload) => {
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('Referrer-Policy', 'same-origin');
    reply.header('X-Frame-Options', 'DENY');
    reply.header('Cross-Origin-Opener-Policy', 'same-origin');
    // A route that set its own, stricter policy (file downloads) keeps it.
    if (!reply.hasHeader('Content-Security-Policy')) reply.header('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    if (isHttps(request, config)) reply.header('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    if (request.url.startsWith('/api/')) reply.header('Cache-Control', 'no-store');
    return payload;
  });
}
