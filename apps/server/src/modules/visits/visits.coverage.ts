import { sql, type Kysely } from 'kysely';
import { periodOf, type VisitPeriod, type VisitPeriodPolicy } from '@lingyan/shared';
import type { DB } from '../../platform/db/schema.ts';
import { escapeLike } from '../../platform/policy/scope.ts';

export type Coverage = { households: number; visited: number };

/** The longest common org-path prefix of `paths` (ending at a '/'). */
function commonPrefix(paths: string[]): string {
  let prefix = paths[0] ?? '/';
  for (const p of paths) {
    while (!p.startsWith(prefix)) prefix = prefix.slice(0, prefix.lastIndexOf('/', prefix.length - 2) + 1);
  }
  return prefix;
}

/**
 * Coverage of each grid for a period: its households, and how many of them were visited at least
 * once from `period.from` to `period.to`. A household's org path is its grid's path, so both
 * counts are one covering index scan grouped by path under the grids' common ancestor: households
 * by `households_org_path_idx`, visited ones by `household_last_visits_path_idx` (a household whose
 * last visit falls in the period). Only for a period already past do households last visited after
 * it need a look at their visits (by `visits_household_idx`).
 */
export async function coverageByGrid(db: Kysely<DB>, gridIds: string[], period: { from: string; to: string }): Promise<Map<string, Coverage>> {
  const out = new Map<string, Coverage>();
  if (gridIds.length === 0) return out;
  const grids: { id: string; path: string }[] = [];
  for (let i = 0; i < gridIds.length; i += 500) {
    grids.push(
      ...(await db
        .selectFrom('org_nodes')
        .select(['id', 'path'])
        .where('id', 'in', gridIds.slice(i, i + 500))
        .execute()),
    );
  }
  const byPath = new Map<string, string>();
  for (const g of grids) {
    byPath.set(g.path, g.id);
    out.set(g.id, { households: 0, visited: 0 });
  }
  if (grids.length === 0) return out;
  const like = escapeLike(commonPrefix(grids.map((g) => g.path))) + '%';
  const add = (rows: { org_path: string; n: number | string | bigint }[], field: keyof Coverage) => {
    for (const r of rows) {
      const id = byPath.get(r.org_path);
      if (id) out.get(id)![field] += Number(r.n);
    }
  };
  const households = await db
    .selectFrom('households')
    .select(['org_path', (eb) => eb.fn.countAll<number>().as('n')])
    .where(sql<boolean>`org_path like ${like} escape '\\'`)
    .groupBy('org_path')
    .execute();
  add(households, 'households');
  const visited = await db
    .selectFrom('household_last_visits')
    .select(['org_path', (eb) => eb.fn.countAll<number>().as('n')])
    .where(sql<boolean>`org_path like ${like} escape '\\'`)
    .where('last_visited_on', '>=', period.from)
    .where('last_visited_on', '<=', period.to)
    .groupBy('org_path')
    .execute();
  add(visited, 'visited');
  // Households visited in the period and again after it (none when the period is the current one).
  const anyLater = await db.selectFrom('household_last_visits').select('household_id').where('last_visited_on', '>', period.to).limit(1).executeTakeFirst();
  if (!anyLater) return out;
  const later = await db
    .selectFrom('household_last_visits as l')
    .select(['l.org_path', (eb) => eb.fn.countAll<number>().as('n')])
    .where(sql<boolean>`l.org_path like ${like} escape '\\'`)
    .where('l.last_visited_on', '>', period.to)
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('visits as v')
          .select('v.id')
          .whereRef('v.household_id', '=', 'l.household_id')
          .where('v.visited_on', '>=', period.from)
          .where('v.visited_on', '<=', period.to),
      ),
    )
    .groupBy('l.org_path')
    .execute();
  add(later, 'visited');
  return out;
}

/** The city-wide period (every household) that contains `today`. */
export function currentPeriod(policy: VisitPeriodPolicy, today: string): VisitPeriod {
  return periodOf(today, policy.everyMonths);
}
