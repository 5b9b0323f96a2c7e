import type { Permission, Locale } from '@lingyan/shared';
import type { Actor } from '../auth/actor.ts';
import { AppError } from '../errors.ts';
import type { FastifyRequest } from 'fastify';
import type { AuditContext } from '../audit/audit.ts';

/**
 * Every route declares who may call it; the auth hook enforces it before validation, and the
 * route snapshot test lists it. A permission here means "held somewhere"; the record-level
 * check (which node) is the module policy's.
 */
export type Access = { kind: 'public' } | { kind: 'authenticated'; duringPasswordChange?: boolean } | { kind: 'permission'; permission: Permission };

export const PUBLIC: Access = { kind: 'public' };
export const AUTHENTICATED: Access = { kind: 'authenticated' };
export const permission = (p: Permission): Access => ({ kind: 'permission', permission: p });

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    actor: Actor | null;
    locale: Locale;
  }
}

/** The actor of a route that required authentication. */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError('AUTH_REQUIRED');
  return request.actor;
}

export function auditContextOf(request: FastifyRequest): AuditContext {
  return {
    actorId: request.actor?.userId ?? null,
    actorName: request.actor?.username ?? null,
    requestId: request.id,
    ip: request.ip ?? null,
  };
}
