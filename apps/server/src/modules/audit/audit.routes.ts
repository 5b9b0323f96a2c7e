import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { auditEntrySchema, auditQuerySchema, listOf, type AuditEntry } from '@lingyan/shared';
import type { AppContext } from '../../platform/context.ts';
import { actorOf, permission } from '../../platform/http/access.ts';
import { listAudit } from './audit.repo.ts';

export function registerAuditRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/v1/audit',
    { config: { access: permission('audit:read') }, schema: { tags: ['audit'], querystring: auditQuerySchema, response: { 200: listOf(auditEntrySchema) } } },
    async (request) => {
      const { action, actor, outcome, targetId, from, to, ...page } = request.query;
      const list = await listAudit(ctx.db, actorOf(request), { action, actor, outcome, targetId, from, to }, page);
      return {
        ...list,
        items: list.items.map((l): AuditEntry => ({
          seq: Number(l.seq),
          at: l.at,
          actorId: l.actor_id,
          actorName: l.actor_name,
          action: l.action,
          targetType: l.target_type,
          targetId: l.target_id,
          orgId: l.org_id,
          outcome: l.outcome as AuditEntry['outcome'],
          requestId: l.request_id,
          ip: l.ip,
          details: l.details ? (JSON.parse(l.details) as Record<string, unknown>) : null,
        })),
      };
    },
  );
}
