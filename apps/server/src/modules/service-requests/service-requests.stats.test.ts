import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/harness.ts';
import { seedServiceCatalog } from '../../seed/service-catalog.ts';
import { buildServiceRequest } from '../../test/factories.ts';

let t: TestApp;
const done = (clock: 'on-time' | 'overdue', trips: number, rating: string | null) => ({
  state: rating ? 'rated' : 'informed',
  responded_at: 'x',
  response_clock: 'on-time',
  completed_at: '2026-11-05',
  completion_clock: clock,
  trips,
  rating,
});

beforeAll(async () => {
  t = await createTestApp();
  await seedServiceCatalog(t.runtime.ctx.db, new Date().toISOString());
  // 天山路社区: 6 counted + 1 excluded + 1 refused. 广场路社区: 2 counted.
  const TS = '654203002009';
  await buildServiceRequest(t.runtime.ctx, TS, done('on-time', 1, 'very-satisfied'));
  await buildServiceRequest(t.runtime.ctx, TS, done('on-time', 0, 'satisfied'));
  await buildServiceRequest(t.runtime.ctx, TS, done('overdue', 2, 'dissatisfied'));
  await buildServiceRequest(t.runtime.ctx, TS, done('on-time', 1, null));
  await buildServiceRequest(t.runtime.ctx, TS, { state: 'accepted', responded_at: 'x', response_clock: 'overdue', channel: 'online' });
  await buildServiceRequest(t.runtime.ctx, TS, { state: 'received' });
  await buildServiceRequest(t.runtime.ctx, TS, { ...done('on-time', 1, 'very-dissatisfied'), excluded: 1, excluded_reason: '重复' });
  await buildServiceRequest(t.runtime.ctx, TS, { state: 'refused', refused_reason: '不属于受理范围' });
  const GC = '654203002015';
  await buildServiceRequest(t.runtime.ctx, GC, done('on-time', 1, 'basically-satisfied'));
  await buildServiceRequest(t.runtime.ctx, GC, { state: 'waiting', responded_at: 'x', response_clock: 'on-time' });
});
afterAll(() => t.close());

describe('figures', () => {
  it('for one community, computed by hand', async () => {
    const leader = await t.login('tianshan');
    const s = (await leader.get(`/api/v1/service-requests/stats?orgId=${await t.orgId('654203002009')}&from=2026-11-01&to=2026-11-30`)).json();
    // total 6 (the excluded and the refused do not count); responded on time 4 → 4/6
    // resolved: completed 4, one dissatisfied → 3/6; satisfaction 2 of 3 rated; on time 3 of 4; one trip 3 of 4
    expect(s.figures).toMatchObject({ total: 6, completed: 4, rated: 3 });
    expect(s.figures.responseRate).toBeCloseTo(4 / 6);
    expect(s.figures.resolutionRate).toBeCloseTo(3 / 6);
    expect(s.figures.satisfactionRate).toBeCloseTo(2 / 3);
    expect(s.figures.onTimeRate).toBeCloseTo(3 / 4);
    expect(s.figures.oneTripRate).toBeCloseTo(3 / 4);
    expect(s.figures.score).toBeCloseTo(30 * (4 / 6) + 35 * (3 / 6) + 35 * (2 / 3));
    expect(s.excluded).toBe(1);
    expect(s.byChannel).toEqual(expect.arrayContaining([{ channel: 'online', count: 1 }]));
  });

  it('for the township, with one row per community, and weights from the settings', async () => {
    const admin = await t.login('admin');
    expect((await admin.put('/api/v1/settings/service.weights', { value: { response: 50, resolution: 25, satisfaction: 25 } })).statusCode).toBe(200);
    const tuanjie = await t.login('tuanjie');
    const s = (await tuanjie.get(`/api/v1/service-requests/stats?from=2026-11-01&to=2026-11-30`)).json();
    expect(s.orgName).toBe('团结街道');
    expect(s.figures.total).toBe(8);
    expect(s.weights).toEqual({ response: 50, resolution: 25, satisfaction: 25 });
    const gc = s.byOrg.find((o: { orgName: string }) => o.orgName === '广场路社区');
    expect(gc.figures).toMatchObject({ total: 2, responseRate: 1, resolutionRate: 0.5, satisfactionRate: 1 });
    expect(gc.figures.score).toBeCloseTo(50 * 1 + 25 * 0.5 + 25 * 1);
  });

  it('drills down to the requests behind a number', async () => {
    const leader = await t.login('tianshan');
    const late = (await leader.get('/api/v1/service-requests?metric=responded-late&from=2026-11-01&to=2026-11-30&pageSize=100')).json();
    // Two: one responded late, one never responded and past its response due date.
    expect(late.total).toBe(2);
    const dissatisfied = (await leader.get('/api/v1/service-requests?metric=dissatisfied&from=2026-11-01&to=2026-11-30')).json();
    expect(dissatisfied.total).toBe(1);
  });

  it('is refused without the figures permission, and outside scope', async () => {
    expect((await (await t.login('tianshan-window')).get('/api/v1/service-requests/stats')).statusCode).toBe(403);
    const other = await t.login('tiyuchang');
    expect((await other.get(`/api/v1/service-requests/stats?orgId=${await t.orgId('654203002009')}`)).statusCode).toBe(404);
  });
});
