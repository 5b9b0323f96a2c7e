import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, DEMO_PASSWORD, type Client, type TestApp } from '../../test/harness.ts';
import { hashPassword } from '../../platform/auth/passwords.ts';
import { newId } from '../../platform/ids.ts';

let t: TestApp;
let leader: Client;
let township: Client;
let grid1: Client;
let grid2: Client;
let otherLeader: Client;
const COMMUNITY = '654203002009';

/** A second grid worker, of 天山路社区's second grid (the demo has one grid-worker account). */
async function addGridWorker(username: string, gridCode: string): Promise<void> {
  const db = t.runtime.ctx.db;
  const id = newId();
  const now = t.clock.now().toISOString();
  await db
    .insertInto('users')
    .values({
      id,
      username,
      display_name: `${username} 网格员`,
      password_hash: await hashPassword(DEMO_PASSWORD),
      status: 'active',
      must_change_password: 0,
      failed_logins: 0,
      created_at: now,
      updated_at: now,
    })
    .execute();
  await db
    .insertInto('assignments')
    .values({
      id: newId(),
      user_id: id,
      role: 'grid-worker',
      org_id: await t.orgId(gridCode),
      valid_from: null,
      valid_to: null,
      created_at: now,
      created_by: null,
    })
    .execute();
}

beforeAll(async () => {
  t = await createTestApp({ clock: 'fixed' });
  await addGridWorker('tianshan-grid2', '654203002009002');
  leader = await t.login('tianshan');
  township = await t.login('tuanjie');
  grid1 = await t.login('tianshan-grid1');
  grid2 = await t.login('tianshan-grid2');
  otherLeader = await t.login('tiyuchang');
});
afterAll(() => t.close());

async function send(c: Client = leader, orgCode = COMMUNITY) {
  const res = await c.post('/api/v1/notices', { orgId: await t.orgId(orgCode), title: '寒潮预警', body: '今晚起大风降温，请立即排查独居老人取暖情况。' });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

describe('emergency notices', () => {
  it('goes to every grid worker below; the sender sees who has not acknowledged', async () => {
    const notice = await send();
    expect(notice).toMatchObject({ recipients: 2, acknowledged: 0, isRecipient: false, abilities: [] });
    expect(notice.recipientList.map((r: { displayName: string; acknowledgedAt: string | null }) => [r.displayName, r.acknowledgedAt])).toEqual([
      ['天山路社区第一网格网格员', null],
      ['tianshan-grid2 网格员', null],
    ]);

    // The grid worker sees it first among what waits for them, and acknowledges it once.
    const pending = (await grid1.get('/api/v1/notices?pending=true')).json();
    expect(pending.items[0]).toMatchObject({ id: notice.id, isRecipient: true, myAcknowledgedAt: null, abilities: ['acknowledge'] });
    const acked = await grid1.post(`/api/v1/notices/${notice.id}/acknowledge`, {});
    expect(acked.statusCode, acked.body).toBe(200);
    expect(acked.json().myAcknowledgedAt).toBe(t.clock.now().toISOString());
    expect(acked.json().recipientList).toHaveLength(1); // a recipient sees only their own row
    const twice = await grid1.post(`/api/v1/notices/${notice.id}/acknowledge`, {});
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.code).toBe('NOTICE_STATE');
    expect((await grid1.get('/api/v1/notices?pending=true')).json().items.map((n: { id: string }) => n.id)).not.toContain(notice.id);

    const seen = (await leader.get(`/api/v1/notices/${notice.id}`)).json();
    expect(seen).toMatchObject({ recipients: 2, acknowledged: 1 });
    // Who has not acknowledged comes first.
    expect(seen.recipientList.map((r: { displayName: string; acknowledgedAt: string | null }) => [r.displayName, r.acknowledgedAt !== null])).toEqual([
      ['tianshan-grid2 网格员', false],
      ['天山路社区第一网格网格员', true],
    ]);
    const audit = await t.runtime.ctx.db.selectFrom('audit_log').select(['action', 'actor_name']).where('target_id', '=', notice.id).orderBy('seq').execute();
    expect(audit).toEqual([
      { action: 'notice.send', actor_name: 'tianshan' },
      { action: 'notice.acknowledge', actor_name: 'tianshan-grid1' },
    ]);
  });

  it('from a township reaches the grid workers of all its communities; the township sees its communities’ notices', async () => {
    const fromTownship = await send(township, '654203002');
    expect(fromTownship.recipients).toBe(2);
    const fromCommunity = await send();
    expect((await township.get('/api/v1/notices?pageSize=100')).json().items.map((n: { id: string }) => n.id)).toEqual(
      expect.arrayContaining([fromTownship.id, fromCommunity.id]),
    );
    // The community is neither the sender's side of the township's notice nor one of its recipients.
    expect((await leader.get(`/api/v1/notices/${fromTownship.id}`)).statusCode).toBe(404);
  });

  it('refuses outside scope (404), a non-recipient (403 / 404) and an area with no grid workers (422)', async () => {
    const notice = await send();
    expect((await otherLeader.get(`/api/v1/notices/${notice.id}`)).statusCode).toBe(404);
    expect((await otherLeader.post('/api/v1/notices', { orgId: await t.orgId(COMMUNITY), title: 'x', body: 'y' })).statusCode).toBe(404);
    expect((await leader.post(`/api/v1/notices/${notice.id}/acknowledge`, {})).statusCode).toBe(403);
    // 体育场路社区 has no grid-worker account in this fixture.
    const empty = await otherLeader.post('/api/v1/notices', { orgId: await t.orgId('654203001017'), title: 'x', body: 'y' });
    expect(empty.statusCode).toBe(422);
    expect(empty.json().error.code).toBe('NOTICE_NO_GRIDS');
    // A grid worker elsewhere cannot see it at all.
    await addGridWorker('tiyuchang-grid1', '654203001017001');
    const far = await t.login('tiyuchang-grid1');
    expect((await far.get(`/api/v1/notices/${notice.id}`)).statusCode).toBe(404);
    expect((await far.post(`/api/v1/notices/${notice.id}/acknowledge`, {})).statusCode).toBe(404);
    expect((await grid2.get(`/api/v1/notices/${notice.id}`)).statusCode).toBe(200);
  });
});
