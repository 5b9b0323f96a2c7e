import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  buildingListQuerySchema,
  buildingSchema,
  createBuildingInputSchema,
  createHomeInputSchema,
  homeListQuerySchema,
  homeSchema,
  idSchema,
  listOf,
  updateHomeInputSchema,
  type Building,
  type Home,
} from '@lingyan/shared';
import type { AppContext } from '../../platform/context.ts';
import { actorOf, auditContextOf, permission } from '../../platform/http/access.ts';
import { AppError } from '../../platform/errors.ts';
import { abilitiesOf } from '../../platform/policy/policy.ts';
import { loadOrgFor } from '../../platform/policy/org-filter.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { findBuilding, findHome, listBuildings, listHomes, unitsOf, type BuildingRow, type HomeRow } from './homes.repo.ts';
import { placeAbilities } from './homes.policy.ts';
import { createBuilding, createHome, updateHome } from './homes.commands.ts';

function presentBuilding(actor: Actor, b: BuildingRow, units: { id: string; name: string }[]): Building {
  return {
    id: b.id,
    gridId: b.grid_id,
    gridName: b.grid_name,
    name: b.name,
    address: b.address,
    kind: b.kind as Building['kind'],
    floors: b.floors,
    units,
    homeCount: Number(b.home_count ?? 0),
    abilities: abilitiesOf(placeAbilities, actor, b),
  };
}

function presentHome(actor: Actor, h: HomeRow): Home {
  return {
    id: h.id,
    gridId: h.grid_id,
    gridName: h.grid_name,
    buildingId: h.building_id,
    buildingName: h.building_name,
    unitId: h.unit_id,
    unitName: h.unit_name,
    kind: h.kind as Home['kind'],
    name: h.name,
    roomNo: h.room_no,
    address: h.address,
    areaM2: h.area_m2 === null ? null : Number(h.area_m2),
    use: h.use as Home['use'],
    ownership: h.ownership as Home['ownership'],
    isRented: h.is_rented === 1,
    residentCount: Number(h.resident_count ?? 0),
    abilities: abilitiesOf(placeAbilities, actor, h),
  };
}

const params = z.object({ id: idSchema });

/** Buildings, units, homes and other places (以房管人): the building → unit → home tree of each grid. */
export function registerHomeRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const orgPath = async (actor: Actor, orgId?: string) => (orgId ? (await loadOrgFor(ctx.db, actor, orgId, 'registry:read')).path : undefined);
  const loadBuilding = async (actor: Actor, id: string) => {
    const b = await findBuilding(ctx.db, actor, id);
    if (!b) throw new AppError('BUILDING_NOT_FOUND');
    return presentBuilding(actor, b, (await unitsOf(ctx.db, [id])).get(id) ?? []);
  };
  const loadHome = async (actor: Actor, id: string) => {
    const h = await findHome(ctx.db, actor, id);
    if (!h) throw new AppError('HOME_NOT_FOUND');
    return presentHome(actor, h);
  };

  r.get(
    '/api/v1/buildings',
    {
      config: { access: permission('registry:read') },
      schema: { tags: ['homes'], querystring: buildingListQuerySchema, response: { 200: listOf(buildingSchema) } },
    },
    async (request) => {
      const actor = actorOf(request);
      const { orgId, q, ...page } = request.query;
      const list = await listBuildings(ctx.db, actor, { orgPath: await orgPath(actor, orgId), q }, page);
      const units = await unitsOf(
        ctx.db,
        list.items.map((b) => b.id),
      );
      return { ...list, items: list.items.map((b) => presentBuilding(actor, b, units.get(b.id) ?? [])) };
    },
  );
  r.get(
    '/api/v1/buildings/:id',
    { config: { access: permission('registry:read') }, schema: { tags: ['homes'], params, response: { 200: buildingSchema } } },
    async (request) => loadBuilding(actorOf(request), request.params.id),
  );
  r.post(
    '/api/v1/buildings',
    { config: { access: permission('registry:write') }, schema: { tags: ['homes'], body: createBuildingInputSchema, response: { 201: buildingSchema } } },
    async (request, reply) => {
      const actor = actorOf(request);
      const id = await createBuilding(ctx, auditContextOf(request), actor, request.body);
      reply.status(201);
      return loadBuilding(actor, id);
    },
  );

  r.get(
    '/api/v1/homes',
    { config: { access: permission('registry:read') }, schema: { tags: ['homes'], querystring: homeListQuerySchema, response: { 200: listOf(homeSchema) } } },
    async (request) => {
      const actor = actorOf(request);
      const { orgId, rented, ...rest } = request.query;
      const { page, pageSize, ...filter } = rest;
      const list = await listHomes(
        ctx.db,
        actor,
        { ...filter, orgPath: await orgPath(actor, orgId), rented: rented === undefined ? undefined : rented === 'true' },
        { page, pageSize },
      );
      return { ...list, items: list.items.map((h) => presentHome(actor, h)) };
    },
  );
  r.get(
    '/api/v1/homes/:id',
    { config: { access: permission('registry:read') }, schema: { tags: ['homes'], params, response: { 200: homeSchema } } },
    async (request) => loadHome(actorOf(request), request.params.id),
  );
  r.post(
    '/api/v1/homes',
    { config: { access: permission('registry:write') }, schema: { tags: ['homes'], body: createHomeInputSchema, response: { 201: homeSchema } } },
    async (request, reply) => {
      const actor = actorOf(request);
      const id = await createHome(ctx, auditContextOf(request), actor, request.body);
      reply.status(201);
      return loadHome(actor, id);
    },
  );
  r.patch(
    '/api/v1/homes/:id',
    { config: { access: permission('registry:write') }, schema: { tags: ['homes'], params, body: updateHomeInputSchema, response: { 200: homeSchema } } },
    async (request) => {
      const actor = actorOf(request);
      await updateHome(ctx, auditContextOf(request), actor, request.params.id, request.body);
      return loadHome(actor, request.params.id);
    },
  );
}
