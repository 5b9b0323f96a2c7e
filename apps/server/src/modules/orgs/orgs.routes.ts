import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idSchema, listOf, orgListQuerySchema, orgNodeSchema, orgSummarySchema, type OrgKind, type OrgNode } from '@lingyan/shared';
import type { AppContext } from '../../platform/context.ts';
import { actorOf, permission } from '../../platform/http/access.ts';
import { AppError } from '../../platform/errors.ts';
import { abilitiesOf, authorizeAbility } from '../../platform/policy/policy.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { chinaDate } from '../../platform/auth/actor.ts';
import { findOrgInScope, listChildren, listScopeTops, summarize } from './orgs.repo.ts';
import { orgAbilities } from './orgs.policy.ts';

type OrgRow = { id: string; code: string; name: string; kind: string; parent_id: string | null; path: string; child_count: number | string | null };

function present(actor: Actor, o: OrgRow): OrgNode {
  return {
    id: o.id,
    code: o.code,
    name: o.name,
    kind: o.kind as OrgKind,
    parentId: o.parent_id,
    path: o.path,
    childCount: Number(o.child_count ?? 0),
    abilities: abilitiesOf(orgAbilities, actor, o),
  };
}

const params = z.object({ id: idSchema });

export function registerOrgRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/orgs',
    { config: { access: permission('org:read') }, schema: { tags: ['orgs'], querystring: orgListQuerySchema, response: { 200: listOf(orgNodeSchema) } } },
    async (request) => {
      const actor = actorOf(request);
      const { parentId, ...page } = request.query;
      if (parentId !== undefined) {
        // The parent itself must be visible; otherwise it does not exist for this caller.
        const parent = await findOrgInScope(ctx.db, actor, parentId);
        if (!parent) throw new AppError('ORG_NOT_FOUND');
      }
      const list = parentId !== undefined ? await listChildren(ctx.db, actor, parentId, page) : await listScopeTops(ctx.db, actor, page);
      return { ...list, items: list.items.map((o) => present(actor, o)) };
    },
  );

  r.get(
    '/api/v1/orgs/:id',
    { config: { access: permission('org:read') }, schema: { tags: ['orgs'], params, response: { 200: orgNodeSchema } } },
    async (request) => {
      const actor = actorOf(request);
      const org = await findOrgInScope(ctx.db, actor, request.params.id);
      if (!org) throw new AppError('ORG_NOT_FOUND');
      return present(actor, org);
    },
  );

  r.get(
    '/api/v1/orgs/:id/summary',
    { config: { access: permission('org:summary') }, schema: { tags: ['orgs'], params, response: { 200: orgSummarySchema } } },
    async (request) => {
      const actor = actorOf(request);
      const org = await findOrgInScope(ctx.db, actor, request.params.id);
      if (!org) throw new AppError('ORG_NOT_FOUND');
      authorizeAbility(orgAbilities, 'summary', actor, org);
      return { orgId: org.id, ...(await summarize(ctx.db, org.path, chinaDate(ctx.clock.now()))) };
    },
  );
}
