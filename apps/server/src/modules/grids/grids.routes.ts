import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  boundaryInputSchema,
  gridDetailSchema,
  gridFeatureCollectionSchema,
  gridImportInputSchema,
  gridImportResultSchema,
  gridListQuerySchema,
  gridMapQuerySchema,
  gridMapSchema,
  gridPartyInputSchema,
  gridPeopleSchema,
  gridPersonCandidateSchema,
  gridPersonInputSchema,
  gridPersonUpdateSchema,
  idSchema,
  okSchema,
  updateGridInputSchema,
  type GridFeatureCollection,
  type GridMap,
} from '@lingyan/shared';
import type { AppContext } from '../../platform/context.ts';
import { actorOf, auditContextOf, permission } from '../../platform/http/access.ts';
import { AppError } from '../../platform/errors.ts';
import { abilitiesOf, authorizeAbility, scopePaths } from '../../platform/policy/policy.ts';
import { loadOrgFor } from '../../platform/policy/org-filter.ts';
import { chinaDate, type Actor } from '../../platform/auth/actor.ts';
import { buildingCounts, communityGrids, findGrid, listGrids, parseBoundary } from './grids.repo.ts';
import { gridAbilities } from './grids.policy.ts';
import { gridProperties } from './grids.present.ts';
import { importBoundaries, setBoundary, updateGrid } from './grids.commands.ts';
import { addPerson, deletePerson, peopleOf, personCandidates, setParty, updatePerson } from './grids.people.ts';
import { AVAILABLE_FIGURES, figuresOf } from './grids.figures.ts';
import { currentPeriod } from '../visits/visits.coverage.ts';

const params = z.object({ id: idSchema });
const personParams = z.object({ id: idSchema, personId: idSchema });

/** Grids (网格): boundaries as GeoJSON in and out, the map with figures, and the people of a grid. */
export function registerGridRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  /** The node a list or map is about: the given one (in grid:read scope), or the caller's scope top. */
  const scopeOf = async (actor: Actor, orgId: string | undefined): Promise<string | null> => {
    if (orgId) return (await loadOrgFor(ctx.db, actor, orgId, 'grid:read')).path;
    const tops = scopePaths(actor, 'grid:read');
    return tops.length === 1 ? tops[0]! : null;
  };

  r.get(
    '/api/v1/grids',
    {
      config: { access: permission('grid:read') },
      schema: { tags: ['grids'], querystring: gridListQuerySchema, response: { 200: gridFeatureCollectionSchema } },
    },
    async (request): Promise<GridFeatureCollection> => {
      const actor = actorOf(request);
      const grids = await listGrids(ctx.db, actor, await scopeOf(actor, request.query.orgId));
      const buildings = await buildingCounts(
        ctx.db,
        grids.map((g) => g.id),
      );
      return {
        type: 'FeatureCollection',
        features: grids.map((g) => ({
          type: 'Feature',
          id: g.id,
          properties: gridProperties(g, buildings.get(g.id) ?? 0),
          geometry: parseBoundary(g.boundary),
        })),
      };
    },
  );

  r.get(
    '/api/v1/grids/map',
    {
      config: { access: permission('grid:read') },
      schema: { tags: ['grids'], querystring: gridMapQuerySchema, response: { 200: gridMapSchema } },
    },
    async (request): Promise<GridMap> => {
      const actor = actorOf(request);
      const { orgId, figure } = request.query;
      const orgPath = await scopeOf(actor, orgId);
      const [grids, visitPolicy] = await Promise.all([listGrids(ctx.db, actor, orgPath), ctx.settings.get('visits.period')]);
      // Coverage is for the visit period (a setting) that contains today.
      const { from, to } = currentPeriod(visitPolicy, chinaDate(ctx.clock.now()));
      const period = { from, to };
      const [buildings, values] = await Promise.all([
        buildingCounts(
          ctx.db,
          grids.map((g) => g.id),
        ),
        figuresOf(ctx.db, grids, orgPath ?? '/', figure, period),
      ]);
      return {
        type: 'FeatureCollection',
        figure,
        figures: AVAILABLE_FIGURES,
        period: figure === 'coverage' ? period : null,
        features: grids.map((g) => ({
          type: 'Feature',
          id: g.id,
          properties: { ...gridProperties(g, buildings.get(g.id) ?? 0), ...(values.get(g.id) ?? { value: null, visited: null, households: null }) },
          geometry: parseBoundary(g.boundary),
        })),
      };
    },
  );

  r.post(
    '/api/v1/grids/import',
    {
      config: { access: permission('grid:manage') },
      schema: { tags: ['grids'], body: gridImportInputSchema, response: { 200: gridImportResultSchema } },
    },
    async (request) => {
      const codes = await importBoundaries(ctx, auditContextOf(request), actorOf(request), request.body.orgId, request.body.collection.features);
      return { updated: codes.length, codes };
    },
  );

  r.get(
    '/api/v1/grids/:id',
    { config: { access: permission('grid:read') }, schema: { tags: ['grids'], params, response: { 200: gridDetailSchema } } },
    async (request) => {
      const actor = actorOf(request);
      const grid = await findGrid(ctx.db, actor, request.params.id);
      if (!grid) throw new AppError('GRID_NOT_FOUND');
      const [neighbours, buildingList] = await Promise.all([
        communityGrids(ctx.db, grid.community_id),
        ctx.db.selectFrom('buildings').select(['id', 'name', 'kind', 'floors']).where('grid_id', '=', grid.id).orderBy('name').execute(),
      ]);
      return {
        ...gridProperties(grid, buildingList.length),
        boundary: parseBoundary(grid.boundary),
        boundaryUpdatedAt: grid.boundary_updated_at,
        neighbours: neighbours.filter((n) => n.id !== grid.id).map((n) => ({ id: n.id, code: n.code, name: n.name, boundary: parseBoundary(n.boundary) })),
        buildingList,
        abilities: abilitiesOf(gridAbilities, actor, grid),
      };
    },
  );

  r.patch(
    '/api/v1/grids/:id',
    { config: { access: permission('grid:manage') }, schema: { tags: ['grids'], params, body: updateGridInputSchema, response: { 200: okSchema } } },
    async (request) => {
      await updateGrid(ctx, auditContextOf(request), actorOf(request), request.params.id, request.body);
      return { ok: true as const };
    },
  );

  r.put(
    '/api/v1/grids/:id/boundary',
    { config: { access: permission('grid:manage') }, schema: { tags: ['grids'], params, body: boundaryInputSchema, response: { 200: okSchema } } },
    async (request) => {
      await setBoundary(ctx, auditContextOf(request), actorOf(request), request.params.id, request.body.geometry);
      return { ok: true as const };
    },
  );

  r.get(
    '/api/v1/grids/:id/people',
    { config: { access: permission('grid:read') }, schema: { tags: ['grids'], params, response: { 200: gridPeopleSchema } } },
    async (request) => {
      const actor = actorOf(request);
      const grid = await findGrid(ctx.db, actor, request.params.id);
      if (!grid) throw new AppError('GRID_NOT_FOUND');
      return peopleOf(ctx.db, actor, grid, chinaDate(ctx.clock.now()));
    },
  );

  r.get(
    '/api/v1/grids/:id/people/candidates',
    {
      config: { access: permission('grid:manage') },
      schema: { tags: ['grids'], params, response: { 200: z.object({ items: z.array(gridPersonCandidateSchema) }) } },
    },
    async (request) => {
      const actor = actorOf(request);
      const grid = await findGrid(ctx.db, actor, request.params.id);
      if (!grid) throw new AppError('GRID_NOT_FOUND');
      authorizeAbility(gridAbilities, 'managePeople', actor, grid);
      return { items: await personCandidates(ctx.db, grid, chinaDate(ctx.clock.now())) };
    },
  );

  r.post(
    '/api/v1/grids/:id/people',
    {
      config: { access: permission('grid:manage') },
      schema: { tags: ['grids'], params, body: gridPersonInputSchema, response: { 201: z.object({ id: z.string() }) } },
    },
    async (request, reply) => {
      const id = await addPerson(ctx, auditContextOf(request), actorOf(request), request.params.id, request.body);
      reply.status(201);
      return { id };
    },
  );

  r.patch(
    '/api/v1/grids/:id/people/:personId',
    {
      config: { access: permission('grid:manage') },
      schema: { tags: ['grids'], params: personParams, body: gridPersonUpdateSchema, response: { 200: okSchema } },
    },
    async (request) => {
      await updatePerson(ctx, auditContextOf(request), actorOf(request), request.params.id, request.params.personId, request.body);
      return { ok: true as const };
    },
  );

  r.delete(
    '/api/v1/grids/:id/people/:personId',
    { config: { access: permission('grid:manage') }, schema: { tags: ['grids'], params: personParams, response: { 200: okSchema } } },
    async (request) => {
      await deletePerson(ctx, auditContextOf(request), actorOf(request), request.params.id, request.params.personId);
      return { ok: true as const };
    },
  );

  r.put(
    '/api/v1/grids/:id/party',
    { config: { access: permission('grid:manage') }, schema: { tags: ['grids'], params, body: gridPartyInputSchema, response: { 200: okSchema } } },
    async (request) => {
      await setParty(ctx, auditContextOf(request), actorOf(request), request.params.id, request.body);
      return { ok: true as const };
    },
  );
}
