import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../../test/harness.ts';
import { buildHome, buildResident, buildTenancy } from '../../test/factories.ts';
import type { fixedClock } from '../../platform/clock.ts';

let t: TestApp;
let leader: Client;
const GRID = '654203002009003';
beforeAll(async () => {
  t = await createTestApp({ clock: 'fixed' }); // 2026-11-26 (China time)
  (t.clock as ReturnType<typeof fixedClock>).set('2026-11-26T02:00:00Z');
  leader = await t.login('tianshan');
});
afterAll(() => t.close());

type Item = { kind: string; address: string; residentName: string | null; days: number | null };
const attention = async (c: Client, q = '') =>
  (await c.get(`/api/v1/rentals/attention?pageSize=100&orgId=${await t.orgId(GRID)}${q}`)).json() as { items: Item[]; total: number };

describe('homes, buildings and tenancies', () => {
  it('builds the building → unit → home tree of a grid; places are homes of their own kind', async () => {
    const gridId = await t.orgId(GRID);
    const b = await leader.post('/api/v1/buildings', { gridId, name: '5号楼', address: '天山路5号院', units: ['1单元', '2单元'] });
    expect(b.statusCode).toBe(201);
    expect(b.json().units.map((u: { name: string }) => u.name)).toEqual(['1单元', '2单元']);
    expect((await leader.post('/api/v1/buildings', { gridId, name: '5号楼' })).json().error.code).toBe('BUILDING_NAME_TAKEN');
    const unit = b.json().units[1].id;
    const home = await leader.post('/api/v1/homes', {
      gridId,
      buildingId: b.json().id,
      unitId: unit,
      roomNo: '302',
      address: '天山路5号院5号楼2单元302室',
      areaM2: 92.5,
    });
    expect(home.json()).toMatchObject({ buildingName: '5号楼', unitName: '2单元', roomNo: '302', kind: 'home', areaM2: 92.5, isRented: false });
    const wrongUnit = await leader.post('/api/v1/homes', { gridId, buildingId: b.json().id, unitId: '00000000-0000-7000-8000-000000000000', address: 'x' });
    expect(wrongUnit.json().error.code).toBe('UNIT_NOT_IN_BUILDING');
    const shop = await leader.post('/api/v1/homes', { gridId, kind: 'shop', name: '天山便民超市', address: '天山路7号', use: 'commercial' });
    expect(shop.json()).toMatchObject({ kind: 'shop', name: '天山便民超市' });
    const tree = (await leader.get(`/api/v1/homes?buildingId=${b.json().id}`)).json();
    expect(tree.items.map((h: { roomNo: string }) => h.roomNo)).toEqual(['302']);
    expect((await leader.get(`/api/v1/buildings?orgId=${gridId}`)).json().items[0]).toMatchObject({ name: '5号楼', homeCount: 1 });
  });

  it('recording a tenancy marks the home rented and computes the registration delay', async () => {
    const home = await buildHome(t.runtime.ctx, GRID);
    const tenant = await buildResident(t.runtime.ctx, { gridCode: GRID, registration_type: 'non-local' });
    const res = await leader.post('/api/v1/tenancies', {
      homeId: home.id,
      tenantId: tenant.id,
      startDate: '2026-11-10',
      registeredOn: '2026-11-12',
      contractNo: 'ZL-2026-001',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ startDate: '2026-11-10', registeredOn: '2026-11-12', contractNo: 'ZL-2026-001', abilities: ['end'] });
    expect((await leader.get(`/api/v1/homes/${home.id}`)).json().isRented).toBe(true);
    const backwards = await leader.post('/api/v1/tenancies', { homeId: home.id, tenantId: tenant.id, startDate: '2026-11-10', endDate: '2026-11-01' });
    expect(backwards.json().error.code).toBe('TENANCY_INVALID_PERIOD');
  });
});

describe('the rentals watch list', () => {
  it('lists late registrations, permits expired or expiring within 30 days, and rented homes without a tenancy — and nothing else', async () => {
    const before = (await attention(leader)).total;
    // On time (3 days) and late (4 days).
    const h1 = await buildHome(t.runtime.ctx, GRID, { isRented: true, address: '准时登记' });
    await buildTenancy(t.runtime.ctx, h1.id, (await buildResident(t.runtime.ctx, { gridCode: GRID, name: '准时' })).id, {
      startDate: '2026-11-01',
      registeredOn: '2026-11-04',
    });
    const h2 = await buildHome(t.runtime.ctx, GRID, { isRented: true, address: '逾期登记' });
    await buildTenancy(t.runtime.ctx, h2.id, (await buildResident(t.runtime.ctx, { gridCode: GRID, name: '逾期' })).id, {
      startDate: '2026-11-01',
      registeredOn: '2026-11-05',
    });
    // A late registration of a tenancy that has ended is no longer an action.
    const h3 = await buildHome(t.runtime.ctx, GRID, { isRented: true, address: '已退租' });
    await buildTenancy(t.runtime.ctx, h3.id, (await buildResident(t.runtime.ctx, { gridCode: GRID, name: '已退' })).id, {
      startDate: '2026-01-01',
      registeredOn: '2026-02-01',
      endDate: '2026-06-30',
    });
    // Permits: expired yesterday, expiring today, in 30 days, in 31 days.
    const permitHome = await buildHome(t.runtime.ctx, GRID, { address: '居住证' });
    for (const [name, expires] of [
      ['过期', '2026-11-25'],
      ['今天到期', '2026-11-26'],
      ['三十天', '2026-12-26'],
      ['三十一天', '2026-12-27'],
    ]) {
      await buildResident(t.runtime.ctx, {
        gridCode: GRID,
        name,
        home_id: permitHome.id,
        registration_type: 'non-local',
        residence_permit_no: '654203202500001',
        residence_permit_expires: expires,
      });
    }
    const list = await attention(leader);
    const mine = list.items.map((i) => `${i.kind}:${i.residentName ?? i.address}:${i.days}`);
    expect(mine).toEqual(
      expect.arrayContaining([
        'late-registration:逾期:4',
        'permit-expired:过期:-1',
        'permit-expiring:今天到期:0',
        'permit-expiring:三十天:30',
        'rented-without-tenancy:已退租:null',
      ]),
    );
    expect(mine.some((x) => x.includes('准时') || x.includes('三十一天') || x.startsWith('late-registration:已退'))).toBe(false);
    expect(list.total).toBe(before + 5);
  });

  it('pages across kinds, filters by kind, and follows the settings', async () => {
    const all = await attention(leader);
    const p1 = (await leader.get(`/api/v1/rentals/attention?pageSize=2&page=1&orgId=${await t.orgId(GRID)}`)).json();
    const p2 = (await leader.get(`/api/v1/rentals/attention?pageSize=2&page=2&orgId=${await t.orgId(GRID)}`)).json();
    expect([...p1.items, ...p2.items].map((i: Item) => i.kind + i.address)).toEqual(all.items.slice(0, 4).map((i) => i.kind + i.address));
    expect((await attention(leader, '&kind=permit-expiring')).items.every((i) => i.kind === 'permit-expiring')).toBe(true);
    const admin = await t.login('admin');
    expect((await admin.put('/api/v1/settings/registry.rentals', { value: { registerWithinDays: 5, permitWarnDays: 1 } })).statusCode).toBe(200);
    const relaxed = await attention(leader);
    expect(relaxed.items.some((i) => i.residentName === '逾期')).toBe(false);
    expect(relaxed.items.filter((i) => i.kind === 'permit-expiring').map((i) => i.residentName)).toEqual(['今天到期']);
  });

  it('another community sees none of it', async () => {
    const other = await t.login('tiyuchang');
    expect((await other.get(`/api/v1/rentals/attention?orgId=${await t.orgId(GRID)}`)).statusCode).toBe(404);
    const own = (await other.get('/api/v1/rentals/attention?pageSize=100')).json();
    expect(own.items.some((i: Item) => ['逾期', '过期', '今天到期'].includes(i.residentName ?? ''))).toBe(false);
  });
});
