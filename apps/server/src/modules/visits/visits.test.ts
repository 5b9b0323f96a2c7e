import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../../test/harness.ts';
import { buildHome, buildResident } from '../../test/factories.ts';
import { newId } from '../../platform/ids.ts';
import { seedServiceCatalog } from '../../seed/service-catalog.ts';
import { uploadPhoto } from '../files/files.test-support.ts';

// Thursday 26 November 2026: the city's period is 2026-Q4, a special group's 2026-11.
let t: TestApp;
let grid1: Client;
let leader: Client;
let city: Client;
const COMMUNITY = '654203002009';
const GRID1 = `${COMMUNITY}001`;
const GRID2 = `${COMMUNITY}002`;
const H: Record<string, { id: string; members: string[] }> = {};
let otherCommunity: { id: string; grid: string };

/** A household of `members` residents in a grid (the first is its head). */
async function household(gridCode: string, members: { birth_date?: string; tags?: string[] }[] = [{}]) {
  const ctx = t.runtime.ctx;
  const home = await buildHome(ctx, gridCode);
  const grid = await ctx.db.selectFrom('org_nodes').select('path').where('code', '=', gridCode).executeTakeFirstOrThrow();
  const id = newId();
  const now = new Date().toISOString();
  await ctx.db
    .insertInto('households')
    .values({ id, home_id: home.id, org_path: grid.path, head_resident_id: null, registration_type: 'local', created_at: now, updated_at: now })
    .execute();
  const ids: string[] = [];
  for (const [i, m] of members.entries())
    ids.push((await buildResident(ctx, { gridCode, home_id: home.id, household_id: id, relation: i === 0 ? '02' : '10', ...m })).id);
  await ctx.db.updateTable('households').set({ head_resident_id: ids[0]! }).where('id', '=', id).execute();
  return { id, members: ids };
}

async function visit(c: Client, body: Record<string, unknown>) {
  return c.post('/api/v1/visits', { kind: 'routine', ...body });
}

const count = async (table: 'visits' | 'needs' | 'service_requests' | 'events' | 'household_last_visits') =>
  Number(
    (
      await t.runtime.ctx.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

beforeAll(async () => {
  t = await createTestApp({ clock: 'fixed' });
  await seedServiceCatalog(t.runtime.ctx.db, t.clock.now().toISOString());
  grid1 = await t.login('tianshan-grid1');
  leader = await t.login('tianshan');
  city = await t.login('city');
  H.h1 = await household(GRID1); // visited in Q4: not due
  H.h2 = await household(GRID1); // last visited in Q3: due
  H.h3 = await household(GRID1); // never visited: due, first
  H.h4 = await household(GRID1, [{ birth_date: '1940-03-01' }, {}]); // 86 years old, visited in October: due monthly
  H.h5 = await household(GRID1, [{ tags: ['living-alone'] }]); // living alone, visited in November: not due
  H.h6 = await household(GRID2); // another grid of the community, never visited
  for (const [h, on] of [
    [H.h1, '2026-10-10'],
    [H.h2, '2026-09-01'],
    [H.h4, '2026-10-20'],
    [H.h5, '2026-11-05'],
  ] as const) {
    const res = await visit(grid1, { householdId: h.id, visitedOn: on, peopleMet: [h.members[0]] });
    expect(res.statusCode, res.body).toBe(201);
  }
  const other = await t.runtime.ctx.db
    .selectFrom('org_nodes as c')
    .innerJoin('org_nodes as g', 'g.parent_id', 'c.id')
    .select(['c.id', 'g.code'])
    .where('c.kind', '=', 'community')
    .where('c.code', '!=', COMMUNITY)
    .orderBy('g.code')
    .executeTakeFirstOrThrow();
  otherCommunity = { id: other.id, grid: other.code };
});
afterAll(() => t.close());

describe('coverage and the not-yet-visited list', () => {
  it('lists due households, never visited first, then the longest unvisited; special groups by the month', async () => {
    const res = await grid1.get('/api/v1/visits/due');
    expect(res.statusCode, res.body).toBe(200);
    const due = res.json();
    expect(due.total).toBe(3);
    expect(due.items.map((i: { id: string }) => i.id)).toEqual([H.h3!.id, H.h2!.id, H.h4!.id]);
    expect(due.items.map((i: { lastVisitedOn: string | null; periodKey: string; special: boolean }) => [i.lastVisitedOn, i.periodKey, i.special])).toEqual([
      [null, '2026-Q4', false],
      ['2026-09-01', '2026-Q4', false],
      ['2026-10-20', '2026-11', true],
    ]);
    // The community's leader also sees the other grid's household (never visited, created after h3).
    const all = (await leader.get(`/api/v1/visits/due?orgId=${await t.orgId(COMMUNITY)}`)).json();
    expect(all.items.map((i: { id: string }) => i.id)).toEqual([H.h3!.id, H.h6!.id, H.h2!.id, H.h4!.id]);
  });

  it('lists the worker’s households with members, last visit and whether due', async () => {
    const res = (await grid1.get('/api/v1/visits/households?pageSize=100')).json();
    expect(res.total).toBe(5);
    const h4 = res.items.find((i: { id: string }) => i.id === H.h4!.id);
    expect(h4).toMatchObject({ special: true, lastVisitedOn: '2026-10-20', due: true, periodKey: '2026-11' });
    expect(h4.members).toHaveLength(2);
    expect(res.items.find((i: { id: string }) => i.id === H.h5!.id)).toMatchObject({ special: true, due: false });
    expect(res.items.find((i: { id: string }) => i.id === H.h1!.id)).toMatchObject({ special: false, due: false });
  });

  it('computes coverage per grid and per org node for the current or a named period', async () => {
    const g1 = await t.orgId(GRID1);
    const g2 = await t.orgId(GRID2);
    expect((await grid1.get(`/api/v1/grids/${g1}/coverage`)).json()).toEqual({
      gridId: g1,
      period: { key: '2026-Q4', from: '2026-10-01', to: '2026-12-31' },
      households: 5,
      visited: 3,
      rate: 60,
    });
    expect((await grid1.get(`/api/v1/grids/${g1}/coverage?period=2026-11`)).json()).toMatchObject({ households: 5, visited: 1 });
    expect((await grid1.get(`/api/v1/grids/${g1}/coverage?period=2026-Q3`)).json()).toMatchObject({ households: 5, visited: 1, rate: 20 });
    const c = (await leader.get(`/api/v1/visits/coverage?orgId=${await t.orgId(COMMUNITY)}`)).json();
    expect(c).toMatchObject({ households: 6, visited: 3, rate: 50 });
    expect(c.children.find((x: { id: string }) => x.id === g1)).toMatchObject({ households: 5, visited: 3 });
    expect(c.children.find((x: { id: string }) => x.id === g2)).toMatchObject({ households: 1, visited: 0, rate: 0 });
    // The township: the community is one child among others without households.
    const tw = (await city.get(`/api/v1/visits/coverage?orgId=${await t.orgId('654203002')}`)).json();
    expect(tw).toMatchObject({ households: 6, visited: 3 });
    expect(tw.children.find((x: { id: string }) => x.id === (c.org.id as string))).toMatchObject({ households: 6, visited: 3 });
    expect((await grid1.get(`/api/v1/grids/${g1}/coverage?period=2026-Q5`)).statusCode).toBe(400);
  });
});

describe('visit periods are a setting the city edits', () => {
  it('makes every household monthly, then back', async () => {
    expect((await grid1.put('/api/v1/visits/settings', { everyMonths: 1, special: { everyMonths: 1, tags: [], minAge: null } })).statusCode).toBe(403);
    expect((await city.put('/api/v1/visits/settings', { everyMonths: 2, special: { everyMonths: 1, tags: [], minAge: null } })).statusCode).toBe(400);
    const before = (await city.get('/api/v1/visits/settings')).json();
    expect(before).toMatchObject({ everyMonths: 3, special: { everyMonths: 1, minAge: 80 } });
    const res = await city.put('/api/v1/visits/settings', { everyMonths: 1, special: { everyMonths: 1, tags: [], minAge: null } });
    expect(res.statusCode, res.body).toBe(200);
    const due = (await grid1.get('/api/v1/visits/due')).json();
    expect(due.items.map((i: { id: string }) => i.id)).toEqual([H.h3!.id, H.h2!.id, H.h1!.id, H.h4!.id]);
    expect((await grid1.get(`/api/v1/grids/${await t.orgId(GRID1)}/coverage`)).json()).toMatchObject({ period: { key: '2026-11' }, visited: 1 });
    const audit = await t.runtime.ctx.db
      .selectFrom('audit_log')
      .select('details')
      .where('action', '=', 'setting.update')
      .where('target_id', '=', 'visits.period')
      .execute();
    expect(audit).toHaveLength(1);
    expect((await city.put('/api/v1/visits/settings', before)).statusCode).toBe(200);
    expect((await grid1.get('/api/v1/visits/due')).json().total).toBe(3);
  });
});

describe('scope', () => {
  it('shows a grid worker only their grids’ households and visits; elsewhere is 404', async () => {
    const other = await visit(leader, { householdId: H.h6!.id, peopleMet: [] });
    expect(other.statusCode, other.body).toBe(201);
    const mine = (await grid1.get('/api/v1/visits?pageSize=100')).json();
    expect(mine.items.every((v: { gridId: string }) => v.gridId === mine.items[0].gridId)).toBe(true);
    expect(mine.items.some((v: { id: string }) => v.id === other.json().id)).toBe(false);
    expect((await leader.get('/api/v1/visits?pageSize=100')).json().items.some((v: { id: string }) => v.id === other.json().id)).toBe(true);
    expect((await grid1.get(`/api/v1/visits/${other.json().id}`)).statusCode).toBe(404);
    expect((await visit(grid1, { householdId: H.h6!.id })).statusCode).toBe(404);
    expect((await grid1.get(`/api/v1/grids/${await t.orgId(GRID2)}/coverage`)).statusCode).toBe(404);
    expect((await grid1.get(`/api/v1/visits/due?orgId=${otherCommunity.id}`)).statusCode).toBe(404);
    expect((await leader.get(`/api/v1/visits/households?orgId=${otherCommunity.id}`)).statusCode).toBe(404);
    expect((await leader.get(`/api/v1/grids/${await t.orgId(otherCommunity.grid)}/coverage`)).statusCode).toBe(404);
    expect((await leader.get(`/api/v1/visits?orgId=${otherCommunity.id}`)).statusCode).toBe(404);
  });
});

describe('what a visit finds, raised in the same step', () => {
  it('raises a service request for the person met, filed by the service hall’s rules', async () => {
    const item = await t.runtime.ctx.db.selectFrom('service_items').select('id').where('code', '=', 'JY-02').executeTakeFirstOrThrow();
    const res = await visit(grid1, {
      householdId: H.h3!.id,
      peopleMet: [H.h3!.members[0]],
      notes: '户主失业，想办就业登记',
      raise: { type: 'request', itemId: item.id, description: '走访发现：申领就业创业证' },
    });
    expect(res.statusCode, res.body).toBe(201);
    const v = res.json();
    expect(v.raised.type).toBe('request');
    expect(v.peopleMet.map((p: { id: string }) => p.id)).toEqual([H.h3!.members[0]]);
    const req = (await grid1.get(`/api/v1/service-requests/${v.raised.id}`)).json();
    expect(req).toMatchObject({ channel: 'grid-worker', state: 'received', description: '走访发现：申领就业创业证' });
    const actions = await t.runtime.ctx.db.selectFrom('audit_log').select('action').where('target_id', 'in', [v.id, v.raised.id]).execute();
    expect(actions.map((a) => a.action).sort()).toEqual(['service-request.receive', 'visit.create']);
    // h3 is now visited this period: off the due list.
    expect((await grid1.get('/api/v1/visits/due')).json().items.map((i: { id: string }) => i.id)).toEqual([H.h2!.id, H.h4!.id]);
  });

  it('raises a need kept for the co-building lists, whose status moves', async () => {
    const res = await visit(grid1, {
      householdId: H.h4!.id,
      kind: 'special-group',
      raise: { type: 'need', category: 'elderly-care', description: '老人行动不便，需要助餐' },
    });
    expect(res.statusCode, res.body).toBe(201);
    const needs = (await leader.get('/api/v1/needs?status=open')).json();
    expect(needs.items.find((n: { id: string }) => n.id === res.json().raised.id)).toMatchObject({
      category: 'elderly-care',
      status: 'open',
      visitId: res.json().id,
    });
    const moved = await grid1.patch(`/api/v1/needs/${res.json().raised.id}`, { status: 'matched' });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json().status).toBe('matched');
  });

  it('raises an event with the visit’s photo, collected by the events module', async () => {
    const photo = await uploadPhoto(grid1, 'road.png');
    const res = await visit(grid1, {
      householdId: H.h1!.id,
      photoIds: [photo],
      raise: { type: 'event', description: '楼道堆放杂物，堵塞消防通道' },
    });
    expect(res.statusCode, res.body).toBe(201);
    const v = res.json();
    expect(v.raised.type).toBe('event');
    expect(v.photos.map((p: { id: string }) => p.id)).toEqual([photo]);
    const event = await t.runtime.ctx.db.selectFrom('events').selectAll().where('id', '=', v.raised.id).executeTakeFirstOrThrow();
    expect(event).toMatchObject({ source: 'visit', visit_id: v.id, state: 'reported', grid_id: await t.orgId(GRID1) });
    const file = await t.runtime.ctx.db.selectFrom('files').select(['record_type', 'record_id']).where('id', '=', photo).executeTakeFirstOrThrow();
    expect(file).toEqual({ record_type: 'event', record_id: v.raised.id });
  });

  it('leaves nothing when any part fails, the visit included', async () => {
    const item = await t.runtime.ctx.db.selectFrom('service_items').select('id').where('code', '=', 'JY-02').executeTakeFirstOrThrow();
    const before = await Promise.all((['visits', 'needs', 'service_requests', 'events', 'household_last_visits'] as const).map(count));
    // The request is written, then the unknown photo fails the step.
    const r1 = await visit(grid1, { householdId: H.h2!.id, photoIds: ['nope'], raise: { type: 'request', itemId: item.id, description: '办证' } });
    expect(r1.statusCode).toBe(404);
    expect(r1.json().error.code).toBe('FILE_NOT_FOUND');
    const r2 = await visit(grid1, { householdId: H.h2!.id, photoIds: ['nope'], raise: { type: 'need', category: 'medical', description: '需要陪诊' } });
    expect(r2.statusCode).toBe(404);
    const r3 = await visit(grid1, { householdId: H.h2!.id, raise: { type: 'event', categoryId: 'no-such-category', description: '路灯不亮' } });
    expect(r3.statusCode).toBe(404);
    expect(r3.json().error.code).toBe('EVENT_CATEGORY_NOT_FOUND');
    expect(await Promise.all((['visits', 'needs', 'service_requests', 'events', 'household_last_visits'] as const).map(count))).toEqual(before);
    const last = await t.runtime.ctx.db
      .selectFrom('household_last_visits')
      .select('last_visited_on')
      .where('household_id', '=', H.h2!.id)
      .executeTakeFirstOrThrow();
    expect(last.last_visited_on).toBe('2026-09-01');
  });

  it('refuses people from another household and dates in the future', async () => {
    const wrong = await visit(grid1, { householdId: H.h2!.id, peopleMet: [H.h1!.members[0]] });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json().error.code).toBe('VISIT_PERSON_NOT_IN_HOUSEHOLD');
    const future = await visit(grid1, { householdId: H.h2!.id, visitedOn: '2026-11-27' });
    expect(future.json().error.code).toBe('VISIT_DATE_INVALID');
    // An older visit does not move the last visit back.
    expect((await visit(grid1, { householdId: H.h5!.id, visitedOn: '2026-10-01' })).statusCode).toBe(201);
    expect((await grid1.get('/api/v1/visits/households?pageSize=100')).json().items.find((i: { id: string }) => i.id === H.h5!.id).lastVisitedOn).toBe(
      '2026-11-05',
    );
  });
});
