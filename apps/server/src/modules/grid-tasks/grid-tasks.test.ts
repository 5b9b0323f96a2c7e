import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../../test/harness.ts';
import { uploadPhoto } from '../files/files.test-support.ts';

let t: TestApp;
let leader: Client;
let township: Client;
let grid1: Client;
let otherLeader: Client;
let city: Client;
const COMMUNITY = '654203002009';
const GRID1 = '654203002009001';
const GRID2 = '654203002009002';

beforeAll(async () => {
  t = await createTestApp({ clock: 'fixed' }); // 2026-11-26
  leader = await t.login('tianshan');
  township = await t.login('tuanjie');
  grid1 = await t.login('tianshan-grid1');
  otherLeader = await t.login('tiyuchang');
  city = await t.login('city');
});
afterAll(() => t.close());

const gridsOf = async (code: string) =>
  t.runtime.ctx.db
    .selectFrom('org_nodes')
    .select('id')
    .where('kind', '=', 'grid')
    .where('path', 'like', `${(await t.runtime.ctx.db.selectFrom('org_nodes').select('path').where('code', '=', code).executeTakeFirstOrThrow()).path}%`)
    .execute();

async function send(c: Client = leader, extra: Record<string, unknown> = {}) {
  const res = await c.post('/api/v1/grid-tasks', {
    orgId: await t.orgId(COMMUNITY),
    title: '本月出租房屋全覆盖检查',
    description: '逐户核对出租房屋和承租人登记情况',
    dueDate: '2026-11-30',
    ...extra,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

describe('grid tasks', () => {
  it('sends a task to every grid of the community, with an attachment and the admitted-item reference', async () => {
    const file = await uploadPhoto(leader, '通知.png');
    const task = await send(leader, { attachmentIds: [file], admittedItemRef: 'ZR-2026-001' });
    const grids = await gridsOf(COMMUNITY);
    expect(grids.length).toBeGreaterThan(1);
    expect(task).toMatchObject({ state: 'open', admittedItemRef: 'ZR-2026-001', abilities: ['close'] });
    expect(task.progress).toEqual({ total: grids.length, done: 0, overdue: 0, percent: 0 });
    expect(task.targets).toHaveLength(grids.length);
    expect(task.attachments.map((a: { id: string }) => a.id)).toEqual([file]);
    // The grid worker below may open the task's attachment; a community outside may not.
    expect((await grid1.get(`/api/v1/files/${file}`)).statusCode).toBe(200);
    expect((await otherLeader.get(`/api/v1/files/${file}`)).statusCode).toBe(404);
  });

  it('lets the grid report with photos; the sender sees progress per grid; a second report is 409', async () => {
    const task = await send(leader, { gridIds: [await t.orgId(GRID1), await t.orgId(GRID2)] });
    expect(task.progress.total).toBe(2);
    // The grid worker sees only their own grid's part.
    const mine = (await grid1.get(`/api/v1/grid-tasks/${task.id}`)).json();
    expect(mine.targets.map((g: { gridCode: string }) => g.gridCode)).toEqual([GRID1]);
    expect(mine.targets[0].abilities).toEqual(['report']);
    expect(mine.myState).toBe('pending');
    const photo = await uploadPhoto(grid1, '检查.png');
    const reported = await grid1.post(`/api/v1/grid-tasks/${task.id}/report`, { note: '已检查 12 户出租房屋', photoIds: [photo] });
    expect(reported.statusCode, reported.body).toBe(200);
    expect(reported.json().targets[0]).toMatchObject({ state: 'done', note: '已检查 12 户出租房屋', reportedByName: '天山路社区第一网格网格员' });
    expect(reported.json().targets[0].photos).toHaveLength(1);

    const seen = (await leader.get(`/api/v1/grid-tasks/${task.id}`)).json();
    expect(seen.progress).toMatchObject({ total: 2, done: 1, percent: 50 });
    expect(seen.targets.map((g: { gridCode: string; state: string; abilities: string[] }) => [g.gridCode, g.state, g.abilities])).toEqual([
      [GRID1, 'done', ['return']],
      [GRID2, 'pending', []],
    ]);
    // The sender's side sees the report's photo; the township above too.
    expect((await leader.get(`/api/v1/files/${photo}`)).statusCode).toBe(200);
    expect((await township.get(`/api/v1/grid-tasks/${task.id}`)).json().progress.done).toBe(1);

    const again = await grid1.post(`/api/v1/grid-tasks/${task.id}/report`, { note: '再报一次' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('GRID_TASK_STATE');
  });

  it('sends a report back, the grid reports again, the sender closes; nothing more after closing', async () => {
    const task = await send(leader, { gridIds: [await t.orgId(GRID1)] });
    const grid = await t.orgId(GRID1);
    expect((await leader.post(`/api/v1/grid-tasks/${task.id}/return`, { gridId: grid, reason: '未附照片' })).statusCode).toBe(409);
    await grid1.post(`/api/v1/grid-tasks/${task.id}/report`, { note: '完成' });
    const back = await leader.post(`/api/v1/grid-tasks/${task.id}/return`, { gridId: grid, reason: '未附照片' });
    expect(back.statusCode).toBe(200);
    expect(back.json().targets[0]).toMatchObject({ state: 'pending', returnedReason: '未附照片' });
    expect((await grid1.post(`/api/v1/grid-tasks/${task.id}/report`, { note: '补充照片后完成' })).statusCode).toBe(200);
    const closed = await leader.post(`/api/v1/grid-tasks/${task.id}/close`, {});
    expect(closed.statusCode).toBe(200);
    expect(closed.json()).toMatchObject({ state: 'closed', abilities: [] });
    for (const [c, step, body] of [
      [leader, 'close', {}],
      [leader, 'return', { gridId: grid, reason: 'x' }],
    ] as const) {
      const res = await c.post(`/api/v1/grid-tasks/${task.id}/${step}`, body);
      expect(res.statusCode).toBe(409);
      expect(res.json().error.code).toBe('GRID_TASK_STATE');
    }
    const audit = await t.runtime.ctx.db.selectFrom('audit_log').select('action').where('target_id', '=', task.id).orderBy('seq').execute();
    expect(audit.map((a) => a.action)).toEqual(['grid-task.send', 'grid-task.report', 'grid-task.return', 'grid-task.report', 'grid-task.close']);
  });

  it('refuses what is not the caller’s: 403 for a step not theirs, 404 outside scope', async () => {
    const task = await send(leader, { gridIds: [await t.orgId(GRID2)] });
    // tianshan-grid1 is not in grid 2: the task is not theirs to see at all.
    expect((await grid1.get(`/api/v1/grid-tasks/${task.id}`)).statusCode).toBe(404);
    expect((await grid1.post(`/api/v1/grid-tasks/${task.id}/report`, { note: 'x' })).statusCode).toBe(404);
    // Another community's leader: 404; the leader cannot report for a grid: 403 (no grid-task:report).
    expect((await otherLeader.get(`/api/v1/grid-tasks/${task.id}`)).statusCode).toBe(404);
    expect((await otherLeader.post(`/api/v1/grid-tasks/${task.id}/close`, {})).statusCode).toBe(404);
    expect((await leader.post(`/api/v1/grid-tasks/${task.id}/report`, { note: 'x' })).statusCode).toBe(403);
    expect((await city.get('/api/v1/grid-tasks')).statusCode).toBe(403);
    // Sending from a node outside one's scope, or to a grid that is not below it.
    const outside = await otherLeader.post('/api/v1/grid-tasks', { orgId: await t.orgId(COMMUNITY), title: 'x', description: 'y', dueDate: '2026-12-01' });
    expect(outside.statusCode).toBe(404);
    const foreignGrid = await leader.post('/api/v1/grid-tasks', {
      orgId: await t.orgId(COMMUNITY),
      title: 'x',
      description: 'y',
      dueDate: '2026-12-01',
      gridIds: [await t.orgId('654203001017001')],
    });
    expect(foreignGrid.statusCode).toBe(404);
    const past = await leader.post('/api/v1/grid-tasks', { orgId: await t.orgId(COMMUNITY), title: 'x', description: 'y', dueDate: '2026-11-01' });
    expect(past.statusCode).toBe(400);
  });

  it('lists tasks: the township sees its communities’ tasks; the grid worker those still pending for their grid', async () => {
    const task = await send(leader, { gridIds: [await t.orgId(GRID1)] });
    const listed = (await township.get('/api/v1/grid-tasks?pageSize=100')).json();
    expect(listed.items.map((i: { id: string }) => i.id)).toContain(task.id);
    const pending = (await grid1.get('/api/v1/grid-tasks?pending=true&pageSize=100')).json();
    expect(pending.items.map((i: { id: string }) => i.id)).toContain(task.id);
    expect(pending.items.every((i: { myState: string }) => i.myState === 'pending')).toBe(true);
    await grid1.post(`/api/v1/grid-tasks/${task.id}/report`, { note: '完成' });
    const after = (await grid1.get('/api/v1/grid-tasks?pending=true&pageSize=100')).json();
    expect(after.items.map((i: { id: string }) => i.id)).not.toContain(task.id);
    expect((await otherLeader.get('/api/v1/grid-tasks?pageSize=100')).json().items.map((i: { id: string }) => i.id)).not.toContain(task.id);
  });
});
