import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_STAR_CODES, DEFAULT_STAR_RULES, type CommunityStars, type StarBoard } from '@lingyan/shared';
import { createTestApp, type Client, type TestApp } from '../../test/harness.ts';
import { giveStars } from './stars.test-support.ts';
import { communityStandings } from './stars.standings.ts';
import { notifyCommunity } from './stars.repo.ts';

const TIANSHAN = '654203002009';
const TIYUCHANG = '654203001017';
const TUANJIE = '654203002';

let t: TestApp;
let city: Client;
let tuanjie: Client;
let tianshan: Client;
const db = () => t.runtime.ctx.db;

beforeAll(async () => {
  t = await createTestApp({ clock: 'fixed' });
  // Start from no stars, whatever the demo seed may hold, so that every figure below is ours.
  await db().deleteFrom('community_stars').execute();
  await db().deleteFrom('star_history').execute();
  await db().deleteFrom('star_notifications').execute();
  [city, tuanjie, tianshan] = await Promise.all([t.login('city'), t.login('tuanjie'), t.login('tianshan')]);
  await giveStars(db(), TIANSHAN, ['organization', 'service', 'democracy', 'safety', 'civility', 'co-building', 'environment', 'integrity'], '2025-12-20');
  await giveStars(db(), TIYUCHANG, ['ethnic-unity', 'religious-harmony'], '2025-12-21', '增星申请经审定');
});
afterAll(() => t.close());

describe('POST /api/v1/stars/preview', () => {
  it('answers exactly count, level, recommendations and barredFrom for any signed-in user', async () => {
    const res = await tianshan.post('/api/v1/stars/preview', { stars: DEFAULT_STAR_CODES.filter((c) => c !== 'ethnic-unity') });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      count: 9,
      level: 'good',
      recommendations: ['five-good-branch', 'city-advanced'],
      barredFrom: ['ethnic-unity-progress', 'religious-double-five-good'],
    });
  });

  it.each([
    [['organization', 'no-such-star'], 'STAR_CODE_UNKNOWN'],
    [['organization', 'organization'], 'STAR_CODE_DUPLICATE'],
  ])('refuses %j with 400 %s', async (stars, code) => {
    const res = await city.post('/api/v1/stars/preview', { stars });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe(code);
  });

  it('refuses without a login', async () => {
    expect((await t.anonymous.post('/api/v1/stars/preview', { stars: [] })).statusCode).toBe(401);
  });

  it('follows the rules setting: with "lacking both", one of the two stars is enough', async () => {
    const both = { ...DEFAULT_STAR_RULES, vetoes: DEFAULT_STAR_RULES.vetoes.map((v) => ({ ...v, mode: 'all-missing' as const })) };
    expect((await city.put('/api/v1/stars/rules', { rules: both })).statusCode).toBe(200);
    try {
      const res = await tianshan.post('/api/v1/stars/preview', { stars: ['ethnic-unity'] });
      expect(res.json().barredFrom).toEqual(['civilized-community', 'safe-community']);
    } finally {
      await city.put('/api/v1/stars/rules', { rules: DEFAULT_STAR_RULES });
    }
  });
});

describe('GET /api/v1/communities/:id/stars', () => {
  it('shows the stars held with names and since, the standing, the history with reasons, notifications and abilities', async () => {
    const c = await t.orgId(TIANSHAN);
    const org = await db().selectFrom('org_nodes').select('path').where('id', '=', c).executeTakeFirstOrThrow();
    await db()
      .transaction()
      .execute((trx) =>
        notifyCommunity(trx, '2026-01-05T02:00:00.000Z', { communityId: c, communityPath: org.path, kind: 'removed', starCode: null, message: '季度核查提醒' }),
      );
    const res = await tianshan.get(`/api/v1/communities/${c}/stars`);
    expect(res.statusCode).toBe(200);
    const body = res.json() as CommunityStars;
    expect(body.communityName).toBe('天山路社区');
    expect(body.townshipName).toBe('团结街道');
    expect(body.stars.map((s) => s.code)).toEqual(['organization', 'service', 'democracy', 'safety', 'civility', 'co-building', 'environment', 'integrity']);
    expect(body.stars[0]).toEqual({ code: 'organization', name: '组织建设星', since: '2025-12-20' });
    expect(body).toMatchObject({ count: 8, level: 'good', recommendations: ['five-good-branch', 'city-advanced'] });
    expect(body.barredFrom).toEqual(['ethnic-unity-progress', 'religious-double-five-good']);
    expect(body.history).toHaveLength(8);
    expect(body.history[0]).toMatchObject({ change: 'awarded', reason: '年度评定授星', actorName: '测试', sourceType: 'seed' });
    expect(body.notifications.map((n) => n.message)).toEqual(['季度核查提醒']);
    expect(body.abilities).toEqual(['certificate', 'apply']);
  });

  it('is 404 outside the caller’s scope and for a node that is not a community, 401 without a login', async () => {
    expect((await tianshan.get(`/api/v1/communities/${await t.orgId(TIYUCHANG)}/stars`)).statusCode).toBe(404);
    expect((await tuanjie.get(`/api/v1/communities/${await t.orgId(TIYUCHANG)}/stars`)).statusCode).toBe(404);
    expect((await city.get(`/api/v1/communities/${await t.orgId(TUANJIE)}/stars`)).json().error.code).toBe('ORG_NOT_FOUND');
    expect((await t.anonymous.get(`/api/v1/communities/${await t.orgId(TIANSHAN)}/stars`)).statusCode).toBe(401);
    const other = await city.get(`/api/v1/communities/${await t.orgId(TIYUCHANG)}/stars`);
    expect(other.json()).toMatchObject({ count: 2, level: 'poor', abilities: ['certificate'] });
  });
});

describe('GET /api/v1/public/star-board', () => {
  it('lists every community and village without a login, by township then community code, with stars, level and last change', async () => {
    const res = await t.anonymous.get('/api/v1/public/star-board');
    expect(res.statusCode).toBe(200);
    const board = res.json() as StarBoard;
    const all = await db()
      .selectFrom('org_nodes as c')
      .innerJoin('org_nodes as t', 't.id', 'c.parent_id')
      .select(['c.name'])
      .where('c.kind', 'in', ['community', 'village'])
      .orderBy('t.code')
      .orderBy('c.code')
      .execute();
    expect(board.communities.map((c) => c.communityName)).toEqual(all.map((c) => c.name));
    expect(board.catalog.map((s) => s.code)).toEqual([...DEFAULT_STAR_CODES]);
    const tianshanRow = board.communities.find((c) => c.communityName === '天山路社区')!;
    expect(tianshanRow).toMatchObject({ townshipName: '团结街道', count: 8, level: 'good' });
    expect(tianshanRow.stars.map((s) => s.name)).toContain('平安建设星');
    expect(tianshanRow.lastChange).toMatchObject({ at: '2025-12-20T04:00:00.000Z', change: 'awarded' });
    const tiyuchang = board.communities.find((c) => c.communityName === '体育场路社区')!;
    expect(tiyuchang).toMatchObject({ count: 2, level: 'poor' });
    expect(tiyuchang.lastChange?.at).toBe('2025-12-21T04:00:00.000Z');
    const none = board.communities.find((c) => c.count === 0)!;
    expect(none).toMatchObject({ stars: [], level: 'poor', lastChange: null });
    // Reasons and who changed a star are for staff only.
    expect(res.body).not.toContain('增星申请经审定');
  });

  it('shows a change at once: the board is rebuilt when any holding, catalog or rule changes', async () => {
    const before = (await t.anonymous.get('/api/v1/public/star-board')).json() as StarBoard;
    const empty = before.communities.find((c) => c.count === 0)!;
    const code = (await db().selectFrom('org_nodes').select('code').where('id', '=', empty.communityId).executeTakeFirstOrThrow()).code;
    await giveStars(db(), code, ['environment'], '2026-11-25');
    const after = (await t.anonymous.get('/api/v1/public/star-board')).json() as StarBoard;
    expect(after.communities.find((c) => c.communityId === empty.communityId)).toMatchObject({
      count: 1,
      lastChange: { starName: '环境整洁星', change: 'awarded' },
    });
    const strict = {
      ...DEFAULT_STAR_RULES,
      levels: [
        { level: 'good' as const, minStars: 1 },
        { level: 'poor' as const, minStars: 0 },
      ],
    };
    await city.put('/api/v1/stars/rules', { rules: strict });
    try {
      const ruled = (await t.anonymous.get('/api/v1/public/star-board')).json() as StarBoard;
      expect(ruled.communities.find((c) => c.communityId === empty.communityId)!.level).toBe('good');
    } finally {
      await city.put('/api/v1/stars/rules', { rules: DEFAULT_STAR_RULES });
    }
  });

  it('reads the standings of all communities in one pass of the rules (the function the board and the bench call)', async () => {
    const all = await communityStandings(db(), DEFAULT_STAR_RULES);
    const tianshanRow = all.find((c) => c.communityCode === TIANSHAN)!;
    expect(tianshanRow).toMatchObject({ count: 8, level: 'good', recommendations: ['five-good-branch', 'city-advanced'] });
    const path = (await db().selectFrom('org_nodes').select('path').where('code', '=', TIANSHAN).executeTakeFirstOrThrow()).path;
    const scoped = await communityStandings(db(), DEFAULT_STAR_RULES, [path]);
    expect(scoped.map((c) => c.communityCode)).toEqual([TIANSHAN]);
  });
});

describe('GET /api/v1/stars/communities', () => {
  it('lists the communities in the caller’s scope with their standing', async () => {
    const mine = (await tianshan.get('/api/v1/stars/communities')).json();
    expect(mine.items).toHaveLength(1);
    expect(mine.items[0]).toMatchObject({ communityName: '天山路社区', count: 8, level: 'good' });
    const township = (await tuanjie.get('/api/v1/stars/communities')).json();
    expect(township.items.length).toBeGreaterThan(1);
    expect(township.items.every((c: { townshipName: string }) => c.townshipName === '团结街道')).toBe(true);
  });
});

describe('rules', () => {
  it('reads the rules and pay coefficients, with the edit ability for the city only', async () => {
    const read = await tuanjie.get('/api/v1/stars/rules');
    expect(read.json()).toMatchObject({ rules: DEFAULT_STAR_RULES, payCoefficients: { good: 1.2, 'fairly-good': 1.1, average: 1, poor: 0.9 }, abilities: [] });
    expect((await city.get('/api/v1/stars/rules')).json().abilities).toContain('edit');
  });

  it('refuses rules that do not hold with 422 and its problems, and writes nothing', async () => {
    const bad = { ...DEFAULT_STAR_RULES, levels: [...DEFAULT_STAR_RULES.levels].reverse() };
    const res = await city.put('/api/v1/stars/rules', { rules: bad });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('SETTING_INVALID');
    expect(res.json().error.details.length).toBeGreaterThan(0);
    expect((await city.get('/api/v1/stars/rules')).json().rules).toEqual(DEFAULT_STAR_RULES);
  });

  it('saves pay coefficients through the settings, audited; other roles get 403', async () => {
    const pay = { good: 1.3, 'fairly-good': 1.1, average: 1, poor: 0.8 };
    const res = await city.put('/api/v1/stars/rules', { payCoefficients: pay });
    expect(res.statusCode).toBe(200);
    expect(res.json().payCoefficients).toEqual(pay);
    expect(await t.runtime.ctx.settings.get('stars.payCoefficients')).toEqual(pay);
    const audit = await db().selectFrom('audit_log').selectAll().where('action', '=', 'star.rules.update').orderBy('seq', 'desc').executeTakeFirstOrThrow();
    expect(JSON.parse(audit.details!)).toMatchObject({ payCoefficients: pay });
    expect((await tuanjie.put('/api/v1/stars/rules', { payCoefficients: pay })).statusCode).toBe(403);
    await city.put('/api/v1/stars/rules', { payCoefficients: { good: 1.2, 'fairly-good': 1.1, average: 1, poor: 0.9 } });
  });
});
