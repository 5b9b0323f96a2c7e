import type { AppContext } from '../../platform/context.ts';
import type { AuditContext } from '../../platform/audit/audit.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { authorizeAbility } from '../../platform/policy/policy.ts';
import { loadOrgFor } from '../../platform/policy/org-filter.ts';
import { findBuilding, findHome } from './homes.repo.ts';
import { placeAbilities } from './homes.policy.ts';

export type BuildingInput = {
  gridId: string;
  name: string;
  address?: string | null | undefined;
  kind: string;
  floors?: number | null | undefined;
  units: string[];
};

export async function createBuilding(ctx: AppContext, audit: AuditContext, actor: Actor, input: BuildingInput): Promise<string> {
  const grid = await loadOrgFor(ctx.db, actor, input.gridId, 'registry:write');
  if (grid.kind !== 'grid') throw new AppError('GRID_REQUIRED');
  const taken = await ctx.db.selectFrom('buildings').select('id').where('grid_id', '=', grid.id).where('name', '=', input.name).executeTakeFirst();
  if (taken) throw new AppError('BUILDING_NAME_TAKEN');
  const id = newId();
  const now = ctx.clock.now().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('buildings')
      .values({
        id,
        grid_id: grid.id,
        org_path: grid.path,
        name: input.name,
        address: input.address ?? null,
        kind: input.kind,
        floors: input.floors ?? null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    const units = [...new Set(input.units)];
    if (units.length)
      await trx
        .insertInto('building_units')
        .values(units.map((name, i) => ({ id: newId(), building_id: id, name, sort_order: i })))
        .execute();
    await ctx.audit(trx, audit, { action: 'building.create', targetType: 'building', targetId: id, orgId: grid.id });
  });
  return id;
}

export type HomeInput = {
  gridId: string;
  buildingId?: string | null | undefined;
  unitId?: string | null | undefined;
  kind: string;
  name?: string | null | undefined;
  roomNo?: string | null | undefined;
  address: string;
  areaM2?: number | null | undefined;
  use: string;
  ownership: string;
  isRented: boolean;
};

/** A home or a place (shop, school, market…) in a grid, optionally in a building and unit of it. */
export async function createHome(ctx: AppContext, audit: AuditContext, actor: Actor, input: HomeInput): Promise<string> {
  const grid = await loadOrgFor(ctx.db, actor, input.gridId, 'registry:write');
  if (grid.kind !== 'grid') throw new AppError('GRID_REQUIRED');
  if (input.buildingId) {
    const b = await findBuilding(ctx.db, actor, input.buildingId);
    if (!b) throw new AppError('BUILDING_NOT_FOUND');
    if (b.grid_id !== grid.id) throw new AppError('HOME_NOT_IN_GRID');
  }
  if (input.unitId) {
    const unit = await ctx.db.selectFrom('building_units').select('building_id').where('id', '=', input.unitId).executeTakeFirst();
    if (!unit || unit.building_id !== input.buildingId) throw new AppError('UNIT_NOT_IN_BUILDING');
  }
  const id = newId();
  const now = ctx.clock.now().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('homes')
      .values({
        id,
        grid_id: grid.id,
        org_path: grid.path,
        building_id: input.buildingId ?? null,
        unit_id: input.unitId ?? null,
        kind: input.kind,
        name: input.name ?? null,
        room_no: input.roomNo ?? null,
        address: input.address,
        area_m2: input.areaM2 ?? null,
        use: input.use,
        ownership: input.ownership,
        is_rented: input.isRented ? 1 : 0,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await ctx.audit(trx, audit, { action: 'home.create', targetType: 'home', targetId: id, orgId: grid.id });
  });
  return id;
}

export async function updateHome(
  ctx: AppContext,
  audit: AuditContext,
  actor: Actor,
  id: string,
  input: Partial<Omit<HomeInput, 'gridId' | 'buildingId' | 'unitId'>>,
): Promise<void> {
  const home = await findHome(ctx.db, actor, id);
  if (!home) throw new AppError('HOME_NOT_FOUND');
  authorizeAbility(placeAbilities, 'update', actor, home);
  const set: Record<string, unknown> = {};
  const map = { kind: 'kind', name: 'name', roomNo: 'room_no', address: 'address', areaM2: 'area_m2', use: 'use', ownership: 'ownership' } as const;
  for (const [k, col] of Object.entries(map)) if ((input as Record<string, unknown>)[k] !== undefined) set[col] = (input as Record<string, unknown>)[k];
  if (input.isRented !== undefined) set.is_rented = input.isRented ? 1 : 0;
  const fields = Object.keys(input).filter((k) => (input as Record<string, unknown>)[k] !== undefined);
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('homes')
      .set({ ...set, updated_at: ctx.clock.now().toISOString() })
      .where('id', '=', id)
      .execute();
    await ctx.audit(trx, audit, { action: 'home.update', targetType: 'home', targetId: id, orgId: home.grid_id, details: { fields } });
  });
}
