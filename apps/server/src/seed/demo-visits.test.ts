import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/harness.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ clock: 'fixed', registry: 'small' });
});
afterAll(() => t.close());

describe('demo visits', () => {
  it('visits about a quarter of 天山路社区 this quarter, leaves some households never reached, and raised needs and requests', async () => {
    const leader = await t.login('tianshan');
    const c = (await leader.get(`/api/v1/visits/coverage?orgId=${await t.orgId('654203002009')}`)).json();
    expect(c.period.key).toBe('2026-Q4');
    expect(c.households).toBeGreaterThan(100);
    expect(c.rate).toBeGreaterThan(15);
    expect(c.rate).toBeLessThan(45);
    // Grids differ: the best covered and the worst are far apart.
    const rates = c.children.filter((g: { households: number }) => g.households > 0).map((g: { rate: number }) => g.rate);
    expect(Math.max(...rates) - Math.min(...rates)).toBeGreaterThan(5);
    const db = t.runtime.ctx.db;
    const never = await db
      .selectFrom('households as hh')
      .leftJoin('household_last_visits as l', 'l.household_id', 'hh.id')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('l.household_id', 'is', null)
      .executeTakeFirstOrThrow();
    expect(Number(never.n)).toBeGreaterThan(0);
    const due = (await leader.get('/api/v1/visits/due')).json();
    expect(due.items[0].lastVisitedOn).toBeNull();
    const raised = await db.selectFrom('visits').select(['raised_type']).where('raised_type', 'is not', null).execute();
    expect(raised.some((r) => r.raised_type === 'need')).toBe(true);
    expect(raised.some((r) => r.raised_type === 'request')).toBe(true);
    // Events a grid worker found on a visit point back at it.
    const fromVisits = await db
      .selectFrom('events as e')
      .innerJoin('visits as v', 'v.id', 'e.visit_id')
      .select(['e.id', 'e.source', 'v.raised_id', 'v.raised_type'])
      .execute();
    expect(fromVisits.length).toBeGreaterThan(0);
    for (const e of fromVisits) expect(e).toMatchObject({ source: 'visit', raised_type: 'event', raised_id: e.id });
    // Every last visit is the latest of its household's visits.
    const wrong = await db
      .selectFrom('household_last_visits as l')
      .select('l.household_id')
      .where(({ exists, selectFrom }) =>
        exists(selectFrom('visits as v').select('v.id').whereRef('v.household_id', '=', 'l.household_id').whereRef('v.visited_on', '>', 'l.last_visited_on')),
      )
      .execute();
    expect(wrong).toEqual([]);
    // tianshan-grid1 has their own households to visit.
    const grid1 = await t.login('tianshan-grid1');
    expect((await grid1.get('/api/v1/visits?pageSize=5')).json().total).toBeGreaterThan(0);
  });
});
