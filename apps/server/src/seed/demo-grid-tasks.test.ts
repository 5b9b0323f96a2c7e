import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/harness.ts';
import { seedDemoGridTasks } from './demo-grid-tasks.ts';
import type { SeededTree } from './org-tree.ts';

// The demo's tasks and notices, seeded on the plain demo (its one grid-worker account, tianshan-grid1)
// and read back through the API as the demo accounts see them.
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ clock: 'fixed' });
  const nodes = await t.runtime.ctx.db.selectFrom('org_nodes').select(['id', 'path', 'name', 'code']).execute();
  const tree: SeededTree = { rootId: nodes[0]!.id, byCode: new Map(nodes.map((n) => [n.code, n])) };
  // Another grid worker of 天山路社区, as the people of the grids give in the full demo.
  const db = t.runtime.ctx.db;
  const grid1 = await db.selectFrom('users').select(['id', 'password_hash']).where('username', '=', 'tianshan-grid1').executeTakeFirstOrThrow();
  const at = t.clock.now().toISOString();
  await db
    .insertInto('users')
    .values({
      id: 'demo-grid2',
      username: 'demo-grid2',
      display_name: '第二网格网格员',
      password_hash: grid1.password_hash,
      status: 'active',
      must_change_password: 0,
      failed_logins: 0,
      created_at: at,
      updated_at: at,
    })
    .execute();
  await db
    .insertInto('assignments')
    .values({
      id: 'demo-grid2-a',
      user_id: 'demo-grid2',
      role: 'grid-worker',
      org_id: tree.byCode.get('654203002009002')!.id,
      valid_from: null,
      valid_to: null,
      created_at: at,
      created_by: null,
    })
    .execute();
  await seedDemoGridTasks(db, tree, at);
});
afterAll(() => t.close());

describe('demo tasks and notices', () => {
  it('has a task of 天山路社区 in progress with some grids done, and tianshan-grid1 still to report', async () => {
    const leader = await t.login('tianshan');
    const tasks = (await leader.get('/api/v1/grid-tasks')).json().items;
    const open = tasks.find((x: { state: string }) => x.state === 'open');
    expect(open.progress.done).toBeGreaterThan(0);
    expect(open.progress.done).toBeLessThan(open.progress.total);
    const grid1 = await t.login('tianshan-grid1');
    const mine = (await grid1.get('/api/v1/grid-tasks?pending=true')).json().items;
    expect(mine.map((x: { id: string }) => x.id)).toContain(open.id);
    // The township's closed task.
    const township = await t.login('tuanjie');
    expect((await township.get('/api/v1/grid-tasks')).json().items.some((x: { state: string }) => x.state === 'closed')).toBe(true);
  });

  it('has one notice acknowledged by everyone and one still waiting for some, tianshan-grid1 among them', async () => {
    const township = await t.login('tuanjie');
    const notices = (await township.get('/api/v1/notices')).json().items as { title: string; recipients: number; acknowledged: number }[];
    const done = notices.find((n) => n.title === '寒潮大风预警')!;
    const waiting = notices.find((n) => n.title === '暴雪天气应急值守通知')!;
    expect(done.acknowledged).toBe(done.recipients);
    expect(waiting.recipients).toBeGreaterThan(waiting.acknowledged);
    expect(waiting.acknowledged).toBeGreaterThan(0);
    const grid1 = await t.login('tianshan-grid1');
    const pending = (await grid1.get('/api/v1/notices?pending=true')).json().items;
    expect(pending.map((n: { title: string }) => n.title)).toEqual(['暴雪天气应急值守通知']);
  });
});
