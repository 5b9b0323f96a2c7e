import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  assignmentListQuerySchema,
  assignmentSchema,
  createAssignmentInputSchema,
  idSchema,
  listOf,
  okSchema,
  roleCodeSchema,
  roleSchema,
  updateRoleInputSchema,
  type Assignment,
  type OrgKind,
  type RoleCode,
} from '@lingyan/shared';
import type { AppContext } from '../../platform/context.ts';
import { actorOf, auditContextOf, permission } from '../../platform/http/access.ts';
import { AppError } from '../../platform/errors.ts';
import { abilitiesOf } from '../../platform/policy/policy.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { findAssignment, listAssignments, type AssignmentRow } from './assignments.repo.ts';
import { assignmentAbilities, roleAbilities } from './assignments.policy.ts';
import { grantRole, revokeRole, updateRolePermissions } from './assignments.commands.ts';

function present(actor: Actor, a: AssignmentRow): Assignment {
  return {
    id: a.id,
    userId: a.user_id,
    username: a.username,
    displayName: a.display_name,
    role: a.role as RoleCode,
    orgId: a.org_id,
    orgName: a.org_name,
    orgKind: a.org_kind as OrgKind,
    validFrom: a.valid_from,
    validTo: a.valid_to,
    createdAt: a.created_at,
    abilities: abilitiesOf(assignmentAbilities, actor, a),
  };
}

export function registerAssignmentRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/assignments',
    {
      config: { access: permission('assignment:read') },
      schema: { tags: ['assignments'], querystring: assignmentListQuerySchema, response: { 200: listOf(assignmentSchema) } },
    },
    async (request) => {
      const actor = actorOf(request);
      const { userId, orgId, ...page } = request.query;
      const list = await listAssignments(ctx.db, actor, { userId, orgId }, page);
      return { ...list, items: list.items.map((a) => present(actor, a)) };
    },
  );

  r.post(
    '/api/v1/assignments',
    {
      config: { access: permission('assignment:manage') },
      schema: { tags: ['assignments'], body: createAssignmentInputSchema, response: { 201: assignmentSchema } },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const id = await grantRole(ctx, auditContextOf(request), actor, request.body);
      const a = await findAssignment(ctx.db, actor, id);
      if (!a) throw new AppError('ASSIGNMENT_NOT_FOUND');
      reply.status(201);
      return present(actor, a);
    },
  );

  r.delete(
    '/api/v1/assignments/:id',
    { config: { access: permission('assignment:manage') }, schema: { tags: ['assignments'], params: z.object({ id: idSchema }), response: { 200: okSchema } } },
    async (request) => {
      await revokeRole(ctx, auditContextOf(request), actorOf(request), request.params.id);
      return { ok: true as const };
    },
  );

  r.get(
    '/api/v1/roles',
    { config: { access: permission('role:read') }, schema: { tags: ['assignments'], response: { 200: z.object({ items: z.array(roleSchema) }) } } },
    async (request) => {
      const actor = actorOf(request);
      const rows = await ctx.db.selectFrom('roles').select(['code', 'permissions']).orderBy('code').execute();
      return {
        items: rows.map((r) => ({
          code: r.code as RoleCode,
          permissions: JSON.parse(r.permissions) as string[],
          abilities: abilitiesOf(roleAbilities, actor, r),
        })),
      };
    },
  );

  r.put(
    '/api/v1/roles/:code',
    {
      config: { access: permission('role:manage') },
      schema: { tags: ['assignments'], params: z.object({ code: roleCodeSchema }), body: updateRoleInputSchema, response: { 200: okSchema } },
    },
    async (request) => {
      await updateRolePermissions(ctx, auditContextOf(request), actorOf(request), request.params.code, request.body.permissions);
      return { ok: true as const };
    },
  );
}
