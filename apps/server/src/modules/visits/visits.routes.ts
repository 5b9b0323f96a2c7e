import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  coverageRate,
  createVisitInputSchema,
  gridCoverageSchema,
  idSchema,
  listOf,
  needListQuerySchema,
  needSchema,
  orgCoverageSchema,
  parsePeriod,
  periodKeySchema,
  updateNeedInputSchema,
  visitDueQuerySchema,
  visitHouseholdQuerySchema,
  visitHouseholdSchema,
  visitListQuerySchema,
  visitPeriodPolicySchema,
  visitSchema,
  type VisitPeriod,
} from '@lingyan/shared';
import type { AppContext } from '../../platform/context.ts';
import { actorOf, auditContextOf, permission } from '../../platform/http/access.ts';
import { AppError } from '../../platform/errors.ts';
import { loadOrgFor } from '../../platform/policy/org-filter.ts';
import { scopePaths } from '../../platform/policy/policy.ts';
import { chinaDate, type Actor } from '../../platform/auth/actor.ts';
import { coverageByGrid, currentPeriod } from './visits.coverage.ts';
import { findNeed, findVisit, listNeeds, listVisitHouseholds, listVisits } from './visits.repo.ts';
import { createVisit, setNeedStatus, setVisitPeriodPolicy } from './visits.commands.ts';

const params = z.object({ id: idSchema });
const periodQuery = z.object({ period: periodKeySchema.optional() });

/** Visits to households (入户走访), coverage per grid and org node, the not-yet-visited list, needs, visit periods. */
export function registerVisitRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const env = async () => ({ policy: await ctx.settings.get('visits.period'), today: chinaDate(ctx.clock.now()) });
  const periodOf = async (key: string | undefined): Promise<VisitPeriod> => {
    if (!key) {
      const e = await env();
      return currentPeriod(e.policy, e.today);
    }
    const p = parsePeriod(key);
    if (!p) throw new AppError('VISIT_PERIOD_INVALID');
    return p;
  };
  /** The org node a list is narrowed to (404 outside scope); none: the caller's whole scope. */
  const orgPathOf = async (actor: Actor, orgId: string | undefined) => (orgId ? (await loadOrgFor(ctx.db, actor, orgId, 'visit:read')).path : undefined);

  r.get(
    '/api/v1/visits',
    { config: { access: permission('visit:read') }, schema: { tags: ['visits'], querystring: visitListQuerySchema, response: { 200: listOf(visitSchema) } } },
    async (request) => {
      const actor = actorOf(request);
      const { page, pageSize, orgId, ...filter } = request.query;
      return listVisits(ctx.db, actor, { ...filter, orgPath: await orgPathOf(actor, orgId) }, { page, pageSize });
    },
  );

  r.get(
    '/api/v1/visits/:id',
    { config: { access: permission('visit:read') }, schema: { tags: ['visits'], params, response: { 200: visitSchema } } },
    async (request) => {
      const visit = await findVisit(ctx.db, actorOf(request), request.params.id);
      if (!visit) throw new AppError('VISIT_NOT_FOUND');
      return visit;
    },
  );

  r.post(
    '/api/v1/visits',
    { config: { access: permission('visit:write') }, schema: { tags: ['visits'], body: createVisitInputSchema, response: { 201: visitSchema } } },
    async (request, reply) => {
      const actor = actorOf(request);
      const id = await createVisit(ctx, auditContextOf(request), actor, request.body);
      reply.status(201);
      return (await findVisit(ctx.db, actor, id))!;
    },
  );

  r.get(
    '/api/v1/visits/households',
    {
      config: { access: permission('visit:read') },
      schema: { tags: ['visits'], querystring: visitHouseholdQuerySchema, response: { 200: listOf(visitHouseholdSchema) } },
    },
    async (request) => {
      const actor = actorOf(request);
      const { page, pageSize, orgId, q } = request.query;
      return listVisitHouseholds(ctx.db, actor, await env(), { orgPath: await orgPathOf(actor, orgId), q, dueOnly: false }, { page, pageSize });
    },
  );

  r.get(
    '/api/v1/visits/due',
    {
      config: { access: permission('visit:read') },
      schema: { tags: ['visits'], querystring: visitDueQuerySchema, response: { 200: listOf(visitHouseholdSchema) } },
    },
    async (request) => {
      const actor = actorOf(request);
      const { page, pageSize, orgId } = request.query;
      return listVisitHouseholds(ctx.db, actor, await env(), { orgPath: await orgPathOf(actor, orgId), dueOnly: true }, { page, pageSize });
    },
  );

  r.get(
    '/api/v1/grids/:id/coverage',
    { config: { access: permission('visit:read') }, schema: { tags: ['visits'], params, querystring: periodQuery, response: { 200: gridCoverageSchema } } },
    async (request) => {
      const grid = await loadOrgFor(ctx.db, actorOf(request), request.params.id, 'visit:read');
      if (grid.kind !== 'grid') throw new AppError('ORG_NOT_FOUND');
      const period = await periodOf(request.query.period);
      const c = (await coverageByGrid(ctx.db, [grid.id], period)).get(grid.id)!;
      return { gridId: grid.id, period, ...c, rate: coverageRate(c.visited, c.households) };
    },
  );

  r.get(
    '/api/v1/visits/coverage',
    {
      config: { access: permission('visit:read') },
      schema: { tags: ['visits'], querystring: periodQuery.extend({ orgId: idSchema.optional() }), response: { 200: orgCoverageSchema } },
    },
    async (request) => {
      const actor = actorOf(request);
      const orgId =
        request.query.orgId ??
        (
          await ctx.db
            .selectFrom('org_nodes')
            .select('id')
            .where('path', '=', scopePaths(actor, 'visit:read')[0] ?? '')
            .executeTakeFirst()
        )?.id;
      if (!orgId) throw new AppError('ORG_NOT_FOUND');
      const org = await loadOrgFor(ctx.db, actor, orgId, 'visit:read');
      const period = await periodOf(request.query.period);
      const [grids, children] = await Promise.all([
        ctx.db.selectFrom('org_nodes').select(['id', 'path']).where('kind', '=', 'grid').where('path', 'like', `${org.path}%`).execute(),
        ctx.db.selectFrom('org_nodes').select(['id', 'name', 'kind', 'path']).where('parent_id', '=', org.id).orderBy('sort_order').orderBy('code').execute(),
      ]);
      const byGrid = await coverageByGrid(
        ctx.db,
        grids.map((g) => g.id),
        period,
      );
      const sum = (paths: (p: string) => boolean) => {
        let households = 0;
        let visited = 0;
        for (const g of grids)
          if (paths(g.path)) {
            const c = byGrid.get(g.id)!;
            households += c.households;
            visited += c.visited;
          }
        return { households, visited, rate: coverageRate(visited, households) };
      };
      return {
        org: { id: org.id, name: org.name, kind: org.kind },
        period,
        ...sum(() => true),
        children: children.map((c) => ({ id: c.id, name: c.name, kind: c.kind, ...sum((p) => p.startsWith(c.path)) })),
      };
    },
  );

  r.get(
    '/api/v1/visits/settings',
    { config: { access: permission('visit:read') }, schema: { tags: ['visits'], response: { 200: visitPeriodPolicySchema } } },
    async () => ctx.settings.get('visits.period'),
  );

  r.put(
    '/api/v1/visits/settings',
    {
      config: { access: permission('visit:settings') },
      schema: { tags: ['visits'], body: visitPeriodPolicySchema, response: { 200: visitPeriodPolicySchema } },
    },
    async (request) => {
      const saved = await setVisitPeriodPolicy(ctx, auditContextOf(request), actorOf(request), request.body);
      ctx.settings.invalidate();
      return saved;
    },
  );

  r.get(
    '/api/v1/needs',
    { config: { access: permission('visit:read') }, schema: { tags: ['visits'], querystring: needListQuerySchema, response: { 200: listOf(needSchema) } } },
    async (request) => {
      const actor = actorOf(request);
      const { page, pageSize, orgId, status } = request.query;
      return listNeeds(ctx.db, actor, { orgPath: await orgPathOf(actor, orgId), status }, { page, pageSize });
    },
  );

  r.patch(
    '/api/v1/needs/:id',
    { config: { access: permission('visit:write') }, schema: { tags: ['visits'], params, body: updateNeedInputSchema, response: { 200: needSchema } } },
    async (request) => {
      const actor = actorOf(request);
      const need = await findNeed(ctx.db, actor, request.params.id, 'visit:write');
      if (!need) throw new AppError('NEED_NOT_FOUND');
      await setNeedStatus(ctx, auditContextOf(request), need, request.body.status);
      const { orgPath: _p, gridId: _g, ...out } = (await findNeed(ctx.db, actor, need.id, 'visit:write'))!;
      return out;
    },
  );
}
