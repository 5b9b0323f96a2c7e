import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../../test/harness.ts';
import { buildDepartmentOfficer } from '../../test/factories.ts';
import { uploadPhoto } from '../files/files.test-support.ts';
import { addCommunityLeader, holdStars } from './star-checks.test-support.ts';

let t: TestApp;
let leader: Client;
let township: Client;
let city: Client;
let zfw: Client; // 政法委: reviews `safety` in the default catalog
let xcb: Client; // 宣传部: reviews `civility`, not `safety`
let otherLeader: Client;
let window: Client;
const TIANSHAN = '654203002009';
const GUANGCHANG = '654203002015';
const TIYUCHANG = '654203001017';

beforeAll(async () => {
  t = await createTestApp({ clock: 'fixed' });
  await buildDepartmentOfficer(t.runtime.ctx.db, 'checks-zfw', ['zfw'], { displayName: '市委政法委干部' });
  await buildDepartmentOfficer(t.runtime.ctx.db, 'checks-xcb', ['xcb'], { displayName: '市委宣传部干部' });
  leader = await t.login('tianshan');
  township = await t.login('tuanjie');
  city = await t.login('city');
  zfw = await t.login('checks-zfw');
  xcb = await t.login('checks-xcb');
  otherLeader = await t.login('tiyuchang');
  window = await t.login('tianshan-window');
});
afterAll(() => t.close());

const db = () => t.runtime.ctx.db;

async function apply(c: Client, communityCode: string, starCode: string) {
  const res = await c.post('/api/v1/star-applications', {
    communityId: await t.orgId(communityCode),
    starCode,
    reason: '本年度未发生刑事案件，矛盾纠纷调处率 100%',
    attachmentIds: [await uploadPhoto(c, '证明材料.png')],
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; state: string; abilities: string[]; steps: { action: string }[]; attachments: unknown[] };
}

describe('applications for a star (增星)', () => {
  it('goes through the township check, department review and city approval, ending with the star held and its history', async () => {
    await holdStars(db(), TIANSHAN, ['organization', 'civility']);
    const app = await apply(leader, TIANSHAN, 'safety');
    expect(app).toMatchObject({ state: 'applied', starName: '平安建设星', departmentCode: 'zfw', abilities: [] });
    expect(app.steps.map((s) => s.action)).toEqual(['apply']);
    expect(app.attachments).toHaveLength(1);
    // A second application for the same star while this one is open is refused.
    const twice = await leader.post('/api/v1/star-applications', { communityId: await t.orgId(TIANSHAN), starCode: 'safety', reason: '再申请' });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.code).toBe('STAR_APPLICATION_OPEN');

    // Each party sees it with the step it may take, and only then.
    expect((await township.get(`/api/v1/star-applications/${app.id}`)).json().abilities).toEqual(['check']);
    expect((await township.get('/api/v1/star-applications?actionable=true')).json().items.map((i: { id: string }) => i.id)).toContain(app.id);
    expect((await zfw.get('/api/v1/star-applications?actionable=true')).json().items.map((i: { id: string }) => i.id)).not.toContain(app.id);

    const checked = await township.post(`/api/v1/star-applications/${app.id}/check`, { passed: true, note: '经实地核查属实' });
    expect(checked.statusCode, checked.body).toBe(200);
    expect(checked.json()).toMatchObject({ state: 'checked', abilities: [] });
    expect((await zfw.get(`/api/v1/star-applications/${app.id}`)).json().abilities).toEqual(['review']);
    expect((await xcb.get(`/api/v1/star-applications/${app.id}`)).json().abilities).toEqual([]);
    expect((await zfw.get('/api/v1/star-applications?actionable=true')).json().items.map((i: { id: string }) => i.id)).toContain(app.id);

    const reviewed = await zfw.post(`/api/v1/star-applications/${app.id}/review`, { accepted: true, note: '材料齐全' });
    expect(reviewed.statusCode, reviewed.body).toBe(200);
    expect(reviewed.json().state).toBe('reviewed');
    expect((await city.get(`/api/v1/star-applications/${app.id}`)).json().abilities).toEqual(['approve']);

    const approved = await city.post(`/api/v1/star-applications/${app.id}/approve`, { approved: true });
    expect(approved.statusCode, approved.body).toBe(200);
    const done = approved.json();
    expect(done).toMatchObject({ state: 'approved', abilities: [] });
    expect(done.steps.map((s: { action: string; actorName: string }) => [s.action, s.actorName])).toEqual([
      ['apply', '天山路社区书记'],
      ['check-passed', '团结街道办'],
      ['review-accepted', '市委政法委干部'],
      ['approve-approved', expect.any(String)],
    ]);

    const id = await t.orgId(TIANSHAN);
    const held = await db().selectFrom('community_stars').select('star_code').where('community_id', '=', id).orderBy('star_code').execute();
    expect(held.map((h) => h.star_code)).toEqual(['civility', 'organization', 'safety']);
    const history = await db().selectFrom('star_history').selectAll().where('community_id', '=', id).where('change', '=', 'added').execute();
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ star_code: 'safety', source_type: 'application', source_id: app.id, actor_id: await t.userId('city') });
    const notes = await db().selectFrom('star_notifications').select(['kind', 'star_code']).where('community_id', '=', id).execute();
    expect(notes).toContainEqual({ kind: 'star-added', star_code: 'safety' });
    const audit = await db().selectFrom('audit_log').select('action').where('target_id', '=', app.id).orderBy('seq').execute();
    expect(audit.map((a) => a.action)).toEqual(['star-application.apply', 'star-application.check', 'star-application.review', 'star-application.approve']);

    // Held now: applying again for it is refused; every step on the finished application is 409.
    const heldNow = await leader.post('/api/v1/star-applications', { communityId: id, starCode: 'safety', reason: '再申请' });
    expect(heldNow.json().error.code).toBe('STAR_ALREADY_HELD');
    const late = await city.post(`/api/v1/star-applications/${app.id}/approve`, { approved: true });
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('STAR_APPLICATION_STATE');
  });

  it('ends with a refusal at each step, with the reason, and nothing added', async () => {
    const steps: [Client, string, Record<string, unknown>][] = [
      [township, 'check', { passed: false, note: '核查发现材料不实' }],
      [zfw, 'review', { accepted: false, note: '调处记录不完整' }],
      [city, 'approve', { approved: false, note: '暂缓增星' }],
    ];
    for (let refuseAt = 0; refuseAt < steps.length; refuseAt++) {
      await holdStars(db(), GUANGCHANG, []);
      const a = await applyIn(GUANGCHANG, 'safety');
      for (let i = 0; i < refuseAt; i++) {
        const [c, step, body] = steps[i]!;
        const passBody = Object.fromEntries(Object.entries(body).map(([k, v]) => [k, typeof v === 'boolean' ? true : v]));
        expect((await c.post(`/api/v1/star-applications/${a}/${step}`, passBody)).statusCode).toBe(200);
      }
      const [c, step, body] = steps[refuseAt]!;
      // A refusal without a reason is bad input.
      expect((await c.post(`/api/v1/star-applications/${a}/${step}`, { ...body, note: '' })).statusCode).toBe(400);
      const res = await c.post(`/api/v1/star-applications/${a}/${step}`, body);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().state).toBe('refused');
      expect(res.json().steps.at(-1)).toMatchObject({ action: `${step}-refused`, note: body.note });
      for (const [c2, step2, body2] of steps) {
        const after = await c2.post(`/api/v1/star-applications/${a}/${step2}`, body2);
        expect(after.statusCode).toBe(409);
      }
      const held = await db()
        .selectFrom('community_stars')
        .select('star_code')
        .where('community_id', '=', await t.orgId(GUANGCHANG))
        .execute();
      expect(held).toEqual([]);
    }
  });

  it('refuses the wrong role at each step (403) and callers outside scope (404)', async () => {
    await holdStars(db(), TIANSHAN, ['organization', 'civility', 'safety']);
    // Applying: only the community (star:self-assess); another community's leader gets 404.
    for (const c of [township, city, zfw, window])
      expect((await c.post('/api/v1/star-applications', { communityId: await t.orgId(TIANSHAN), starCode: 'democracy', reason: 'x' })).statusCode).toBe(403);
    expect((await otherLeader.post('/api/v1/star-applications', { communityId: await t.orgId(TIANSHAN), starCode: 'democracy', reason: 'x' })).statusCode).toBe(
      404,
    );
    const unknown = await leader.post('/api/v1/star-applications', { communityId: await t.orgId(TIANSHAN), starCode: 'no-such-star', reason: 'x' });
    expect(unknown.json().error.code).toBe('STAR_CODE_UNKNOWN');

    const app = (await apply(leader, TIANSHAN, 'democracy')).id;
    // Check: the township only.
    for (const c of [leader, city, zfw]) expect((await c.post(`/api/v1/star-applications/${app}/check`, { passed: true })).statusCode).toBe(403);
    expect((await township.post(`/api/v1/star-applications/${app}/review`, { accepted: true })).statusCode).toBe(403);
    expect((await township.post(`/api/v1/star-applications/${app}/check`, { passed: true })).statusCode).toBe(200);
    // Review: star:review and membership of the star's department (democracy → 民政局, mzj).
    expect((await zfw.post(`/api/v1/star-applications/${app}/review`, { accepted: true })).statusCode).toBe(403);
    for (const c of [leader, township, city]) expect((await c.post(`/api/v1/star-applications/${app}/review`, { accepted: true })).statusCode).toBe(403);
    await buildDepartmentOfficer(db(), 'checks-mzj', ['mzj'], { displayName: '市民政局干部' });
    const mzj = await t.login('checks-mzj');
    expect((await mzj.post(`/api/v1/star-applications/${app}/approve`, { approved: true })).statusCode).toBe(403);
    expect((await mzj.post(`/api/v1/star-applications/${app}/review`, { accepted: true })).statusCode).toBe(200);
    // Approve: the city only.
    for (const c of [leader, township, mzj]) expect((await c.post(`/api/v1/star-applications/${app}/approve`, { approved: true })).statusCode).toBe(403);
    // Outside scope: 体育场路社区's leader and another township do not see it at all.
    expect((await otherLeader.get(`/api/v1/star-applications/${app}`)).statusCode).toBe(404);
    expect((await otherLeader.get('/api/v1/star-applications')).json().items.map((i: { id: string }) => i.id)).not.toContain(app);
    expect((await city.post(`/api/v1/star-applications/${app}/approve`, { approved: true })).statusCode).toBe(200);
    // 体育场路社区 (another township) applies: 团结街道 neither sees nor checks it; its list leaves it out.
    const theirs = (await apply(otherLeader, TIYUCHANG, 'democracy')).id;
    expect((await township.get(`/api/v1/star-applications/${theirs}`)).statusCode).toBe(404);
    const foreign = await township.post(`/api/v1/star-applications/${theirs}/check`, { passed: true });
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json().error.code).toBe('STAR_APPLICATION_NOT_FOUND');
    expect((await township.get('/api/v1/star-applications?pageSize=100')).json().items.map((i: { id: string }) => i.id)).not.toContain(theirs);
    expect((await city.get(`/api/v1/star-applications/${theirs}`)).statusCode).toBe(200);
  });

  it('keeps the community’s history over a removal and an addition', async () => {
    await holdStars(db(), GUANGCHANG, ['environment', 'civility']);
    const id = await t.orgId(GUANGCHANG);
    const removed = await township.post(`/api/v1/communities/${id}/stars/environment/remove`, {
      reason: '环境整治不达标',
      attachmentIds: [await uploadPhoto(township)],
    });
    expect(removed.statusCode, removed.body).toBe(200);
    const a = await applyIn(GUANGCHANG, 'environment');
    expect((await township.post(`/api/v1/star-applications/${a}/check`, { passed: true })).statusCode).toBe(200);
    const zjj = await buildDepartmentOfficer(db(), 'checks-zjj', ['zjj'], { displayName: '市住建局干部' }).then(() => t.login('checks-zjj'));
    expect((await zjj.post(`/api/v1/star-applications/${a}/review`, { accepted: true })).statusCode).toBe(200);
    expect((await city.post(`/api/v1/star-applications/${a}/approve`, { approved: true })).statusCode).toBe(200);
    const history = await db()
      .selectFrom('star_history')
      .select(['star_code', 'change', 'reason', 'source_type', 'actor_name'])
      .where('community_id', '=', id)
      .where('star_code', '=', 'environment')
      .where('source_type', '!=', 'seed')
      .orderBy('at')
      .orderBy('id')
      .execute();
    expect(history).toEqual([
      { star_code: 'environment', change: 'removed', reason: '环境整治不达标', source_type: 'removal', actor_name: '团结街道办' },
      { star_code: 'environment', change: 'added', reason: expect.any(String), source_type: 'application', actor_name: expect.any(String) },
    ]);
  });
});

/** An application by a community other than 天山路社区, applied by a leader created for it (the demo has none there). */
async function applyIn(communityCode: string, starCode: string): Promise<string> {
  let c = communityCode === TIANSHAN ? leader : leaders.get(communityCode);
  if (!c) {
    await addCommunityLeader(db(), `checks-leader-${communityCode}`, communityCode);
    c = await t.login(`checks-leader-${communityCode}`);
    leaders.set(communityCode, c);
  }
  return (await apply(c, communityCode, starCode)).id;
}
const leaders = new Map<string, Client>();
