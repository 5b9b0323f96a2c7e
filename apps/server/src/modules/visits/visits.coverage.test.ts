import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../platform/context.ts';
import { newId } from '../../platform/ids.ts';
import { createTestApp, type TestApp } from '../../test/harness.ts';
import { buildHome } from '../../test/factories.ts';
import { coverageByGrid } from './visits.coverage.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ clock: 'fixed' });
});
afterAll(() => t.close());

/** A household in a grid, with its visit dates written as the visits module writes them. */
export async function householdWithVisits(ctx: AppContext, gridCode: string, visitedOn: string[]): Promise<string> {
  const home = await buildHome(ctx, gridCode);
  const grid = await ctx.db.selectFrom('org_nodes').select(['id', 'path']).where('code', '=', gridCode).executeTakeFirstOrThrow();
  const id = newId();
  const now = new Date().toISOString();
  await ctx.db
    .insertInto('households')
    .values({ id, home_id: home.id, org_path: grid.path, head_resident_id: null, registration_type: 'local', created_at: now, updated_at: now })
    .execute();
  const user = await ctx.db.selectFrom('users').select('id').where('username', '=', 'tianshan-grid1').executeTakeFirstOrThrow();
  for (const on of visitedOn)
    await ctx.db
      .insertInto('visits')
      .values({
        id: newId(),
        household_id: id,
        grid_id: grid.id,
        org_path: grid.path,
        visited_on: on,
        kind: 'routine',
        notes: null,
        visitor_id: user.id,
        raised_type: null,
        raised_id: null,
        created_at: now,
      })
      .execute();
  if (visitedOn.length)
    await ctx.db
      .insertInto('household_last_visits')
      .values({ household_id: id, org_path: grid.path, last_visited_on: visitedOn.sort().at(-1)! })
      .execute();
  return id;
}

describe('coverageByGrid', () => {
  it('counts households and those visited in the period, per grid, including ones visited again after it', async () => {
    const ctx = t.runtime.ctx;
    // Grid 001: 5 households — Q4 visits on two, one visited twice in Q4, one only in Q3, one never.
    await householdWithVisits(ctx, '654203002009001', ['2026-10-08']);
    await householdWithVisits(ctx, '654203002009001', ['2026-10-09', '2026-11-20']);
    await householdWithVisits(ctx, '654203002009001', ['2026-09-30']);
    await householdWithVisits(ctx, '654203002009001', []);
    await householdWithVisits(ctx, '654203002009001', ['2026-08-01', '2026-12-01']);
    // Grid 002: 2 households, one visited in Q3 and again in Q4.
    await householdWithVisits(ctx, '654203002009002', ['2026-07-15', '2026-10-02']);
    await householdWithVisits(ctx, '654203002009002', []);
    const g1 = await t.orgId('654203002009001');
    const g2 = await t.orgId('654203002009002');
    const g3 = await t.orgId('654203002009003');

    const q4 = await coverageByGrid(ctx.db, [g1, g2, g3], { from: '2026-10-01', to: '2026-12-31' });
    expect(q4.get(g1)).toEqual({ households: 5, visited: 3 });
    expect(q4.get(g2)).toEqual({ households: 2, visited: 1 });
    expect(q4.get(g3)).toEqual({ households: 0, visited: 0 });

    // Q3 is past: the households last visited in Q4 are looked up in their visits.
    const q3 = await coverageByGrid(ctx.db, [g1, g2], { from: '2026-07-01', to: '2026-09-30' });
    expect(q3.get(g1)).toEqual({ households: 5, visited: 2 });
    expect(q3.get(g2)).toEqual({ households: 2, visited: 1 });

    const one = await coverageByGrid(ctx.db, [g2], { from: '2026-10-01', to: '2026-12-31' });
    expect([...one.keys()]).toEqual([g2]);
    expect(await coverageByGrid(ctx.db, [], { from: '2026-10-01', to: '2026-12-31' })).toEqual(new Map());
  });
});
