import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../../test/harness.ts';
import { uploadPhoto } from '../files/files.test-support.ts';
import { holdStars } from './star-checks.test-support.ts';

let t: TestApp;
let township: Client;
let leader: Client;
let city: Client;
let otherLeader: Client;
const TIANSHAN = '654203002009';
const TIYUCHANG = '654203001017';
const QUARTER = '2026-Q4'; // the fixed clock: 2026-11-26

beforeAll(async () => {
  t = await createTestApp({ clock: 'fixed' });
  township = await t.login('tuanjie');
  leader = await t.login('tianshan');
  city = await t.login('city');
  otherLeader = await t.login('tiyuchang');
});
afterAll(() => t.close());

const db = () => t.runtime.ctx.db;
type Row = {
  communityId: string;
  communityName: string;
  stars: { code: string }[];
  check: null | { id: string; results: { starCode: string; result: string; removalId: string | null }[] };
  abilities: string[];
};
const board = async (c: Client, query = '') =>
  (await c.get(`/api/v1/star-checks${query}`)).json() as { quarter: string; checkableQuarters: string[]; communities: Row[] };

describe('quarterly checks (一季一核查)', () => {
  it('lists the communities in scope with their stars; a check with kept and failed stars; a second check is refused', async () => {
    await holdStars(db(), TIANSHAN, ['organization', 'safety', 'civility']);
    const id = await t.orgId(TIANSHAN);
    const before = await board(township);
    expect(before.quarter).toBe(QUARTER);
    expect(before.checkableQuarters[0]).toBe(QUARTER);
    const row = before.communities.find((r) => r.communityId === id)!;
    expect(row.stars.map((s) => s.code)).toEqual(['organization', 'safety', 'civility']);
    expect(row.check).toBeNull();
    expect(row.abilities).toEqual(['check', 'remove']);
    // The township sees only its own communities: 体育场路社区 lies in another township.
    expect(before.communities.map((r) => r.communityId)).not.toContain(await t.orgId(TIYUCHANG));

    const file = await uploadPhoto(township, '核查现场.png');
    const res = await township.post('/api/v1/star-checks', {
      communityId: id,
      quarter: QUARTER,
      results: [
        { starCode: 'organization', result: 'kept', note: '' },
        { starCode: 'safety', result: 'failed', note: '本季度发生两起未及时调处的纠纷' },
        { starCode: 'civility', result: 'kept', note: '志愿服务正常' },
      ],
      note: '总体良好',
      attachmentIds: [file],
    });
    expect(res.statusCode, res.body).toBe(201);
    const check = res.json();
    expect(check).toMatchObject({ communityId: id, quarter: QUARTER, note: '总体良好', checkedByName: expect.any(String) });
    expect(check.results.map((r: { starCode: string; starName: string; result: string }) => [r.starCode, r.starName, r.result])).toEqual([
      ['organization', '组织建设星', 'kept'],
      ['safety', '平安建设星', 'failed'],
      ['civility', '精神文明星', 'kept'],
    ]);
    expect(check.attachments.map((a: { id: string }) => a.id)).toEqual([file]);
    // The community leader sees the check and its evidence.
    const seen = (await board(leader)).communities.find((r) => r.communityId === id)!;
    expect(seen.check?.id).toBe(check.id);
    expect(seen.abilities).toEqual(['apply']);
    expect((await leader.get(`/api/v1/files/${file}`)).statusCode).toBe(200);

    const again = await township.post('/api/v1/star-checks', {
      communityId: id,
      quarter: QUARTER,
      results: check.results.map((r: { starCode: string }) => ({ starCode: r.starCode, result: 'kept' })),
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('STAR_CHECK_EXISTS');
    expect((await board(township)).communities.find((r) => r.communityId === id)!.abilities).toEqual(['remove']);
    const audit = await db().selectFrom('audit_log').select(['action', 'details']).where('action', '=', 'star.check').where('target_id', '=', id).execute();
    expect(audit).toHaveLength(1);
  });

  it('refuses a future quarter, one from two years ago, and results that do not match the stars held — writing nothing', async () => {
    await holdStars(db(), '654203002015', ['safety', 'civility']);
    const id = await t.orgId('654203002015');
    const results = [
      { starCode: 'safety', result: 'kept' },
      { starCode: 'civility', result: 'kept' },
    ];
    for (const quarter of ['2027-Q1', '2024-Q4']) {
      const res = await township.post('/api/v1/star-checks', { communityId: id, quarter, results });
      expect(res.statusCode, quarter).toBe(422);
      expect(res.json().error.code).toBe('STAR_CHECK_QUARTER_INVALID');
    }
    expect((await township.post('/api/v1/star-checks', { communityId: id, quarter: '2026-Q5', results })).statusCode).toBe(400);
    for (const wrong of [
      results.slice(0, 1),
      [...results, { starCode: 'organization', result: 'kept' }],
      [results[0], results[0]],
      [results[0], { starCode: 'democracy', result: 'failed' }],
    ]) {
      const res = await township.post('/api/v1/star-checks', { communityId: id, quarter: QUARTER, results: wrong });
      expect(res.statusCode).toBe(422);
      expect(res.json().error.code).toBe('STAR_CHECK_RESULTS_MISMATCH');
    }
    expect(await db().selectFrom('star_checks').select('id').where('community_id', '=', id).execute()).toEqual([]);
    // An earlier quarter of last year is fine.
    expect((await township.post('/api/v1/star-checks', { communityId: id, quarter: '2025-Q2', results })).statusCode).toBe(201);
  });

  it('refuses the wrong role (403) and a community outside scope (404)', async () => {
    const outside = await t.orgId(TIYUCHANG);
    const res = await township.post('/api/v1/star-checks', { communityId: outside, quarter: QUARTER, results: [] });
    expect(res.statusCode).toBe(404);
    expect((await township.get(`/api/v1/star-checks?orgId=${outside}`)).statusCode).toBe(404);
    for (const c of [leader, city])
      expect((await c.post('/api/v1/star-checks', { communityId: await t.orgId(TIANSHAN), quarter: QUARTER, results: [] })).statusCode).toBe(403);
    // A township is not a community.
    expect((await township.post('/api/v1/star-checks', { communityId: await t.orgId('654203002'), quarter: QUARTER, results: [] })).statusCode).toBe(400);
    // Another community's leader sees only their own community.
    expect((await board(otherLeader)).communities.map((r) => r.communityName)).toEqual(['体育场路社区']);
  });
});

describe('star removal (减星)', () => {
  it('removes a failed star citing the check: history (who, when, why), notification, the check marked', async () => {
    await holdStars(db(), '654203002015', ['safety', 'civility', 'environment']);
    const id = await t.orgId('654203002015');
    const check = (
      await township.post('/api/v1/star-checks', {
        communityId: id,
        quarter: QUARTER,
        results: [
          { starCode: 'safety', result: 'kept' },
          { starCode: 'civility', result: 'kept' },
          { starCode: 'environment', result: 'failed', note: '垃圾分类不到位' },
        ],
      })
    ).json();
    // A check does not count as evidence for a star it found kept.
    const kept = await township.post(`/api/v1/communities/${id}/stars/civility/remove`, { reason: '测试', checkId: check.id });
    expect(kept.statusCode).toBe(422);
    expect(kept.json().error.code).toBe('STAR_EVIDENCE_REQUIRED');
    const bare = await township.post(`/api/v1/communities/${id}/stars/environment/remove`, { reason: '测试' });
    expect(bare.json().error.code).toBe('STAR_EVIDENCE_REQUIRED');

    const res = await township.post(`/api/v1/communities/${id}/stars/environment/remove`, { reason: '季度核查环境整洁未达标，整改未完成', checkId: check.id });
    expect(res.statusCode, res.body).toBe(200);
    const removal = res.json();
    expect(removal).toMatchObject({ communityId: id, starCode: 'environment', starName: '环境整洁星', checkId: check.id });
    expect(removal.stars.map((s: { code: string }) => s.code)).toEqual(['safety', 'civility']);

    const history = await db().selectFrom('star_history').selectAll().where('community_id', '=', id).where('change', '=', 'removed').execute();
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({
      star_code: 'environment',
      actor_id: await t.userId('tuanjie'),
      actor_name: expect.any(String),
      reason: '季度核查环境整洁未达标，整改未完成',
      source_type: 'removal',
      source_id: removal.id,
      at: '2026-11-26T02:00:00.000Z',
    });
    const notes = await db().selectFrom('star_notifications').selectAll().where('community_id', '=', id).execute();
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({ kind: 'star-removed', star_code: 'environment' });
    expect(notes[0]!.message).toContain('环境整洁星');
    expect(notes[0]!.community_path).toContain(`/${await t.orgId('654203002')}/`);
    // The check shows the star as removed; removing it again is refused.
    const row = (await board(township)).communities.find((r) => r.communityId === id)!;
    expect(row.check!.results.find((r) => r.starCode === 'environment')!.removalId).toBe(removal.id);
    const again = await township.post(`/api/v1/communities/${id}/stars/environment/remove`, { reason: '再减', checkId: check.id });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('STAR_NOT_HELD');
    const audit = await db().selectFrom('audit_log').select('action').where('target_id', '=', id).where('action', '=', 'star.removed').execute();
    expect(audit).toHaveLength(1);
  });

  it('removes a star at any time with a file as evidence; a star not held, the wrong role, outside scope are refused', async () => {
    await holdStars(db(), '654203002016', ['safety']);
    const id = await t.orgId('654203002016');
    const notHeld = await township.post(`/api/v1/communities/${id}/stars/civility/remove`, { reason: '测试', attachmentIds: [await uploadPhoto(township)] });
    expect(notHeld.statusCode).toBe(409);
    expect(notHeld.json().error.code).toBe('STAR_NOT_HELD');
    // Nothing was written: the file refused with the removal is still unattached and can be used again.
    const file = await uploadPhoto(township, '情况说明.png');
    expect((await leader.post(`/api/v1/communities/${id}/stars/safety/remove`, { reason: 'x', attachmentIds: [] })).statusCode).toBe(403);
    expect((await city.post(`/api/v1/communities/${id}/stars/safety/remove`, { reason: 'x', attachmentIds: [] })).statusCode).toBe(403);
    expect(
      (await township.post(`/api/v1/communities/${await t.orgId(TIYUCHANG)}/stars/safety/remove`, { reason: 'x', attachmentIds: [file] })).statusCode,
    ).toBe(404);
    const res = await township.post(`/api/v1/communities/${id}/stars/safety/remove`, { reason: '发生重大安全事故', attachmentIds: [file] });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ checkId: null, stars: [] });
    expect(res.json().attachments.map((a: { id: string }) => a.id)).toEqual([file]);
    // The evidence is seen up the tree (the city), not by another community's leader.
    expect((await city.get(`/api/v1/files/${file}`)).statusCode).toBe(200);
    expect((await leader.get(`/api/v1/files/${file}`)).statusCode).toBe(404);
  });
});
