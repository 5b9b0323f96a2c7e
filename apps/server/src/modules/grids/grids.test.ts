import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findOverlaps, rectangle, type BoundaryGeometry, type GridFeatureCollection, type GridMap, type GridPeople } from '@lingyan/shared';
import { createTestApp, type Client, type TestApp } from '../../test/harness.ts';

const TIANSHAN = '654203002009';
const GRID1 = '654203002009001';
const GRID2 = '654203002009002';
const TUANJIE = '654203002';

let t: TestApp;
let tianshan: Client;
let grid1Worker: Client;
let tuanjie: Client;

beforeAll(async () => {
  t = await createTestApp({ clock: 'fixed', registry: 'small' });
  tianshan = await t.login('tianshan');
  grid1Worker = await t.login('tianshan-grid1');
  tuanjie = await t.login('tuanjie');
}, 120_000);
afterAll(() => t.close());

async function boundaryOf(code: string): Promise<string | null> {
  const row = await t.runtime.ctx.db
    .selectFrom('grids')
    .select('boundary')
    .where('org_id', '=', await t.orgId(code))
    .executeTakeFirst();
  return row?.boundary ?? null;
}

describe('grids as GeoJSON', () => {
  it('lists a community’s grids as a FeatureCollection with 15-digit codes and demo boundaries that do not overlap', async () => {
    const res = await tianshan.get(`/api/v1/grids?orgId=${await t.orgId(TIANSHAN)}`);
    expect(res.statusCode).toBe(200);
    const fc = res.json() as GridFeatureCollection;
    expect(fc.type).toBe('FeatureCollection');
    expect(fc.features.length).toBeGreaterThanOrEqual(4);
    for (const f of fc.features) {
      expect(f.properties.code).toMatch(new RegExp(`^${TIANSHAN}\\d{3}$`));
      expect(f.geometry?.type).toBe('Polygon');
    }
    expect(findOverlaps(fc.features.map((f) => ({ key: f.id, geometry: f.geometry! })))).toEqual([]);
  });

  it('a grid worker sees only their grid; another grid is not found', async () => {
    const fc = (await grid1Worker.get('/api/v1/grids')).json() as GridFeatureCollection;
    expect(fc.features.map((f) => f.properties.code)).toEqual([GRID1]);
    expect((await grid1Worker.get(`/api/v1/grids/${await t.orgId(GRID2)}`)).statusCode).toBe(404);
  });
});

describe('boundary edits', () => {
  it('refuses a boundary overlapping a neighbour with a coded 422 naming both grids and where, changing nothing', async () => {
    const id = await t.orgId(GRID1);
    const before = await boundaryOf(GRID1);
    const detail = (await tianshan.get(`/api/v1/grids/${id}`)).json() as { neighbours: { code: string; boundary: BoundaryGeometry }[] };
    const neighbour = detail.neighbours.find((n) => n.code === GRID2)!;
    const res = await tianshan.put(`/api/v1/grids/${id}/boundary`, { geometry: neighbour.boundary });
    expect(res.statusCode).toBe(422);
    const body = res.json();
    expect(body.error.code).toBe('GRID_BOUNDARY_OVERLAP');
    expect(body.error.message).toContain('天山路社区第一网格');
    expect(body.error.message).toContain('天山路社区第二网格');
    expect(body.error.details.overlaps[0].bbox).toHaveLength(4);
    expect(await boundaryOf(GRID1)).toBe(before);
  });

  it('refuses invalid GeoJSON (a bow tie, an open ring) with GRID_BOUNDARY_INVALID', async () => {
    const id = await t.orgId(GRID1);
    const bowTie = {
      type: 'Polygon',
      coordinates: [
        [
          [80, 40],
          [80.001, 40.001],
          [80.001, 40],
          [80, 40.001],
          [80, 40],
        ],
      ],
    };
    const res = await tianshan.put(`/api/v1/grids/${id}/boundary`, { geometry: bowTie });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('GRID_BOUNDARY_INVALID');
    expect(res.json().error.message).toContain('自相交');
    const open = {
      type: 'Polygon',
      coordinates: [
        [
          [80, 40],
          [80.001, 40],
          [80.001, 40.001],
          [80, 40.001],
        ],
      ],
    };
    expect((await tianshan.put(`/api/v1/grids/${id}/boundary`, { geometry: open })).json().error.details.problems[0].problem).toBe('not-closed');
  });

  it('saves a valid boundary (shrunk inside the old one) and audits it', async () => {
    const id = await t.orgId(GRID1);
    const old = JSON.parse((await boundaryOf(GRID1))!) as { coordinates: number[][][] };
    const xs = old.coordinates[0]!.map((p) => p[0]!);
    const ys = old.coordinates[0]!.map((p) => p[1]!);
    const shrunk = rectangle(Math.min(...xs) + 0.0001, Math.min(...ys) + 0.0001, Math.max(...xs) - 0.0001, Math.max(...ys) - 0.0001);
    const res = await tianshan.put(`/api/v1/grids/${id}/boundary`, { geometry: shrunk });
    expect(res.statusCode).toBe(200);
    expect(JSON.parse((await boundaryOf(GRID1))!)).toEqual(shrunk);
    const audit = await t.runtime.ctx.db.selectFrom('audit_log').select('action').where('target_id', '=', id).where('action', '=', 'grid.boundary').execute();
    expect(audit).toHaveLength(1);
  });

  it('a community leader may not edit another community’s grid (404); a grid worker may not edit at all (403)', async () => {
    const other = await t.orgId('654203002015001');
    expect((await tianshan.put(`/api/v1/grids/${other}/boundary`, { geometry: rectangle(80, 40, 80.001, 40.001) })).statusCode).toBe(404);
    expect((await grid1Worker.put(`/api/v1/grids/${await t.orgId(GRID1)}/boundary`, { geometry: rectangle(80, 40, 80.001, 40.001) })).statusCode).toBe(403);
  });
});

describe('GeoJSON import', () => {
  const feature = (code: string, geometry: unknown) => ({ type: 'Feature', properties: { code }, geometry });

  it('imports boundaries matched by code, all or nothing', async () => {
    const community = await t.orgId(TIANSHAN);
    const before2 = await boundaryOf(GRID2);
    // A file whose two grids overlap each other: refused, nothing changed.
    const overlapping = {
      type: 'FeatureCollection',
      features: [feature(GRID1, rectangle(80, 40, 80.002, 40.002)), feature(GRID2, rectangle(80.001, 40.001, 80.003, 40.003))],
    };
    const res = await tianshan.post('/api/v1/grids/import', { orgId: community, collection: overlapping });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('GRID_BOUNDARY_OVERLAP');
    expect(await boundaryOf(GRID2)).toBe(before2);

    const unknown = { type: 'FeatureCollection', features: [feature('654203002015001', rectangle(80, 40, 80.001, 40.001))] };
    const r2 = await tianshan.post('/api/v1/grids/import', { orgId: community, collection: unknown });
    expect(r2.statusCode).toBe(422);
    expect(r2.json().error.code).toBe('GRID_IMPORT_UNKNOWN_CODE');
    expect(r2.json().error.message).toContain('654203002015001');

    const invalid = { type: 'FeatureCollection', features: [feature(GRID2, { type: 'Point', coordinates: [80, 40] })] };
    expect((await tianshan.post('/api/v1/grids/import', { orgId: community, collection: invalid })).json().error.code).toBe('GRID_BOUNDARY_INVALID');

    // Moving two grids far away, side by side (touching): accepted.
    const ok = {
      type: 'FeatureCollection',
      features: [feature(GRID1, rectangle(80, 40, 80.001, 40.001)), feature(GRID2, rectangle(80.001, 40, 80.002, 40.001))],
    };
    const r3 = await tianshan.post('/api/v1/grids/import', { orgId: community, collection: ok });
    expect(r3.statusCode, r3.body).toBe(200);
    expect(r3.json()).toEqual({ updated: 2, codes: [GRID1, GRID2] });
    expect(JSON.parse((await boundaryOf(GRID2))!)).toEqual(rectangle(80.001, 40, 80.002, 40.001));
  });
});

describe('the map', () => {
  it('returns every grid of 团结街道 with its households from the registry', async () => {
    const res = await tuanjie.get(`/api/v1/grids/map?orgId=${await t.orgId(TUANJIE)}&figure=households`);
    expect(res.statusCode).toBe(200);
    const map = res.json() as GridMap;
    const gridCount = await t.runtime.ctx.db
      .selectFrom('org_nodes')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('kind', '=', 'grid')
      .where('code', 'like', `${TUANJIE}%`)
      .executeTakeFirstOrThrow();
    expect(map.features).toHaveLength(Number(gridCount.n));
    const g2 = map.features.find((f) => f.properties.code === GRID2)!;
    const households = await t.runtime.ctx.db
      .selectFrom('households as h')
      .innerJoin('homes as m', 'm.id', 'h.home_id')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('m.grid_id', '=', await t.orgId(GRID2))
      .executeTakeFirstOrThrow();
    expect(Number(households.n)).toBeGreaterThan(0);
    expect(g2.properties.value).toBe(Number(households.n));
  });
});

describe('map figures', () => {
  it('colours by visit coverage for the current period and by open events, one value per grid', async () => {
    const orgId = await t.orgId(TIANSHAN);
    const coverage = (await tianshan.get(`/api/v1/grids/map?orgId=${orgId}&figure=coverage`)).json() as GridMap;
    expect(coverage.figure).toBe('coverage');
    expect(coverage.period).toEqual({ from: '2026-10-01', to: '2026-12-31' });
    const households = (await tianshan.get(`/api/v1/grids/map?orgId=${orgId}&figure=households`)).json() as GridMap;
    for (const f of coverage.features) {
      const h = households.features.find((x) => x.id === f.id)!;
      // The same households behind both figures; the share is visited / households.
      expect(f.properties.households).toBe(h.properties.value);
      expect(f.properties.value).toBe(f.properties.households ? f.properties.visited! / f.properties.households : null);
    }
    const events = (await tianshan.get(`/api/v1/grids/map?orgId=${orgId}&figure=events`)).json() as GridMap;
    const g1 = events.features.find((f) => f.properties.code === GRID1)!;
    const open = await t.runtime.ctx.db
      .selectFrom('events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('grid_id', '=', g1.id)
      .where('state', 'not in', ['closed', 'evaluated', 'voided'])
      .executeTakeFirstOrThrow();
    expect(g1.properties.value).toBe(Number(open.n));
  });
});

describe('people of a grid', () => {
  it('lists the grid worker (from the assignment), head, liaisons, sunk cadre and party group', async () => {
    const res = await tianshan.get(`/api/v1/grids/${await t.orgId(GRID1)}/people`);
    expect(res.statusCode).toBe(200);
    const p = res.json() as GridPeople;
    expect(p.workers.map((w) => w.userId)).toContain(await t.userId('tianshan-grid1'));
    expect(p.workers[0]!.source).toBe('assignment');
    expect(p.workers[0]!.abilities).toEqual([]);
    expect(p.head).toHaveLength(1);
    expect(p.sunk).toHaveLength(1);
    expect(p.liaisons.length).toBeGreaterThan(0);
    expect(p.liaisons.some((l) => l.residentId && l.buildingName)).toBe(true);
    expect(p.party?.kind).toBe('group');
    expect(p.partyMembers.some((m) => m.partyRole === 'secretary')).toBe(true);
    // The head heads other grids of the community too.
    expect(p.head[0]!.otherGrids.length).toBeGreaterThan(0);
  });

  it('adds a sunk cadre to two grids for a period, refuses a period that ends before it begins, ends a term', async () => {
    const leader = await t.userId('tianshan');
    const g1 = await t.orgId(GRID1);
    const g2 = await t.orgId(GRID2);
    const bad = await tianshan.post(`/api/v1/grids/${g1}/people`, { role: 'sunk', userId: leader, validFrom: '2026-06-01', validTo: '2026-05-01' });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error.code).toBe('GRID_PERIOD_INVALID');
    const noUser = await tianshan.post(`/api/v1/grids/${g1}/people`, { role: 'head', name: '某人', validFrom: '2026-06-01' });
    expect(noUser.json().error.code).toBe('GRID_PERSON_INVALID');
    const a = await tianshan.post(`/api/v1/grids/${g1}/people`, { role: 'sunk', userId: leader, validFrom: '2026-06-01' });
    expect(a.statusCode, a.body).toBe(201);
    expect(
      (await tianshan.post(`/api/v1/grids/${g2}/people`, { role: 'sunk', userId: leader, validFrom: '2026-06-01', validTo: '2026-12-31' })).statusCode,
    ).toBe(201);
    let p = (await tianshan.get(`/api/v1/grids/${g1}/people`)).json() as GridPeople;
    const mine = p.sunk.find((s) => s.userId === leader)!;
    expect(mine.current).toBe(true);
    expect(mine.otherGrids).toContain('天山路社区第二网格');
    expect(mine.abilities).toEqual(['update', 'delete']);
    // End the term yesterday: kept, no longer current.
    expect((await tianshan.patch(`/api/v1/grids/${g1}/people/${a.json().id}`, { validTo: '2026-11-25' })).statusCode).toBe(200);
    p = (await tianshan.get(`/api/v1/grids/${g1}/people`)).json() as GridPeople;
    expect(p.sunk.find((s) => s.id === a.json().id)!.current).toBe(false);
    expect((await tianshan.patch(`/api/v1/grids/${g1}/people/${a.json().id}`, { validFrom: '2026-12-01' })).json().error.code).toBe('GRID_PERIOD_INVALID');
  });

  it('offers as head or sunk cadre only staff at, below or above the community — and refuses anyone else', async () => {
    const g1 = await t.orgId(GRID1);
    const res = await tianshan.get(`/api/v1/grids/${g1}/people/candidates`);
    expect(res.statusCode).toBe(200);
    const ids = (res.json().items as { userId: string }[]).map((c) => c.userId);
    for (const inside of ['tianshan', 'tianshan-window', 'tianshan-grid1', 'tuanjie', 'city']) expect(ids).toContain(await t.userId(inside));
    // Another community's staff, another township's, and the separated administrators are not.
    for (const outside of ['tiyuchang', 'taoyuan', 'admin', 'secadmin', 'auditor']) expect(ids).not.toContain(await t.userId(outside));
    const refused = await tianshan.post(`/api/v1/grids/${g1}/people`, { role: 'head', userId: await t.userId('tiyuchang'), validFrom: '2026-06-01' });
    expect(refused.statusCode).toBe(404);
    expect(refused.json().error.code).toBe('USER_NOT_FOUND');
    expect((await grid1Worker.get(`/api/v1/grids/${g1}/people/candidates`)).statusCode).toBe(403);
  });

  it('keeps liaisons and party members as the grid’s own records; a grid worker only reads', async () => {
    const g1 = await t.orgId(GRID1);
    const liaison = await tianshan.post(`/api/v1/grids/${g1}/people`, { role: 'liaison', name: '楼栋长甲', validFrom: '2026-01-01' });
    expect(liaison.statusCode).toBe(201);
    expect((await grid1Worker.post(`/api/v1/grids/${g1}/people`, { role: 'liaison', name: 'x', validFrom: '2026-01-01' })).statusCode).toBe(403);
    expect((await grid1Worker.get(`/api/v1/grids/${g1}/people`)).statusCode).toBe(200);
    expect((await tianshan.delete(`/api/v1/grids/${g1}/people/${liaison.json().id}`)).statusCode).toBe(200);
    expect((await tianshan.delete(`/api/v1/grids/${g1}/people/${liaison.json().id}`)).statusCode).toBe(404);
    expect((await tianshan.put(`/api/v1/grids/${g1}/party`, { kind: 'branch', name: '第一网格党支部' })).statusCode).toBe(200);
    expect(((await tianshan.get(`/api/v1/grids/${g1}/people`)).json() as GridPeople).party).toEqual({ kind: 'branch', name: '第一网格党支部' });
  });
});
