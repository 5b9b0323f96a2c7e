import type { Kysely } from 'kysely';
import type { GridFigure } from '@lingyan/shared';
import type { DB } from '../../platform/db/schema.ts';
import { coverageByGrid } from '../visits/visits.coverage.ts';
import { openEventsByGrid } from '../events/events.figures.ts';
import { householdsByGridPath, type GridRow } from './grids.repo.ts';

export type GridFigureValue = { value: number | null; visited: number | null; households: number | null };

/** The figures the map can colour by. */
export const AVAILABLE_FIGURES: GridFigure[] = ['households', 'coverage', 'events'];

/**
 * One figure for each of `grids` (all under `orgPath`): households from the registry (a household
 * carries its grid's path, one grouped index scan), visit coverage in `period` (VISITS's
 * coverageByGrid: the visited share of households) or open events (EVENTS's openEventsByGrid).
 */
export async function figuresOf(
  db: Kysely<DB>,
  grids: GridRow[],
  orgPath: string,
  figure: GridFigure,
  period: { from: string; to: string },
): Promise<Map<string, GridFigureValue>> {
  const values = new Map<string, GridFigureValue>();
  const ids = grids.map((g) => g.id);
  if (figure === 'households') {
    const byPath = await householdsByGridPath(db, orgPath);
    for (const g of grids) {
      const n = byPath.get(g.path) ?? 0;
      values.set(g.id, { value: n, visited: null, households: n });
    }
  } else if (figure === 'coverage') {
    const coverage = await coverageByGrid(db, ids, period);
    for (const g of grids) {
      const c = coverage.get(g.id) ?? { households: 0, visited: 0 };
      values.set(g.id, { value: c.households ? c.visited / c.households : null, visited: c.visited, households: c.households });
    }
  } else {
    const open = await openEventsByGrid(db, ids);
    for (const g of grids) values.set(g.id, { value: open.get(g.id) ?? 0, visited: null, households: null });
  }
  return values;
}
