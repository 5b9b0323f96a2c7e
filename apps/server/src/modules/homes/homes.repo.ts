import type { Kysely } from 'kysely';
import type { PageQuery } from '@lingyan/shared';
import type { DB } from '../../platform/db/schema.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { escapeLike, inScope, pathsCondition } from '../../platform/policy/scope.ts';
import { paginate } from '../../platform/http/pagination.ts';

export type BuildingFilter = { orgPath?: string | undefined; q?: string | undefined };

const buildingColumns = ['b.id', 'b.grid_id', 'b.org_path', 'b.name', 'b.address', 'b.kind', 'b.floors', 'g.name as grid_name'] as const;

function buildings(db: Kysely<DB>, actor: Actor) {
  return db
    .selectFrom('buildings as b')
    .innerJoin('org_nodes as g', 'g.id', 'b.grid_id')
    .where((eb) => inScope(eb, 'b.org_path', actor, 'registry:read'));
}

export async function listBuildings(db: Kysely<DB>, actor: Actor, f: BuildingFilter, page: PageQuery) {
  let q = buildings(db, actor);
  if (f.orgPath) q = q.where((eb) => pathsCondition(eb, 'b.org_path', [f.orgPath!]));
  if (f.q) q = q.where((eb) => eb.or([eb('b.name', 'like', `%${escapeLike(f.q!)}%`), eb('b.address', 'like', `%${escapeLike(f.q!)}%`)]));
  return paginate(q, page, (x) =>
    x
      .select(buildingColumns)
      .select((eb) =>
        eb
          .selectFrom('homes as hc')
          .select((e) => e.fn.countAll<number>().as('n'))
          .whereRef('hc.building_id', '=', 'b.id')
          .as('home_count'),
      )
      .orderBy('g.code')
      .orderBy('b.name'),
  );
}

export async function findBuilding(db: Kysely<DB>, actor: Actor, id: string) {
  return buildings(db, actor)
    .select(buildingColumns)
    .select((eb) =>
      eb
        .selectFrom('homes as hc')
        .select((e) => e.fn.countAll<number>().as('n'))
        .whereRef('hc.building_id', '=', 'b.id')
        .as('home_count'),
    )
    .where('b.id', '=', id)
    .executeTakeFirst();
}
export type BuildingRow = NonNullable<Awaited<ReturnType<typeof findBuilding>>>;

export async function unitsOf(db: Kysely<DB>, buildingIds: string[]) {
  const map = new Map<string, { id: string; name: string }[]>();
  if (buildingIds.length === 0) return map;
  const rows = await db
    .selectFrom('building_units')
    .select(['id', 'building_id', 'name'])
    .where('building_id', 'in', buildingIds)
    .orderBy('sort_order')
    .orderBy('name')
    .execute();
  for (const u of rows) map.set(u.building_id, [...(map.get(u.building_id) ?? []), { id: u.id, name: u.name }]);
  return map;
}

export type HomeFilter = {
  orgPath?: string | undefined;
  buildingId?: string | undefined;
  unitId?: string | undefined;
  kind?: string | undefined;
  rented?: boolean | undefined;
  q?: string | undefined;
};

const homeColumns = [
  'h.id',
  'h.grid_id',
  'h.org_path',
  'h.building_id',
  'h.unit_id',
  'h.kind',
  'h.name',
  'h.room_no',
  'h.address',
  'h.area_m2',
  'h.use',
  'h.ownership',
  'h.is_rented',
  'g.name as grid_name',
  'b.name as building_name',
  'u.name as unit_name',
] as const;

function homes(db: Kysely<DB>, actor: Actor) {
  return db
    .selectFrom('homes as h')
    .innerJoin('org_nodes as g', 'g.id', 'h.grid_id')
    .leftJoin('buildings as b', 'b.id', 'h.building_id')
    .leftJoin('building_units as u', 'u.id', 'h.unit_id')
    .where((eb) => inScope(eb, 'h.org_path', actor, 'registry:read'));
}

export async function listHomes(db: Kysely<DB>, actor: Actor, f: HomeFilter, page: PageQuery) {
  let q = homes(db, actor);
  if (f.orgPath) q = q.where((eb) => pathsCondition(eb, 'h.org_path', [f.orgPath!]));
  if (f.buildingId) q = q.where('h.building_id', '=', f.buildingId);
  if (f.unitId) q = q.where('h.unit_id', '=', f.unitId);
  if (f.kind) q = q.where('h.kind', '=', f.kind);
  if (f.rented !== undefined) q = q.where('h.is_rented', '=', f.rented ? 1 : 0);
  if (f.q) q = q.where((eb) => eb.or([eb('h.address', 'like', `%${escapeLike(f.q!)}%`), eb('h.name', 'like', `%${escapeLike(f.q!)}%`)]));
  return paginate(q, page, (x) =>
    x
      .select(homeColumns)
      .select((eb) =>
        eb
          .selectFrom('residents as rc')
          .select((e) => e.fn.countAll<number>().as('n'))
          .where('rc.status', '=', 'living')
          .whereRef('rc.home_id', '=', 'h.id')
          .as('resident_count'),
      )
      .orderBy('b.name')
      .orderBy('u.name')
      .orderBy('h.room_no')
      .orderBy('h.id'),
  );
}

export async function findHome(db: Kysely<DB>, actor: Actor, id: string) {
  return homes(db, actor)
    .select(homeColumns)
    .select((eb) =>
      eb
        .selectFrom('residents as rc')
        .select((e) => e.fn.countAll<number>().as('n'))
        .where('rc.status', '=', 'living')
        .whereRef('rc.home_id', '=', 'h.id')
        .as('resident_count'),
    )
    .where('h.id', '=', id)
    .executeTakeFirst();
}
export type HomeRow = NonNullable<Awaited<ReturnType<typeof findHome>>>;
