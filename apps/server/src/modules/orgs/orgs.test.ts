import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/harness.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

type Node = { id: string; code: string; name: string; kind: string; parentId: string | null; path: string; childCount: number; abilities: string[] };

describe('the Shawan demo tree', () => {
  it('has 沙湾市 with its 15 townships and subdistricts, and no 兵团 units', async () => {
    const city = await t.login('city');
    const top = (await city.get('/api/v1/orgs')).json();
    expect(top.items.map((n: Node) => [n.code, n.name, n.kind])).toEqual([['654203', '沙湾市', 'city']]);
    const townships = (await city.get(`/api/v1/orgs?parentId=${top.items[0].id}&pageSize=100`)).json();
    expect(townships.total).toBe(15);
    expect(townships.items.slice(0, 4).map((n: Node) => n.name)).toEqual(['桃园街道', '团结街道', '书香街道', '凯旋街道']);
    expect(townships.items.some((n: Node) => n.name.includes('兵团'))).toBe(false);
  });

  it('the four subdistricts hold exactly the 14 urban communities, with their 12-digit codes and 4–8 grids each', async () => {
    const city = await t.login('city');
    const root = (await city.get('/api/v1/orgs')).json().items[0];
    const subdistricts = (await city.get(`/api/v1/orgs?parentId=${root.id}&pageSize=4`)).json().items as Node[];
    const communities: Node[] = [];
    for (const s of subdistricts) communities.push(...(await city.get(`/api/v1/orgs?parentId=${s.id}&pageSize=100`)).json().items);
    expect(communities.map((c) => c.name).sort()).toEqual(
      [
        '体育场路社区',
        '奎屯路社区',
        '乌鲁木齐西路社区',
        '伊宁路社区',
        '林场社区',
        '天山路社区',
        '广场路社区',
        '少年路社区',
        '沙城路社区',
        '光明路社区',
        '老沙湾路社区',
        '凯旋路社区',
        '塔城路社区',
        '人民路社区',
      ].sort(),
    );
    expect(communities.every((c) => c.kind === 'community' && /^654203\d{6}$/.test(c.code))).toBe(true);
    expect(communities.find((c) => c.name === '天山路社区')?.code).toBe('654203002009');
    for (const c of communities) expect(c.childCount >= 4 && c.childCount <= 8, c.name).toBe(true);
    const grids = (await city.get(`/api/v1/orgs?parentId=${communities.find((c) => c.name === '天山路社区')!.id}`)).json().items as Node[];
    expect(grids[0]).toMatchObject({ name: '天山路社区第一网格', kind: 'grid', code: '654203002009001' });
  });

  it('a node carries its materialized path from the root', async () => {
    const city = await t.login('city');
    const id = await t.orgId('654203002009001');
    const grid = (await city.get(`/api/v1/orgs/${id}`)).json() as Node;
    const ids = grid.path.split('/').filter(Boolean);
    expect(ids).toHaveLength(4);
    expect(ids[3]).toBe(id);
    expect(ids[2]).toBe(await t.orgId('654203002009'));
    expect(ids[0]).toBe(await t.orgId('654203'));
  });

  it('the city summary counts every level', async () => {
    const city = await t.login('city');
    const s = (await city.get(`/api/v1/orgs/${await t.orgId('654203')}/summary`)).json();
    expect(s.townships).toBe(15);
    expect(s.communities).toBe(26);
    expect(s.villages).toBe(161);
    expect(s.users).toBe(19);
    const tianshan = (await city.get(`/api/v1/orgs/${await t.orgId('654203002009')}/summary`)).json();
    expect(tianshan).toMatchObject({ townships: 0, communities: 0, villages: 0, users: 3 });
  });
});

describe('data scope', () => {
  it('a community leader sees their community and below, nothing beside or above it', async () => {
    const tianshan = await t.login('tianshan');
    const top = (await tianshan.get('/api/v1/orgs')).json();
    expect(top.items.map((n: Node) => n.name)).toEqual(['天山路社区']);
    const own = await t.orgId('654203002009');
    expect((await tianshan.get(`/api/v1/orgs/${own}`)).statusCode).toBe(200);
    expect((await tianshan.get(`/api/v1/orgs?parentId=${own}`)).json().total).toBeGreaterThan(0);
    for (const code of ['654203002015', '654203002', '654203', '654203001017']) {
      const id = await t.orgId(code);
      const res = await tianshan.get(`/api/v1/orgs/${id}`);
      expect(res.statusCode, code).toBe(404);
      expect(res.json().error.code).toBe('ORG_NOT_FOUND');
      expect((await tianshan.get(`/api/v1/orgs?parentId=${id}`)).statusCode, code).toBe(404);
      expect((await tianshan.get(`/api/v1/orgs/${id}/summary`)).statusCode, code).toBe(404);
    }
  });

  it('a township officer sees their township only; a node id that does not exist is the same 404', async () => {
    const tuanjie = await t.login('tuanjie');
    const top = (await tuanjie.get('/api/v1/orgs')).json();
    expect(top.items.map((n: Node) => n.name)).toEqual(['团结街道']);
    const children = (await tuanjie.get(`/api/v1/orgs?parentId=${top.items[0].id}`)).json();
    expect(children.items.map((n: Node) => n.name)).toEqual(['天山路社区', '广场路社区', '少年路社区']);
    expect((await tuanjie.get(`/api/v1/orgs/${await t.orgId('654203001')}`)).statusCode).toBe(404);
    expect((await tuanjie.get('/api/v1/orgs/00000000-0000-7000-8000-000000000000')).statusCode).toBe(404);
  });

  it('a grid worker sees only their grid', async () => {
    const grid = await t.login('tianshan-grid1');
    const top = (await grid.get('/api/v1/orgs')).json();
    expect(top.items.map((n: Node) => n.name)).toEqual(['天山路社区第一网格']);
    expect((await grid.get(`/api/v1/orgs/${await t.orgId('654203002009002')}`)).statusCode).toBe(404);
  });

  it('the auditor reads no org data at all', async () => {
    const auditor = await t.login('auditor');
    expect((await auditor.get('/api/v1/orgs')).statusCode).toBe(403);
  });

  it('lists are paged with pageSize ≤ 100', async () => {
    const city = await t.login('city');
    const id = await t.orgId('654203101');
    const p1 = (await city.get(`/api/v1/orgs?parentId=${id}&page=1&pageSize=5`)).json();
    const p2 = (await city.get(`/api/v1/orgs?parentId=${id}&page=2&pageSize=5`)).json();
    expect(p1).toMatchObject({ page: 1, pageSize: 5, total: 21 });
    expect(p1.items).toHaveLength(5);
    expect(p2.items[0].id).not.toBe(p1.items[0].id);
  });
});
