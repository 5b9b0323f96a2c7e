import type { Kysely } from 'kysely';
import type { GridFigure } from '@lingyan/shared';
import type { DB } from '../../platform/db/schema.ts';
import { householdsByGridPath, type GridRow } from './grids.repo.ts';

export type GridFigureValue = { value: number | null; visited: number | null; households: number | null };

/** The figures the map can colour by today; coverage and open events join when their modules land. */
export const AVAILABLE_FIGURES: GridFigure[] = ['households'];

/**
 * One figure for each of `grids` (all under `orgPath`). Households are counted from the registry
 * (a household carries its grid's path), in one grouped index scan.
 */
export async function figuresOf(
  db: Kysely<DB>,
  grids: GridRow[],
  orgPath: string,
  figure: GridFigure,
  _today: string,
): Promise<{ values: Map<string, GridFigureValue>; period: { from: string; to: string } | null }> {
  const values = new Map<string, GridFigureValue>();
  if (figure === 'households' || !AVAILABLE_FIGURES.includes(figure)) {
    const byPath = figure === 'households' ? await householdsByGridPath(db, orgPath) : new Map<string, number>();
    for (const g of grids) {
      const n = figure === 'households' ? (byPath.get(g.path) ?? 0) : null;
      values.set(g.id, { value: n, visited: null, households: n });
    }
    return { values, period: null };
  }
  return { values, period: null };
}
