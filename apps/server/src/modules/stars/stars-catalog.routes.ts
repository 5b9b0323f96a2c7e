import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  departmentCreateSchema,
  departmentListSchema,
  departmentMembersSchema,
  departmentViewSchema,
  idSchema,
  starCatalogCreateSchema,
  starCatalogListSchema,
  starCatalogUpdateSchema,
  starCatalogViewSchema,
} from '@lingyan/shared';
import type { AppContext } from '../../platform/context.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { chinaDate } from '../../platform/auth/actor.ts';
import { actorOf, auditContextOf, permission } from '../../platform/http/access.ts';
import { abilitiesOf } from '../../platform/policy/policy.ts';
import { AppError } from '../../platform/errors.ts';
import { catalogOfYear } from './stars.repo.ts';
import { CATALOG_RULES, catalogKeeperAbilities } from './stars.policy.ts';
import { createCatalog, createDepartment, departmentOfficerIds, setDepartmentMembers, updateCatalog } from './stars.commands.ts';

const yearParams = z.object({ year: z.coerce.number().int().min(2000).max(2099) });
const idParams = z.object({ id: idSchema });

/** The catalog per year and the reviewing departments with their members (the city's to edit). */
export function registerStarCatalogRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  const catalogView = async (actor: Actor, year: number) => {
    const c = await catalogOfYear(ctx.db, year);
    return { year: c.year, locked: c.locked, content: c.content, updatedAt: c.updatedAt, abilities: abilitiesOf(CATALOG_RULES, actor, c) };
  };

  r.get(
    '/api/v1/star-catalogs',
    { config: { access: permission('star:read') }, schema: { tags: ['stars'], response: { 200: starCatalogListSchema } } },
    async (request) => {
      const rows = await ctx.db.selectFrom('star_catalogs').select(['year', 'locked_at', 'updated_at']).orderBy('year', 'desc').execute();
      return {
        items: rows.map((c) => ({ year: c.year, locked: c.locked_at !== null, updatedAt: c.updated_at })),
        abilities: catalogKeeperAbilities(actorOf(request)),
      };
    },
  );
  r.get(
    '/api/v1/star-catalogs/:year',
    { config: { access: permission('star:read') }, schema: { tags: ['stars'], params: yearParams, response: { 200: starCatalogViewSchema } } },
    async (request) => catalogView(actorOf(request), request.params.year),
  );
  r.post(
    '/api/v1/star-catalogs',
    { config: { access: permission('star:catalog') }, schema: { tags: ['stars'], body: starCatalogCreateSchema, response: { 201: starCatalogViewSchema } } },
    async (request, reply) => {
      const actor = actorOf(request);
      await createCatalog(ctx, auditContextOf(request), actor, request.body);
      reply.status(201);
      return catalogView(actor, request.body.year);
    },
  );
  r.put(
    '/api/v1/star-catalogs/:year',
    {
      config: { access: permission('star:catalog') },
      schema: { tags: ['stars'], params: yearParams, body: starCatalogUpdateSchema, response: { 200: starCatalogViewSchema } },
    },
    async (request) => {
      const actor = actorOf(request);
      await updateCatalog(ctx, auditContextOf(request), actor, request.params.year, request.body.content);
      return catalogView(actor, request.params.year);
    },
  );

  const departmentList = async (actor: Actor) => {
    const [departments, members, officers] = await Promise.all([
      ctx.db.selectFrom('departments').selectAll().orderBy('code').execute(),
      ctx.db
        .selectFrom('department_members as m')
        .innerJoin('users as u', 'u.id', 'm.user_id')
        .select(['m.department_id', 'u.id', 'u.display_name', 'u.username'])
        .orderBy('u.username')
        .execute(),
      departmentOfficerIds(ctx.db, chinaDate(ctx.clock.now())),
    ]);
    const abilities = catalogKeeperAbilities(actor);
    const candidates = officers.size
      ? await ctx.db
          .selectFrom('users')
          .select(['id', 'display_name', 'username'])
          .where('id', 'in', [...officers])
          .orderBy('username')
          .execute()
      : [];
    return {
      items: departments.map((d) => ({
        id: d.id,
        code: d.code,
        name: d.name,
        members: members.filter((m) => m.department_id === d.id).map((m) => ({ userId: m.id, displayName: m.display_name, username: m.username })),
        abilities: abilities.includes('edit') ? ['editMembers'] : [],
      })),
      candidates: abilities.includes('edit') ? candidates.map((u) => ({ userId: u.id, displayName: u.display_name, username: u.username })) : [],
      abilities,
    };
  };

  r.get(
    '/api/v1/departments',
    { config: { access: permission('star:read') }, schema: { tags: ['stars'], response: { 200: departmentListSchema } } },
    async (request) => departmentList(actorOf(request)),
  );
  r.post(
    '/api/v1/departments',
    { config: { access: permission('star:catalog') }, schema: { tags: ['stars'], body: departmentCreateSchema, response: { 201: departmentViewSchema } } },
    async (request, reply) => {
      const id = await createDepartment(ctx, auditContextOf(request), request.body);
      reply.status(201);
      return (await departmentList(actorOf(request))).items.find((d) => d.id === id)!;
    },
  );
  r.put(
    '/api/v1/departments/:id/members',
    {
      config: { access: permission('star:catalog') },
      schema: { tags: ['stars'], params: idParams, body: departmentMembersSchema, response: { 200: departmentViewSchema } },
    },
    async (request) => {
      await setDepartmentMembers(ctx, auditContextOf(request), request.params.id, request.body.userIds);
      const dept = (await departmentList(actorOf(request))).items.find((d) => d.id === request.params.id);
      if (!dept) throw new AppError('DEPARTMENT_NOT_FOUND');
      return dept;
    },
  );
}
