import type { Kysely } from 'kysely';
import type { BoundaryGeometry } from '@lingyan/shared';
import type { DB } from '../../platform/db/schema.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { inScope } from '../../platform/policy/scope.ts';
import { escapeLike } from '../../platform/policy/scope.ts';

/** A grid org node with its grid data (type and boundary; a node without a row is a basic grid with no boundary). */
function gridsQuery(db: Kysely<DB>) {
  return db
    .selectFrom('org_nodes as o')
    .innerJoin('org_nodes as c', 'c.id', 'o.parent_id')
    .leftJoin('grids as g', 'g.org_id', 'o.id')
    .where('o.kind', '=', 'grid')
    .select([
      'o.id',
      'o.code',
      'o.name',
      'o.path',
      'o.sort_order',
      'c.id as community_id',
      'c.name as community_name',
      'c.code as community_code',
      'c.path as community_path',
      'g.type',
      'g.boundary',
      'g.boundary_updated_at',
    ]);
}
export type GridRow = {
  id: string;
  code: string;
  name: string;
  path: string;
  community_id: string;
  community_name: string;
  community_code: string;
  community_path: string;
  type: string | null;
  boundary: string | null;
  boundary_updated_at: string | null;
};

/** The grids under `orgPath` (a city, township, community or one grid) that the actor may read. */
export async function listGrids(db: Kysely<DB>, actor: Actor, orgPath: string | null): Promise<GridRow[]> {
  let q = gridsQuery(db).where((eb) => inScope(eb, 'o.path', actor, 'grid:read'));
  if (orgPath) q = q.where('o.path', 'like', escapeLike(orgPath) + '%');
  return q.orderBy('c.path').orderBy('o.sort_order').execute();
}

export async function findGrid(db: Kysely<DB>, actor: Actor, id: string): Promise<GridRow | undefined> {
  return gridsQuery(db)
    .where('o.id', '=', id)
    .where((eb) => inScope(eb, 'o.path', actor, 'grid:read'))
    .executeTakeFirst();
}

/** All grids of one community, whatever the caller's scope (the overlap check needs every neighbour). */
export async function communityGrids(db: Kysely<DB>, communityId: string): Promise<GridRow[]> {
  return gridsQuery(db).where('o.parent_id', '=', communityId).orderBy('o.sort_order').execute();
}

export async function buildingCounts(db: Kysely<DB>, gridIds: string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (let i = 0; i < gridIds.length; i += 500) {
    const rows = await db
      .selectFrom('buildings')
      .select(['grid_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('grid_id', 'in', gridIds.slice(i, i + 500))
      .groupBy('grid_id')
      .execute();
    for (const r of rows) out.set(r.grid_id, Number(r.n));
  }
  return out;
}

/** Households per grid path under `orgPath` (households carry their grid's path). */
export async function householdsByGridPath(db: Kysely<DB>, orgPath: string): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('households')
    .select(['org_path', (eb) => eb.fn.countAll<number>().as('n')])
    .where('org_path', 'like', escapeLike(orgPath) + '%')
    .groupBy('org_path')
    .execute();
  return new Map(rows.map((r) => [r.org_path, Number(r.n)]));
}

export const parseBoundary = (text: string | null): BoundaryGeometry | null => (text ? (JSON.parse(text) as BoundaryGeometry) : null);
