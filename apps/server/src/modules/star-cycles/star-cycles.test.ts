import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PhaseSpan, StarEntryDetail, StarPhase } from '@lingyan/shared';
import { createTestApp, type Client, type TestApp } from '../../test/harness.ts';
import type { fixedClock } from '../../platform/clock.ts';
import { newId } from '../../platform/ids.ts';
import { uploadPhoto } from '../files/files.test-support.ts';
import { DEFAULT_STAR_CATALOG } from '../stars/stars.defaults.ts';
import { cycleInPhase, ensureCatalog } from './star-cycles.test-support.ts';
import { buildDepartmentOfficer, buildHome, buildResident, buildTenancy } from '../../test/factories.ts';
import { displayDueCycles } from './star-cycles.jobs.ts';

let t: TestApp;
let clock: ReturnType<typeof fixedClock>;
const c: Record<string, Client> = {};
const USERS = ['city', 'tuanjie', 'taoyuan', 'tianshan', 'tiyuchang', 'dept-all', 'dept-zfw'] as const;
const TIANSHAN = '654203002009';
const TIYUCHANG = '654203001017';
let tianshanId: string;
let tiyuchangId: string;
let cycleId: string;
let phases: PhaseSpan[];
const YEAR = 2027;
const BELOW = 'democracy'; // scored 50: below its pass mark of 80
const RETURNED = 'service'; // returned by its department, rescored by the township
const OBJECTED = 'civility'; // withdrawn by an upheld objection

async function signIn() {
  for (const u of USERS) c[u] = await t.login(u);
}
/** Moves the clock to 10:00 in Shawan on the first day of `phase` (sessions expire: sign in again). */
async function goTo(phase: StarPhase) {
  clock.set(`${phases.find((p) => p.phase === phase)!.startsOn}T02:00:00Z`);
  await signIn();
}
const base = () => `/api/v1/star-cycles/${cycleId}`;
const entryUrl = (community: string) => `${base()}/entries/${community}`;
function expectCode(res: { statusCode: number; body: string; json(): any }, status: number, code: string) {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.json().error.code).toBe(code);
}
async function ok(res: Promise<{ statusCode: number; body: string; json(): any }>, status = 200) {
  const r = await res;
  expect(r.statusCode, r.body).toBe(status);
  return r.json();
}
const manualScores = (code: string, value: number) =>
  Object.fromEntries(
    DEFAULT_STAR_CATALOG.stars
      .find((s) => s.code === code)!
      .indicators.filter((i) => i.source === 'manual')
      .map((i) => [i.code, value]),
  );
const allScores = (code: string, value: number) =>
  Object.fromEntries(DEFAULT_STAR_CATALOG.stars.find((s) => s.code === code)!.indicators.map((i) => [i.code, value]));

beforeAll(async () => {
  t = await createTestApp({ clock: 'fixed' }); // Thursday 26 November 2026, 10:00 in Shawan
  clock = t.clock as ReturnType<typeof fixedClock>;
  const ctx = t.runtime.ctx;
  await ensureCatalog(ctx, YEAR);
  // One officer for every department but 政法委, whose own demo officer (dept-zfw) reviews safety.
  await buildDepartmentOfficer(
    ctx.db,
    'dept-all',
    [...new Set(DEFAULT_STAR_CATALOG.stars.map((s) => s.departmentCode))].filter((d) => d !== 'zfw'),
  );
  await signIn();
  tianshanId = await t.orgId(TIANSHAN);
  tiyuchangId = await t.orgId(TIYUCHANG);
  // 天山路社区 holds 民主管理星 from before: not awarded this year, it is lost at display.
  const org = await ctx.db.selectFrom('org_nodes').select('path').where('id', '=', tianshanId).executeTakeFirstOrThrow();
  await ctx.db.insertInto('community_stars').values({ community_id: tianshanId, community_path: org.path, star_code: BELOW, since: '2025-12-31' }).execute();
});
afterAll(() => t.close());

describe('the annual cycle, step by step', () => {
  it('creates the cycle: catalog locked, phases laid out, one entry per community with every star', async () => {
    const body = { year: YEAR, title: '2027 年度星级评定', startsOn: '2026-11-27', communityIds: [tianshanId, tiyuchangId] };
    expectCode(await c.tuanjie!.post('/api/v1/star-cycles', body), 403, 'FORBIDDEN');
    expectCode(await c.city!.post('/api/v1/star-cycles', { ...body, year: 2040 }), 404, 'STAR_CATALOG_NOT_FOUND');
    const cycle = await ok(c.city!.post('/api/v1/star-cycles', body), 201);
    cycleId = cycle.id;
    phases = cycle.phases;
    expect(phases.map((p) => p.phase)).toEqual([
      'self-assessment',
      'resident-survey',
      'township-scoring',
      'department-review',
      'city-approval',
      'public-notice',
      'display',
    ]);
    expect(phases[0]).toEqual({ phase: 'self-assessment', startsOn: '2026-11-27', endsOn: '2026-12-11' });
    expect(phases[1]!.startsOn).toBe('2026-12-12');
    expect(cycle.currentPhase).toBe('before');
    expect(cycle.entries).toBe(2);
    expect(cycle.byState.drafting).toBe(2);
    expectCode(await c.city!.post('/api/v1/star-cycles', body), 409, 'STAR_CYCLE_YEAR_TAKEN');
    const catalog = await t.runtime.ctx.db.selectFrom('star_catalogs').select('locked_at').where('year', '=', YEAR).executeTakeFirstOrThrow();
    expect(catalog.locked_at).not.toBeNull();
    const rows = await t.runtime.ctx.db
      .selectFrom('star_entry_stars as s')
      .innerJoin('star_entries as e', 'e.id', 's.entry_id')
      .select(['s.review_state', 'e.survey_token'])
      .where('e.cycle_id', '=', cycleId)
      .execute();
    expect(rows).toHaveLength(2 * DEFAULT_STAR_CATALOG.stars.length);
    expect(rows.every((r) => r.review_state === 'pending' && /^[A-Za-z0-9_-]{20,}$/.test(r.survey_token))).toBe(true);
    // The township sees only its own community.
    const mine = await ok(c.tuanjie!.get(base()));
    expect(mine.progress.map((p: { communityId: string }) => p.communityId)).toEqual([tianshanId]);
  });

  it('self-assessment: only the community, only in its phase, every manual indicator before submitting', async () => {
    const stars = [{ starCode: 'organization', selfScores: manualScores('organization', 95), note: '三会一课记录齐全' }];
    expectCode(await c.tianshan!.put(`${entryUrl(tianshanId)}/self-assessment`, { stars }), 409, 'STAR_OUT_OF_PHASE');
    await goTo('self-assessment');
    expectCode(await c.tuanjie!.put(`${entryUrl(tianshanId)}/self-assessment`, { stars }), 403, 'FORBIDDEN');
    expectCode(await c.tianshan!.put(`${entryUrl(tiyuchangId)}/self-assessment`, { stars }), 404, 'STAR_ENTRY_NOT_FOUND');
    expectCode(
      await c.tianshan!.put(`${entryUrl(tianshanId)}/self-assessment`, { stars: [{ starCode: 'organization', selfScores: { nope: 1 } }] }),
      422,
      'STAR_INDICATOR_UNKNOWN',
    );
    const fileId = await uploadPhoto(c.tianshan!, 'minutes.png');
    const saved: StarEntryDetail = await ok(
      c.tianshan!.put(`${entryUrl(tianshanId)}/self-assessment`, {
        stars: [{ ...stars[0], evidenceLinks: [{ label: '走访记录', url: '/visits' }], attachmentIds: [fileId] }],
      }),
    );
    const org = saved.stars.find((s) => s.definition.code === 'organization')!;
    expect(org.indicators.find((i) => i.code === 'committee')!.selfScore).toBe(95);
    expect(org.evidenceLinks).toEqual([{ label: '走访记录', url: '/visits' }]);
    expect(org.attachments.map((a) => a.id)).toEqual([fileId]);
    expect(saved.abilities).toEqual(['self-assess', 'submit']);
    expectCode(await c.tianshan!.post(`${entryUrl(tianshanId)}/submit`), 422, 'STAR_SCORES_INCOMPLETE');
    await ok(
      c.tianshan!.put(`${entryUrl(tianshanId)}/self-assessment`, {
        stars: DEFAULT_STAR_CATALOG.stars.map((s) => ({ starCode: s.code, selfScores: manualScores(s.code, 90) })),
      }),
    );
    const submitted = await ok(c.tianshan!.post(`${entryUrl(tianshanId)}/submit`));
    expect(submitted.state).toBe('submitted');
    expect(submitted.abilities).toEqual([]);
    expectCode(await c.tianshan!.post(`${entryUrl(tianshanId)}/submit`), 409, 'STAR_STEP_NOT_ALLOWED');
    await ok(
      c.tiyuchang!.put(`${entryUrl(tiyuchangId)}/self-assessment`, {
        stars: DEFAULT_STAR_CATALOG.stars.map((s) => ({ starCode: s.code, selfScores: manualScores(s.code, 80) })),
      }),
    );
    await ok(c.tiyuchang!.post(`${entryUrl(tiyuchangId)}/submit`));
  });

  it('moves a phase and the chain follows; refuses broken dates and the wrong role', async () => {
    const url = `${base()}/phases/resident-survey`;
    expectCode(await c.tuanjie!.put(url, { startsOn: '2026-12-13' }), 403, 'FORBIDDEN');
    expectCode(await c.city!.put(url, { startsOn: '2026-12-13', endsOn: '2026-12-01' }), 422, 'STAR_PHASE_DATES_INVALID');
    expectCode(await c.city!.put(`${base()}/phases/resident-survey`, { startsOn: '2026-11-20' }), 422, 'STAR_PHASE_DATES_INVALID');
    const moved = await ok(c.city!.put(url, { startsOn: '2026-12-13' }));
    expect(moved.phases[0].endsOn).toBe('2026-12-12');
    // The moved phase keeps its end (it got one day shorter); the phases after it keep their dates.
    expect(moved.phases[1]).toEqual({ phase: 'resident-survey', startsOn: '2026-12-13', endsOn: '2026-12-21' });
    expect(moved.phases[2].startsOn).toBe('2026-12-22');
    phases = moved.phases;
    const noticeMove = await ok(c.city!.put(`${base()}/phases/public-notice`, { startsOn: phases[5]!.startsOn, noticeWorkingDays: 3 }));
    expect(noticeMove.noticeWorkingDays).toBe(3);
    phases = noticeMove.phases;
  });

  it('township scoring: computed indicators filled from the figures, manual ones typed, every star before submitting', async () => {
    const scores = { stars: [{ starCode: 'organization', scores: allScores('organization', 90) }] };
    expectCode(await c.tuanjie!.put(`${entryUrl(tianshanId)}/scores`, scores), 409, 'STAR_OUT_OF_PHASE');
    await goTo('resident-survey');
    // Four households answered the survey about 组织建设星: 3 satisfied, 1 dissatisfied → 75.
    const db = t.runtime.ctx.db;
    const entry = await db
      .selectFrom('star_entries')
      .select('id')
      .where('cycle_id', '=', cycleId)
      .where('community_id', '=', tianshanId)
      .executeTakeFirstOrThrow();
    for (const answer of ['satisfied', 'satisfied', 'satisfied', 'dissatisfied']) {
      const rid = newId();
      await db
        .insertInto('star_survey_responses')
        .values({ id: rid, entry_id: entry.id, household_key: newId(), channel: 'paper', entered_by: null, submitted_at: new Date().toISOString() })
        .execute();
      await db.insertInto('star_survey_answers').values({ id: newId(), response_id: rid, entry_id: entry.id, star_code: 'organization', answer }).execute();
    }
    // The service hall's tally for 天山路社区 in the cycle's year: 9 of 10 completed on time, 3 of 4 satisfied.
    await db
      .insertInto('service_request_daily')
      .values({
        org_id: tianshanId,
        item_id: '*',
        channel: '*',
        day: `${YEAR}-03-01`,
        requests: 10,
        excluded: 0,
        counted: 10,
        responded_on_time: 10,
        completed: 10,
        resolved: 10,
        rated: 4,
        satisfied: 3,
        completed_on_time: 9,
        completed_one_trip: 10,
      })
      .execute();
    // Rented homes of 天山路社区: four tenancies began in the cycle's year, three registered within
    // the 3 days allowed (0, 3 and 1 days late) and one 10 days late → 75; one from the year before does not count.
    const home = await buildHome(t.runtime.ctx, '654203002009001', { isRented: true });
    const tenant = await buildResident(t.runtime.ctx, { name: '租户甲' });
    for (const [start, registered] of [
      [`${YEAR}-02-01`, `${YEAR}-02-01`],
      [`${YEAR}-04-01`, `${YEAR}-04-04`],
      [`${YEAR}-06-01`, `${YEAR}-06-02`],
      [`${YEAR}-08-01`, `${YEAR}-08-11`],
      [`${YEAR - 1}-08-01`, `${YEAR - 1}-09-30`],
    ] as const)
      await buildTenancy(t.runtime.ctx, home.id, tenant.id, { startDate: start, registeredOn: registered, endDate: `${YEAR + 1}-01-31` });
    await goTo('township-scoring');
    expectCode(await c.tianshan!.put(`${entryUrl(tianshanId)}/scores`, scores), 403, 'FORBIDDEN');
    expectCode(await c.tuanjie!.put(`${entryUrl(tiyuchangId)}/scores`, scores), 404, 'STAR_ENTRY_NOT_FOUND');
    const first: StarEntryDetail = await ok(c.tuanjie!.put(`${entryUrl(tianshanId)}/scores`, scores));
    const org = first.stars.find((s) => s.definition.code === 'organization')!;
    const survey = org.indicators.find((i) => i.source === 'resident-survey')!;
    expect(survey).toMatchObject({ figure: 75, townshipScore: 75, typed: false }); // 90 was sent: the figure wins
    // 30×90 + 30×90 + 20×90 (no visits to measure: typed) + 20×75
    expect(org.score).toBe(87);
    expect(org.passes).toBe(true);
    expectCode(await c.tuanjie!.post(`${entryUrl(tianshanId)}/submit-scores`), 422, 'STAR_SCORES_INCOMPLETE');
    await ok(
      c.tuanjie!.put(`${entryUrl(tianshanId)}/scores`, {
        stars: DEFAULT_STAR_CATALOG.stars
          .filter((s) => s.code !== 'organization')
          .map((s) => ({ starCode: s.code, scores: allScores(s.code, s.code === BELOW ? 50 : 90) })),
      }),
    );
    const scored: StarEntryDetail = await ok(c.tuanjie!.post(`${entryUrl(tianshanId)}/submit-scores`));
    const service = scored.stars.find((s) => s.definition.code === 'service')!;
    expect(service.indicators.filter((i) => !i.typed).map((i) => [i.code, i.figure, i.townshipScore])).toEqual([
      ['on-time', 90, 90],
      ['satisfaction', 75, 75],
    ]);
    expect(service.score).toBe(85.5); // 30×90 + 30×75 + 20×90 + 20×90 (no survey answers: typed)
    const safety = scored.stars.find((s) => s.definition.code === 'safety')!;
    expect(safety.indicators.find((i) => i.code === 'rentals')).toMatchObject({
      source: 'rental-registration-rate',
      figure: 75,
      townshipScore: 75,
      typed: false,
    });
    expect(scored.state).toBe('scored');
    expect(scored.stars.find((s) => s.definition.code === BELOW)).toMatchObject({ score: 50, passes: false });
    expectCode(await c.tuanjie!.post(`${entryUrl(tianshanId)}/submit-scores`), 409, 'STAR_STEP_NOT_ALLOWED');
  });

  it('department review: only the star’s department, return with a reason, rescore, accept all → reviewed', async () => {
    const star = (code: string, action: string) => `${entryUrl(tianshanId)}/stars/${code}/${action}`;
    expectCode(await c['dept-all']!.post(star('organization', 'accept')), 409, 'STAR_OUT_OF_PHASE');
    await goTo('department-review');
    expectCode(await c['dept-zfw']!.post(star('organization', 'accept')), 403, 'FORBIDDEN');
    expectCode(await c.tuanjie!.post(star('organization', 'accept')), 403, 'FORBIDDEN');
    const zfwQueue = await ok(c['dept-zfw']!.get(`${base()}/review-queue`));
    expect(zfwQueue.items.map((i: { starCode: string }) => i.starCode)).toEqual(['safety']);
    expect(zfwQueue.items[0].abilities).toEqual(['accept', 'return']);
    const returned: StarEntryDetail = await ok(c['dept-all']!.post(star(RETURNED, 'return'), { reason: '按时办结率佐证材料不全' }));
    expect(returned.stars.find((s) => s.definition.code === RETURNED)).toMatchObject({ reviewState: 'returned', reviewReason: '按时办结率佐证材料不全' });
    for (const s of DEFAULT_STAR_CATALOG.stars) {
      if (s.code === RETURNED) continue;
      await ok((s.departmentCode === 'zfw' ? c['dept-zfw']! : c['dept-all']!).post(star(s.code, 'accept')));
    }
    expectCode(await c['dept-all']!.post(star('organization', 'accept')), 409, 'STAR_STEP_NOT_ALLOWED');
    expectCode(await c['dept-all']!.post(star(RETURNED, 'accept')), 409, 'STAR_STEP_NOT_ALLOWED');
    // Only a returned star may be rescored now.
    expectCode(
      await c.tuanjie!.put(`${entryUrl(tianshanId)}/scores`, { stars: [{ starCode: 'organization', scores: allScores('organization', 99) }] }),
      409,
      'STAR_STEP_NOT_ALLOWED',
    );
    const before: StarEntryDetail = await ok(c.tuanjie!.get(entryUrl(tianshanId)));
    expect(before.stars.find((s) => s.definition.code === RETURNED)!.abilities).toEqual(['rescore']);
    const rescored: StarEntryDetail = await ok(
      c.tuanjie!.put(`${entryUrl(tianshanId)}/scores`, { stars: [{ starCode: RETURNED, scores: allScores(RETURNED, 85), note: '补充材料' }] }),
    );
    expect(rescored.stars.find((s) => s.definition.code === RETURNED)).toMatchObject({ reviewState: 'pending', score: 83.5, reviewReason: null });
    expect(rescored.state).toBe('scored');
    const done: StarEntryDetail = await ok(c['dept-all']!.post(star(RETURNED, 'accept')));
    expect(done.state).toBe('reviewed');
    expect(done.steps.map((s) => s.action)).toEqual(expect.arrayContaining(['created', 'submitted', 'scored', 'returned', 'rescored', 'accepted', 'reviewed']));
  });

  it('city approval: awarded are the accepted stars that reach their pass mark', async () => {
    expectCode(await c.city!.post(`${entryUrl(tianshanId)}/approve`), 409, 'STAR_OUT_OF_PHASE');
    await goTo('city-approval');
    expectCode(await c.tuanjie!.post(`${entryUrl(tianshanId)}/approve`), 403, 'FORBIDDEN');
    expectCode(await c.city!.post(`${entryUrl(tiyuchangId)}/approve`), 409, 'STAR_STEP_NOT_ALLOWED');
    const approved: StarEntryDetail = await ok(c.city!.post(`${entryUrl(tianshanId)}/approve`));
    expect(approved.state).toBe('approved');
    const expected = DEFAULT_STAR_CATALOG.stars.map((s) => s.code).filter((code) => code !== BELOW);
    expect(approved.awarded).toEqual(expected);
    expect(approved.awarded).toContain(RETURNED);
    expect(approved.level).toBe('good');
    const dash = await ok(c.city!.get(base()));
    expect(dash.awardedDistribution.find((d: { count: number }) => d.count === 9).entries).toBe(1);
    expect(dash.levelDistribution.find((d: { level: string }) => d.level === 'good').entries).toBe(1);
  });

  it('public notice: the approved entries, objections from residents, answered by the city', async () => {
    await goTo('public-notice');
    const notice = await ok(t.anonymous.get('/api/v1/public/star-notices/current'));
    expect(notice.cycle.year).toBe(YEAR);
    expect(notice.entries).toHaveLength(1);
    expect(notice.entries[0]).toMatchObject({ communityName: '天山路社区', count: 9, level: 'good' });
    const token = (
      await t.runtime.ctx.db
        .selectFrom('star_entries')
        .select('survey_token')
        .where('cycle_id', '=', cycleId)
        .where('community_id', '=', tianshanId)
        .executeTakeFirstOrThrow()
    ).survey_token;
    await ok(
      t.anonymous.post('/api/v1/public/star-objections', {
        surveyToken: token,
        starCode: OBJECTED,
        body: '小区环境脏乱，文明创建不到位',
        contact: '13800000000',
      }),
      201,
    );
    await ok(t.anonymous.post('/api/v1/public/star-objections', { entryId: notice.entries[0].entryId, body: '公示材料不完整，请核实' }), 201);
    const other = await t.runtime.ctx.db
      .selectFrom('star_entries')
      .select('id')
      .where('cycle_id', '=', cycleId)
      .where('community_id', '=', tiyuchangId)
      .executeTakeFirstOrThrow();
    expectCode(await t.anonymous.post('/api/v1/public/star-objections', { entryId: other.id, body: '不在公示名单里' }), 404, 'STAR_ENTRY_NOT_FOUND');
    const stored = await t.runtime.ctx.db.selectFrom('star_objections').select('contact_enc').where('star_code', '=', OBJECTED).executeTakeFirstOrThrow();
    expect(stored.contact_enc).not.toContain('13800000000');
    expectCode(await c.city!.post(`${base()}/display`, {}), 409, 'STAR_OUT_OF_PHASE');
    expectCode(await c.tuanjie!.get(`${base()}/objections`), 403, 'FORBIDDEN');
    const list = await ok(c.city!.get(`${base()}/objections`));
    expect(list.items).toHaveLength(2);
    const onStar = list.items.find((o: { starCode: string | null }) => o.starCode === OBJECTED);
    expect(onStar).toMatchObject({ contact: '13800000000', abilities: ['answer'] });
    expectCode(await c.tuanjie!.post(`/api/v1/star-objections/${onStar.id}/answer`, { outcome: 'upheld', answer: '经核实属实' }), 403, 'FORBIDDEN');
    await ok(c.city!.post(`/api/v1/star-objections/${onStar.id}/answer`, { outcome: 'upheld', answer: '经核实属实，撤销该星' }));
    expectCode(await c.city!.post(`/api/v1/star-objections/${onStar.id}/answer`, { outcome: 'dismissed', answer: '再答' }), 409, 'STAR_STEP_NOT_ALLOWED');
    const entry: StarEntryDetail = await ok(c.city!.get(entryUrl(tianshanId)));
    expect(entry.awarded).not.toContain(OBJECTED);
    expect(entry.awarded).toHaveLength(8);
    expect(entry.objections).toHaveLength(2);
    // Flooding from one address is refused (public.rateLimits: 5 submissions per window).
    let last = 0;
    for (let i = 0; i < 6; i++) last = (await t.anonymous.post('/api/v1/public/star-objections', { entryId: entry.id, body: '重复提交的异议' })).statusCode;
    expect(last).toBe(429);
  });

  it('display: refused while an objection is open, then writes the history once', async () => {
    await goTo('display');
    expectCode(await c.city!.post(`${base()}/display`, {}), 409, 'STAR_OBJECTIONS_OPEN');
    const list = await ok(c.city!.get(`${base()}/objections`));
    for (const o of list.items.filter((x: { outcome: string | null }) => x.outcome === null))
      await ok(c.city!.post(`/api/v1/star-objections/${o.id}/answer`, { outcome: 'dismissed', answer: '经核实不属实' }));
    expectCode(await c.tuanjie!.post(`${base()}/display`, {}), 403, 'FORBIDDEN');
    expect(await ok(c.city!.post(`${base()}/display`, {}))).toEqual({ displayed: 1, waiting: 0 });
    const db = t.runtime.ctx.db;
    const held = await db.selectFrom('community_stars').select('star_code').where('community_id', '=', tianshanId).execute();
    const expected = DEFAULT_STAR_CATALOG.stars.map((s) => s.code).filter((code) => code !== BELOW && code !== OBJECTED);
    expect(held.map((h) => h.star_code).sort()).toEqual([...expected].sort());
    const history = await db
      .selectFrom('star_history')
      .select(['star_code', 'change', 'source_type', 'source_id'])
      .where('community_id', '=', tianshanId)
      .execute();
    expect(history.filter((h) => h.change === 'awarded')).toHaveLength(8);
    expect(history.filter((h) => h.change === 'lost').map((h) => h.star_code)).toEqual([BELOW]);
    expect(history.every((h) => h.source_type === 'cycle' && h.source_id === cycleId)).toBe(true);
    const notes = await db.selectFrom('star_notifications').select('message').where('community_id', '=', tianshanId).execute();
    expect(notes).toHaveLength(1);
    // Once only: the button and the job find nothing left to do.
    expect(await ok(c.city!.post(`${base()}/display`, {}))).toEqual({ displayed: 0, waiting: 0 });
    expect(await displayDueCycles(t.runtime.ctx)).toBe(0);
    expect(await db.selectFrom('star_history').select('id').where('community_id', '=', tianshanId).execute()).toHaveLength(9);
    const entry: StarEntryDetail = await ok(c.tianshan!.get(entryUrl(tianshanId)));
    expect(entry.state).toBe('displayed');
    const audit = await db.selectFrom('audit_log').select('action').where('action', 'like', 'star%').execute();
    const actions = new Set(audit.map((a) => a.action));
    for (const a of [
      'star-cycle.create',
      'star-cycle.move-phase',
      'star-entry.submit',
      'star-entry.return',
      'star-entry.rescore',
      'star-entry.approve',
      'star-objection.answer',
      'star.awarded',
      'star.lost',
      'star-entry.display',
    ])
      expect(actions.has(a), a).toBe(true);
  });
});

describe('the display job', () => {
  it('displays the approved entries of a cycle in its display phase; one with an open objection waits', async () => {
    const ctx = t.runtime.ctx;
    const codes = (
      await ctx.db.selectFrom('org_nodes').select('code').where('kind', '=', 'community').where('code', 'like', '654203002%').orderBy('code').execute()
    )
      .map((r) => r.code)
      .filter((code) => code !== TIANSHAN)
      .slice(0, 2);
    const { cycleId: id, entryIds } = await cycleInPhase(ctx, 'display', [
      { code: codes[0]!, state: 'approved', reviewState: 'accepted', awarded: ['organization', 'safety'] },
      { code: codes[1]!, state: 'approved', reviewState: 'accepted', awarded: ['organization'] },
    ]);
    await ctx.db
      .insertInto('star_objections')
      .values({
        id: newId(),
        entry_id: entryIds[1]!,
        star_code: null,
        body: '有异议',
        contact_enc: null,
        submitted_at: new Date().toISOString(),
        outcome: null,
        answer: null,
        answered_by: null,
        answered_at: null,
      })
      .execute();
    expect(await displayDueCycles(ctx)).toBe(1);
    const states = await ctx.db.selectFrom('star_entries').select(['id', 'state']).where('cycle_id', '=', id).execute();
    expect(Object.fromEntries(states.map((r) => [r.id, r.state]))).toEqual({ [entryIds[0]!]: 'displayed', [entryIds[1]!]: 'approved' });
    const history = await ctx.db.selectFrom('star_history').select(['star_code', 'actor_id']).where('source_id', '=', id).execute();
    expect(history.map((h) => h.star_code).sort()).toEqual(['organization', 'safety']);
    expect(history.every((h) => h.actor_id === null)).toBe(true);
    expect(await displayDueCycles(ctx)).toBe(0);
  });
});
