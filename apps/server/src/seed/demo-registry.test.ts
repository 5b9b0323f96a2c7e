import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkIdNumber } from '@lingyan/shared';
import { createTestApp, type TestApp } from '../test/harness.ts';
import { FIELD_CONTEXT } from '../modules/residents/resident-codec.ts';

// The demo registry as `npm start` seeds it: all 14 urban communities.
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ registry: 'full' });
});
afterAll(() => t.close());

const db = () => t.runtime.ctx.db;
const URBAN = ['654203001', '654203002', '654203003', '654203004'];

describe('the demo registry', () => {
  it('gives every resident a valid, unique GB 11643 number of 塔城地区 (6542…), encrypted', async () => {
    const rows = await db().selectFrom('residents').select(['id_number_enc', 'id_number_idx', 'id_last4', 'birth_date', 'gender']).execute();
    expect(rows.length).toBeGreaterThan(5000);
    const ids = rows.map((r) => t.runtime.ctx.crypto.decrypt(r.id_number_enc!, FIELD_CONTEXT.idNumber));
    ids.forEach((id, i) => {
      const checked = checkIdNumber(id);
      expect(checked.ok, 'valid').toBe(true);
      expect(id.startsWith('6542')).toBe(true);
      if (checked.ok) expect([checked.birthDate, checked.gender, id.slice(-4)]).toEqual([rows[i]!.birth_date, rows[i]!.gender, rows[i]!.id_last4]);
    });
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(rows.map((r) => r.id_number_idx)).size).toBe(rows.length);
  });

  it('fills each of the 14 urban communities with homes and residents, and no village', async () => {
    const communities = await db()
      .selectFrom('org_nodes')
      .select(['code', 'path'])
      .where('kind', '=', 'community')
      .where((eb) => eb.or(URBAN.map((c) => eb('code', 'like', `${c}%`))))
      .execute();
    expect(communities).toHaveLength(14);
    for (const c of communities) {
      const count = async (table: 'residents' | 'homes' | 'households' | 'buildings') =>
        Number(
          (
            await db()
              .selectFrom(table)
              .select((eb) => eb.fn.countAll().as('n'))
              .where('org_path', 'like', `${c.path}%`)
              .executeTakeFirstOrThrow()
          ).n,
        );
      expect(await count('residents'), c.code).toBeGreaterThan(300);
      expect(await count('homes'), c.code).toBeGreaterThan(100);
      expect(await count('households'), c.code).toBeGreaterThan(100);
      expect(await count('buildings'), c.code).toBeGreaterThan(5);
    }
    const total = Number(
      (
        await db()
          .selectFrom('residents')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
    const urban = Number(
      (
        await db()
          .selectFrom('residents as r')
          .innerJoin('org_nodes as g', 'g.id', 'r.grid_id')
          .select((eb) => eb.fn.countAll().as('n'))
          .where((eb) => eb.or(URBAN.map((c) => eb('g.code', 'like', `${c}%`))))
          .executeTakeFirstOrThrow()
      ).n,
    );
    expect(urban).toBe(total);
  });

  it('has the ethnic mix of the area, within a few points', async () => {
    const rows = await db().selectFrom('residents').select(['ethnicity_enc']).execute();
    const shares = new Map<string, number>();
    for (const r of rows) {
      const code = t.runtime.ctx.crypto.decrypt(r.ethnicity_enc!, FIELD_CONTEXT.ethnicity);
      shares.set(code, (shares.get(code) ?? 0) + 1 / rows.length);
    }
    const share = (code: string) => (shares.get(code) ?? 0) * 100;
    expect(share('01')).toBeGreaterThan(66);
    expect(share('01')).toBeLessThan(74);
    expect(Math.abs(share('17') - 12)).toBeLessThan(3); // 哈萨克族
    expect(Math.abs(share('03') - 8)).toBeLessThan(3); // 回族
    expect(Math.abs(share('05') - 6)).toBeLessThan(3); // 维吾尔族
    expect(Math.abs(share('02') - 2)).toBeLessThan(1.5); // 蒙古族
    const others = 100 - ['01', '17', '03', '05', '02'].reduce((a, c) => a + share(c), 0);
    expect(others).toBeGreaterThan(0.5);
    expect(others).toBeLessThan(4);
  });

  it('has a population pyramid, households with a head, and history for every resident', async () => {
    const rows = await db().selectFrom('residents').select(['id', 'birth_date', 'household_id', 'relation', 'status']).execute();
    const today = new Date().toISOString().slice(0, 10);
    const age = (b: string) => Number(today.slice(0, 4)) - Number(b.slice(0, 4)) - (today.slice(5) < b.slice(5) ? 1 : 0);
    const share = (f: (a: number) => boolean) => (100 * rows.filter((r) => f(age(r.birth_date!))).length) / rows.length;
    expect(share((a) => a >= 60)).toBeGreaterThan(11);
    expect(share((a) => a >= 60)).toBeLessThan(19);
    expect(share((a) => a >= 80)).toBeGreaterThan(1.5);
    expect(share((a) => a >= 80)).toBeLessThan(5);
    expect(rows.every((r) => r.household_id && r.relation)).toBe(true);
    expect(rows.some((r) => r.status === 'moved-out') && rows.some((r) => r.status === 'deceased')).toBe(true);
    const households = await db().selectFrom('households').select(['id', 'head_resident_id']).execute();
    const heads = new Map(rows.filter((r) => r.relation === '02').map((r) => [r.id, r.household_id]));
    expect(households.every((h) => heads.get(h.head_resident_id!) === h.id)).toBe(true);
    const history = Number(
      (
        await db()
          .selectFrom('resident_history')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('action', '=', 'create')
          .executeTakeFirstOrThrow()
      ).n,
    );
    expect(history).toBe(rows.length);
  });

  it('gives tenants residence permits, and 天山路社区 every kind of rental record that needs action', async () => {
    const tenants = await db()
      .selectFrom('tenancies as t')
      .innerJoin('residents as r', 'r.id', 't.tenant_id')
      .select(['r.registration_type', 'r.residence_permit_no', 't.registration_delay_days'])
      .execute();
    expect(tenants.length).toBeGreaterThan(100);
    expect(tenants.every((x) => x.registration_type === 'non-local' && /^6542032\d{3}\d{6}$/.test(x.residence_permit_no ?? ''))).toBe(true);
    const tianshan = await t.login('tianshan');
    const res = await tianshan.get('/api/v1/rentals/attention?pageSize=100');
    expect(res.statusCode).toBe(200);
    const kinds = new Set((res.json().items as { kind: string }[]).map((i) => i.kind));
    expect([...kinds].sort()).toEqual(['late-registration', 'permit-expired', 'permit-expiring', 'rented-without-tenancy']);
    // The grid worker of the first grid sees every kind in their own grid too.
    const grid1 = await t.login('tianshan-grid1');
    const own = (await grid1.get('/api/v1/rentals/attention?pageSize=100')).json().items as { kind: string }[];
    expect(new Set(own.map((i) => i.kind)).size).toBe(4);
  });

  it('has 张三 in 天山路社区第一网格 (found by its initials) and 张三丰 in 广场路社区, each in its own scope', async () => {
    const names = async (username: string, q: string) =>
      ((await (await t.login(username)).get(`/api/v1/residents?q=${q}&pageSize=100`)).json().items as { name: string; gridName: string }[]).map(
        (r) => `${r.name}@${r.gridName}`,
      );
    const grid1 = await names('tianshan-grid1', 'zs');
    expect(grid1).toContain('张三@天山路社区第一网格');
    expect(grid1.some((n) => n.startsWith('张三丰'))).toBe(false);
    expect(await names('tuanjie', 'zhangsanfeng')).toEqual(['张三丰@广场路社区第一网格']);
    expect(await names('tiyuchang', 'zhangsanfeng')).toEqual([]);
  });
});
