import { bboxOf, findOverlaps, validateBoundary, type BoundaryGeometry, type GridType, type Position } from '@lingyan/shared';
import type { Transaction } from 'kysely';
import type { AppContext } from '../../platform/context.ts';
import type { AuditContext } from '../../platform/audit/audit.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import type { DB } from '../../platform/db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import { authorizeAbility } from '../../platform/policy/policy.ts';
import { loadOrgFor } from '../../platform/policy/org-filter.ts';
import { communityGrids, findGrid, parseBoundary, type GridRow } from './grids.repo.ts';
import { gridAbilities } from './grids.policy.ts';

type Named = { id: string; code: string; name: string };

/** Refuses a boundary that is not a usable polygon, naming the grid and the first problem. */
function checkShape(grid: Named, geometry: unknown): BoundaryGeometry {
  const problems = validateBoundary(geometry);
  if (problems.length) throw new AppError('GRID_BOUNDARY_INVALID', { grid: grid.name, problem: `gridBoundary.${problems[0]!.problem}` }, { grid, problems });
  return normalise(geometry as BoundaryGeometry);
}

/** Keeps lon/lat only (drops altitude) so stored boundaries are plain 2-D GeoJSON. */
function normalise(g: BoundaryGeometry): BoundaryGeometry {
  const ring = (r: Position[]) => r.map((p) => [p[0], p[1]] as Position);
  return g.type === 'Polygon'
    ? { type: 'Polygon', coordinates: g.coordinates.map(ring) }
    : { type: 'MultiPolygon', coordinates: g.coordinates.map((p) => p.map(ring)) };
}

const round = (n: number) => Math.round(n * 1e6) / 1e6;

/** Refuses when any two of the community's grids (after the change) overlap, naming them and where. */
function checkOverlaps(grids: GridRow[], changed: Map<string, BoundaryGeometry>): void {
  const byId = new Map(grids.map((g) => [g.id, g]));
  const items = grids
    .map((g) => ({ key: g.id, geometry: changed.get(g.id) ?? parseBoundary(g.boundary) }))
    .filter((i): i is { key: string; geometry: BoundaryGeometry } => i.geometry !== null);
  // Only pairs that involve a changed grid are the caller's doing; older data is not re-judged here.
  const overlaps = findOverlaps(items).filter((o) => changed.has(o.a) || changed.has(o.b));
  if (!overlaps.length) return;
  const named = (id: string) => ({ id, code: byId.get(id)!.code, name: byId.get(id)!.name });
  const details = overlaps.map((o) => ({ a: named(o.a), b: named(o.b), at: [round(o.at[0]), round(o.at[1])], bbox: o.bbox.map(round) }));
  const pairs = details.map((d) => `${d.a.name} × ${d.b.name} @ ${d.at[0]},${d.at[1]}`).join('; ');
  throw new AppError('GRID_BOUNDARY_OVERLAP', { pairs }, { overlaps: details });
}

async function writeBoundary(trx: Transaction<DB>, grid: GridRow, geometry: BoundaryGeometry, now: string, by: string): Promise<void> {
  const [minLon, minLat, maxLon, maxLat] = bboxOf(geometry);
  const values = {
    boundary: JSON.stringify(geometry),
    min_lon: minLon,
    min_lat: minLat,
    max_lon: maxLon,
    max_lat: maxLat,
    boundary_updated_at: now,
    updated_at: now,
    updated_by: by,
  };
  const r = await trx.updateTable('grids').set(values).where('org_id', '=', grid.id).executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0)
    await trx
      .insertInto('grids')
      .values({ org_id: grid.id, org_path: grid.path, community_id: grid.community_id, type: 'basic', ...values })
      .execute();
}

/** Sets one grid's boundary; refused (nothing changed) when invalid or overlapping a neighbour. */
export async function setBoundary(ctx: AppContext, audit: AuditContext, actor: Actor, gridId: string, geometry: unknown): Promise<void> {
  const grid = await findGrid(ctx.db, actor, gridId);
  if (!grid) throw new AppError('GRID_NOT_FOUND');
  authorizeAbility(gridAbilities, 'editBoundary', actor, grid);
  const shape = checkShape(grid, geometry);
  checkOverlaps(await communityGrids(ctx.db, grid.community_id), new Map([[grid.id, shape]]));
  const now = ctx.clock.now().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    await writeBoundary(trx, grid, shape, now, actor.userId);
    await ctx.audit(trx, audit, {
      action: 'grid.boundary',
      targetType: 'grid',
      targetId: grid.id,
      orgId: grid.community_id,
      details: { code: grid.code, bbox: bboxOf(shape).map(round), had: grid.boundary !== null },
    });
  });
}

/**
 * Imports a GeoJSON FeatureCollection for a community's grids: each feature names its grid by the
 * `code` property. All or nothing: an unknown or repeated code, an invalid geometry or an overlap
 * (among the file's grids or with the community's other grids) refuses the whole file.
 */
export async function importBoundaries(
  ctx: AppContext,
  audit: AuditContext,
  actor: Actor,
  communityId: string,
  features: { properties: Record<string, unknown> | null; geometry: unknown }[],
): Promise<string[]> {
  const community = await loadOrgFor(ctx.db, actor, communityId, 'grid:manage');
  if (community.kind !== 'community' && community.kind !== 'village') throw new AppError('ORG_NOT_FOUND');
  const grids = await communityGrids(ctx.db, community.id);
  const byCode = new Map(grids.map((g) => [g.code, g]));
  const codeOf = (f: { properties: Record<string, unknown> | null }) => String(f.properties?.code ?? f.properties?.CODE ?? '').trim();
  const unknown = features.map(codeOf).filter((c) => !byCode.has(c));
  if (unknown.length)
    throw new AppError('GRID_IMPORT_UNKNOWN_CODE', { codes: [...new Set(unknown.map((c) => c || '∅'))].slice(0, 10).join(', ') }, { codes: unknown });
  const seen = new Set<string>();
  const dup = features.map(codeOf).filter((c) => (seen.has(c) ? true : (seen.add(c), false)));
  if (dup.length) throw new AppError('GRID_IMPORT_DUPLICATE_CODE', { codes: [...new Set(dup)].join(', ') }, { codes: dup });
  const changed = new Map<string, BoundaryGeometry>();
  for (const f of features) {
    const grid = byCode.get(codeOf(f))!;
    changed.set(grid.id, checkShape(grid, f.geometry));
  }
  checkOverlaps(grids, changed);
  const now = ctx.clock.now().toISOString();
  const codes = [...changed.keys()].map((id) => grids.find((g) => g.id === id)!.code).sort();
  await ctx.db.transaction().execute(async (trx) => {
    for (const [id, shape] of changed)
      await writeBoundary(
        trx,
        grids.find((g) => g.id === id)!,
        shape,
        now,
        actor.userId,
      );
    await ctx.audit(trx, audit, { action: 'grid.import', targetType: 'org', targetId: community.id, orgId: community.id, details: { codes } });
  });
  return codes;
}

export async function updateGrid(ctx: AppContext, audit: AuditContext, actor: Actor, gridId: string, input: { type: GridType }): Promise<void> {
  const grid = await findGrid(ctx.db, actor, gridId);
  if (!grid) throw new AppError('GRID_NOT_FOUND');
  authorizeAbility(gridAbilities, 'edit', actor, grid);
  const now = ctx.clock.now().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    const r = await trx
      .updateTable('grids')
      .set({ type: input.type, updated_at: now, updated_by: actor.userId })
      .where('org_id', '=', grid.id)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0)
      await trx
        .insertInto('grids')
        .values({
          org_id: grid.id,
          org_path: grid.path,
          community_id: grid.community_id,
          type: input.type,
          boundary: null,
          min_lon: null,
          min_lat: null,
          max_lon: null,
          max_lat: null,
          boundary_updated_at: null,
          updated_at: now,
          updated_by: actor.userId,
        })
        .execute();
    await ctx.audit(trx, audit, {
      action: 'grid.update',
      targetType: 'grid',
      targetId: grid.id,
      orgId: grid.community_id,
      details: { code: grid.code, before: grid.type ?? 'basic', after: input.type },
    });
  });
}
