import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOUSEHOLD_CODE_ALPHABET } from '@lingyan/shared';
import { createTestApp, type Client, type TestApp } from '../../test/harness.ts';
import { RecordingSmsSender } from '../../platform/sms/sms.ts';
import type { fixedClock } from '../../platform/clock.ts';
import { newId } from '../../platform/ids.ts';
import { householdKey } from './star-survey.results.ts';
import { buildHousehold, buildSurveyCycle, phasesAround, TEST_CATALOG } from './star-survey.test-support.ts';

const TIANSHAN = '654203002009'; // 天山路社区 (团结街道)
const GRID1 = '654203002009001';
const GRID2 = '654203002009002';
const TIYUCHANG = '654203001017'; // 体育场路社区 (another township)
const TODAY = '2026-11-26'; // the fixed clock: Thursday 26 November 2026, 10:00 in Shawan
const ALL_SATISFIED = { organization: 'satisfied', service: 'satisfied', safety: 'satisfied' };

let t: TestApp;
let clock: ReturnType<typeof fixedClock>;
const sms = new RecordingSmsSender();
let leader: Client;
let window: Client;
let grid1: Client;
let other: Client;
type Cycle = Awaited<ReturnType<typeof buildSurveyCycle>>;
let open: Cycle;
let before: Cycle;
let ended: Cycle;
let results: Cycle;
/** Households of 天山路社区 (8 in all) and one of 体育场路社区. */
const hh: Record<string, { id: string; headId: string }> = {};
const PHONES = { a: '13900000001', b: '13900000002', c: '13900000003', far: '13900000009' };

let ipSerial = 0;
/** Each test speaks from its own address, so the per-address limits of one do not reach another. */
const newIp = () => `10.9.${Math.floor(++ipSerial / 250)}.${ipSerial % 250}`;
const post = (url: string, body: unknown, ip = newIp()) => t.app.inject({ method: 'POST', url, payload: body as object, remoteAddress: ip });
const pub = (c: Cycle, code = TIANSHAN) => `/api/v1/public/star-surveys/${c.entries.get(code)!.token}`;
const staff = (c: Cycle, code = TIANSHAN) => `/api/v1/star-cycles/${c.cycleId}/entries/${c.entries.get(code)!.communityId}/survey`;
const codeOf = (phone: string) => /(\d{6})/.exec(sms.last(phone)?.message ?? '')?.[1];
const err = (res: { statusCode: number; json(): { error: { code: string } } }) => [res.statusCode, res.json().error.code];

async function smsCode(c: Cycle, phone: string): Promise<string> {
  const res = await post(`${pub(c)}/code`, { phone });
  expect(res.statusCode, res.body).toBe(202);
  const code = codeOf(phone);
  expect(code).toMatch(/^\d{6}$/);
  return code!;
}
const respond = (c: Cycle, verification: unknown, answers: unknown = ALL_SATISFIED, ip?: string) => post(`${pub(c)}/responses`, { verification, answers }, ip);
const responsesOf = (c: Cycle, code = TIANSHAN) =>
  t.runtime.ctx.db.selectFrom('star_survey_responses').selectAll().where('entry_id', '=', c.entries.get(code)!.entryId).execute();

beforeAll(async () => {
  t = await createTestApp({ clock: 'fixed', sms });
  clock = t.clock as ReturnType<typeof fixedClock>;
  const ctx = t.runtime.ctx;
  [leader, window, grid1, other] = await Promise.all([t.login('tianshan'), t.login('tianshan-window'), t.login('tianshan-grid1'), t.login('tiyuchang')]);
  const both = [TIANSHAN, TIYUCHANG];
  open = await buildSurveyCycle(ctx, { communityCodes: both, phases: phasesAround(TODAY, 3) });
  before = await buildSurveyCycle(ctx, { communityCodes: both, phases: phasesAround(TODAY, -5) });
  ended = await buildSurveyCycle(ctx, { communityCodes: both, phases: phasesAround(TODAY, 20) });
  results = await buildSurveyCycle(ctx, { communityCodes: both, phases: phasesAround(TODAY, 1) });
  hh.a = await buildHousehold(ctx, GRID1, { phone: PHONES.a, headName: '阿依古丽' });
  hh.b = await buildHousehold(ctx, GRID1, { phone: PHONES.b, headName: '王建国' });
  hh.c = await buildHousehold(ctx, GRID2, { phone: PHONES.c, headName: '李秀英' });
  for (const k of ['d', 'e', 'f', 'g', 'h']) hh[k] = await buildHousehold(ctx, k < 'f' ? GRID1 : GRID2, { headName: `张${k}` });
  hh.far = await buildHousehold(ctx, '654203001017001', { phone: PHONES.far, headName: '马木提' });
});
afterAll(() => t.close());

describe('the questionnaire', () => {
  it('asks one question per star of the cycle’s catalog, with the three answers and the survey’s dates', async () => {
    const res = await t.anonymous.get(pub(open));
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ communityName: '天山路社区', townshipName: '团结街道', year: open.year, open: true });
    expect(body.questions).toEqual(TEST_CATALOG.stars.map((s) => ({ code: s.code, starName: s.name, question: s.surveyQuestion })));
    expect(body.answers).toEqual(['satisfied', 'basically-satisfied', 'dissatisfied']);
    expect(body.opensOn).toBe('2026-11-23');
    expect(body.closesOn).toBe('2026-12-02');
  });

  it('answers 404 STAR_SURVEY_NOT_FOUND for an unknown token, on every public route', async () => {
    expect(err(await t.anonymous.get('/api/v1/public/star-surveys/nope'))).toEqual([404, 'STAR_SURVEY_NOT_FOUND']);
    expect(err(await post('/api/v1/public/star-surveys/nope/code', { phone: PHONES.a }))).toEqual([404, 'STAR_SURVEY_NOT_FOUND']);
    expect(
      err(await post('/api/v1/public/star-surveys/nope/responses', { verification: { kind: 'household-code', code: 'ABCDEFGH' }, answers: ALL_SATISFIED })),
    ).toEqual([404, 'STAR_SURVEY_NOT_FOUND']);
  });
});

describe('one response per household', () => {
  it('by an SMS code to a phone of the registry: counted once, a second attempt refused', async () => {
    const code = await smsCode(open, PHONES.a);
    const res = await respond(
      open,
      { kind: 'sms', phone: PHONES.a, code },
      { organization: 'satisfied', service: 'basically-satisfied', safety: 'dissatisfied' },
    );
    expect(res.statusCode, res.body).toBe(201);
    const rows = await responsesOf(open);
    const mine = rows.filter((r) => r.household_key === householdKey(t.runtime.ctx.crypto, open.entries.get(TIANSHAN)!.entryId, hh.a!.id));
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ channel: 'sms', entered_by: null });
    const answers = await t.runtime.ctx.db
      .selectFrom('star_survey_answers')
      .select(['star_code', 'answer'])
      .where('response_id', '=', mine[0]!.id)
      .orderBy('star_code')
      .execute();
    expect(answers).toEqual([
      { star_code: 'organization', answer: 'satisfied' },
      { star_code: 'safety', answer: 'dissatisfied' },
      { star_code: 'service', answer: 'basically-satisfied' },
    ]);

    clock.advance(61_000); // past the resend cooldown
    const again = await smsCode(open, PHONES.a);
    expect(err(await respond(open, { kind: 'sms', phone: PHONES.a, code: again }))).toEqual([409, 'STAR_SURVEY_ALREADY_ANSWERED']);
    // The used code does not work again either.
    expect(err(await respond(open, { kind: 'sms', phone: PHONES.a, code }))).toEqual([422, 'STAR_SURVEY_CODE_INVALID']);
    expect(await responsesOf(open)).toHaveLength(rows.length);
  });

  it('by a household code handed out by staff: shown once, replaced by a new one, refused once used', async () => {
    const first = await leader.post(`${staff(open)}/household-codes`, { householdId: hh.c!.id });
    expect(first.statusCode, first.body).toBe(201);
    const code1 = first.json().code as string;
    expect(code1).toHaveLength(8);
    expect([...code1].every((ch) => HOUSEHOLD_CODE_ALPHABET.includes(ch))).toBe(true);
    const second = await leader.post(`${staff(open)}/household-codes`, { householdId: hh.c!.id });
    const code2 = second.json().code as string;
    expect(code2).not.toBe(code1);

    // Only a digest is stored, one row per household; the audit names the household, never the code.
    const codes = await t.runtime.ctx.db.selectFrom('star_survey_codes').selectAll().where('entry_id', '=', open.entries.get(TIANSHAN)!.entryId).execute();
    expect(codes).toHaveLength(1);
    expect(JSON.stringify(codes)).not.toContain(code2);
    const audit = await t.runtime.ctx.db.selectFrom('audit_log').selectAll().where('action', '=', 'star-survey.household-code').execute();
    expect(audit.length).toBeGreaterThanOrEqual(2);
    expect(JSON.stringify(audit)).not.toContain(code1);
    expect(JSON.stringify(audit)).not.toContain(code2);

    expect(err(await respond(open, { kind: 'household-code', code: code1 }))).toEqual([422, 'STAR_SURVEY_CODE_INVALID']);
    const typed = `${code2.slice(0, 4).toLowerCase()} ${code2.slice(4)}`; // as a resident types it from the slip
    expect((await respond(open, { kind: 'household-code', code: typed })).statusCode).toBe(201);
    expect(err(await respond(open, { kind: 'household-code', code: code2 }))).toEqual([422, 'STAR_SURVEY_CODE_INVALID']);
    expect(err(await leader.post(`${staff(open)}/household-codes`, { householdId: hh.c!.id }))).toEqual([409, 'STAR_SURVEY_ALREADY_ANSWERED']);
    // The phone of that household cannot answer again either.
    const code = await smsCode(open, PHONES.c);
    expect(err(await respond(open, { kind: 'sms', phone: PHONES.c, code }))).toEqual([409, 'STAR_SURVEY_ALREADY_ANSWERED']);
  });

  it('on paper, entered by staff and marked so; a second paper or code for that household is refused', async () => {
    const res = await window.post(`${staff(open)}/paper`, { householdId: hh.d!.id, answers: ALL_SATISFIED });
    expect(res.statusCode, res.body).toBe(201);
    const key = householdKey(t.runtime.ctx.crypto, open.entries.get(TIANSHAN)!.entryId, hh.d!.id);
    const row = (await responsesOf(open)).find((r) => r.household_key === key);
    expect(row).toMatchObject({ channel: 'paper', entered_by: await t.userId('tianshan-window') });
    expect(err(await window.post(`${staff(open)}/paper`, { householdId: hh.d!.id, answers: ALL_SATISFIED }))).toEqual([409, 'STAR_SURVEY_ALREADY_ANSWERED']);
    expect(err(await leader.post(`${staff(open)}/household-codes`, { householdId: hh.d!.id }))).toEqual([409, 'STAR_SURVEY_ALREADY_ANSWERED']);
    // A household that answered by SMS cannot be entered on paper.
    expect(err(await leader.post(`${staff(open)}/paper`, { householdId: hh.a!.id, answers: ALL_SATISFIED }))).toEqual([409, 'STAR_SURVEY_ALREADY_ANSWERED']);
    const audit = await t.runtime.ctx.db.selectFrom('audit_log').selectAll().where('action', '=', 'star-survey.paper').execute();
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toContain(hh.d!.id);
  });
});

describe('refusals', () => {
  it('a wrong or expired code is 422 STAR_SURVEY_CODE_INVALID, and nothing is written', async () => {
    const count = (await responsesOf(open)).length;
    const code = await smsCode(open, PHONES.b);
    const wrong = code === '000000' ? '000001' : '000000';
    expect(err(await respond(open, { kind: 'sms', phone: PHONES.b, code: wrong }))).toEqual([422, 'STAR_SURVEY_CODE_INVALID']);
    expect(err(await respond(open, { kind: 'household-code', code: 'ZZZZZZZZ' }))).toEqual([422, 'STAR_SURVEY_CODE_INVALID']);
    clock.advance(6 * 60_000); // past the five-minute life of the code
    expect(err(await respond(open, { kind: 'sms', phone: PHONES.b, code }))).toEqual([422, 'STAR_SURVEY_CODE_INVALID']);
    expect(await responsesOf(open)).toHaveLength(count);
  });

  it('answers must cover every star of the cycle and nothing else (400), before any code is used', async () => {
    const code = await smsCode(open, PHONES.b);
    const missing = await respond(open, { kind: 'sms', phone: PHONES.b, code }, { organization: 'satisfied', service: 'satisfied' });
    expect(err(missing)).toEqual([400, 'VALIDATION_FAILED']);
    const unknown = await respond(open, { kind: 'sms', phone: PHONES.b, code }, { ...ALL_SATISFIED, 'ethnic-unity': 'satisfied' });
    expect(err(unknown)).toEqual([400, 'VALIDATION_FAILED']);
    const badAnswer = await respond(open, { kind: 'sms', phone: PHONES.b, code }, { ...ALL_SATISFIED, safety: 'very' });
    expect(badAnswer.statusCode).toBe(400);
    expect((await respond(open, { kind: 'sms', phone: PHONES.b, code })).statusCode).toBe(201);
  });

  it('the code request answers the same whether or not the phone is in the community’s registry, and texts only a registered one', async () => {
    sms.clear();
    clock.advance(61_000); // past the resend cooldown of the code sent to PHONES.c before
    const registered = await post(`${pub(open)}/code`, { phone: PHONES.c });
    const nowhere = await post(`${pub(open)}/code`, { phone: '13800009999' });
    const elsewhere = await post(`${pub(open)}/code`, { phone: PHONES.far }); // registered, but in 体育场路社区
    for (const res of [registered, nowhere, elsewhere]) expect([res.statusCode, res.body]).toEqual([202, '{"sent":true}']);
    expect(sms.messages.map((m) => m.phone)).toEqual([PHONES.c]);
    expect(sms.last()!.message).toContain('天山路社区');
  });

  it('limits code requests per address (429 with Retry-After)', async () => {
    const ip = newIp();
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await post(`${pub(open)}/code`, { phone: '13800009998' }, ip)).statusCode);
    expect(statuses).toEqual([202, 202, 202, 429]);
  });

  it('is closed outside the resident-survey phase (before and after): 409 STAR_SURVEY_CLOSED', async () => {
    for (const c of [before, ended]) {
      expect((await t.anonymous.get(pub(c))).json()).toMatchObject({ open: false });
      expect(err(await post(`${pub(c)}/code`, { phone: PHONES.a }))).toEqual([409, 'STAR_SURVEY_CLOSED']);
      expect(err(await respond(c, { kind: 'household-code', code: 'ABCDEFGH' }))).toEqual([409, 'STAR_SURVEY_CLOSED']);
      expect(err(await window.post(`${staff(c)}/paper`, { householdId: hh.e!.id, answers: ALL_SATISFIED }))).toEqual([409, 'STAR_SURVEY_CLOSED']);
    }
    // Codes may be handed out ahead of the survey, not after it.
    expect((await leader.post(`${staff(before)}/household-codes`, { householdId: hh.e!.id })).statusCode).toBe(201);
    expect(err(await leader.post(`${staff(ended)}/household-codes`, { householdId: hh.e!.id }))).toEqual([409, 'STAR_SURVEY_CLOSED']);
    // Moving the clock into the phase opens it.
    const saved = clock.now();
    clock.set('2026-12-02T02:00:00Z');
    expect((await t.anonymous.get(pub(before))).json()).toMatchObject({ open: true });
    clock.set(saved);
  });
});

describe('scope of the staff routes', () => {
  it('another community’s leader gets 404 for everything of 天山路社区, and the other way round', async () => {
    expect(err(await other.get(staff(open)))).toEqual([404, 'STAR_ENTRY_NOT_FOUND']);
    expect(err(await other.post(`${staff(open)}/household-codes`, { householdId: hh.f!.id }))).toEqual([404, 'STAR_ENTRY_NOT_FOUND']);
    expect(err(await other.post(`${staff(open)}/paper`, { householdId: hh.f!.id, answers: ALL_SATISFIED }))).toEqual([404, 'STAR_ENTRY_NOT_FOUND']);
    expect(err(await other.get(`${staff(open)}/qr.svg`))).toEqual([404, 'STAR_ENTRY_NOT_FOUND']);
    expect(err(await leader.get(staff(open, TIYUCHANG)))).toEqual([404, 'STAR_ENTRY_NOT_FOUND']);
    expect(err(await leader.post(`${staff(open, TIYUCHANG)}/household-codes`, { householdId: hh.far!.id }))).toEqual([404, 'STAR_ENTRY_NOT_FOUND']);
    // A household of another community through this community's survey: not found.
    expect(err(await leader.post(`${staff(open)}/household-codes`, { householdId: hh.far!.id }))).toEqual([404, 'HOUSEHOLD_NOT_FOUND']);
    expect(err(await leader.post(`${staff(open)}/household-codes`, { householdId: newId() }))).toEqual([404, 'HOUSEHOLD_NOT_FOUND']);
    const list = await leader.get('/api/v1/star-surveys?year=' + open.year);
    expect(list.json().items.map((i: { communityName: string }) => i.communityName)).toEqual(['天山路社区']);
  });

  it('a grid worker hands out codes in its own grid only and does not see the results', async () => {
    expect((await grid1.post(`${staff(open)}/household-codes`, { householdId: hh.e!.id })).statusCode).toBe(201);
    expect(err(await grid1.post(`${staff(open)}/household-codes`, { householdId: hh.g!.id }))).toEqual([404, 'HOUSEHOLD_NOT_FOUND']);
    expect(err(await grid1.get(staff(open)))).toEqual([403, 'FORBIDDEN']);
    const households = await grid1.get(`${staff(open)}/households`);
    expect(
      households
        .json()
        .items.map((h: { id: string }) => h.id)
        .sort(),
    ).toEqual([hh.a, hh.b, hh.d, hh.e].map((h) => h!.id).sort());
    const list = await grid1.get(`/api/v1/star-surveys?year=${open.year}`);
    expect(list.json().items).toEqual([expect.objectContaining({ communityName: '天山路社区', abilities: ['hand-out-code', 'enter-paper'] })]);
  });
});

describe('results', () => {
  it('participation and per-star scores from the responses, and never who answered', async () => {
    const ctx = t.runtime.ctx;
    const entryId = results.entries.get(TIANSHAN)!.entryId;
    const put = async (household: string, channel: string, answers: [string, string, string]) => {
      const id = newId();
      await ctx.db
        .insertInto('star_survey_responses')
        .values({
          id,
          entry_id: entryId,
          household_key: householdKey(ctx.crypto, entryId, hh[household]!.id),
          channel,
          entered_by: null,
          submitted_at: '2026-11-25T03:00:00Z',
        })
        .execute();
      const codes = ['organization', 'service', 'safety'];
      await ctx.db
        .insertInto('star_survey_answers')
        .values(answers.map((answer, i) => ({ id: newId(), response_id: id, entry_id: entryId, star_code: codes[i]!, answer })))
        .execute();
    };
    await put('a', 'sms', ['satisfied', 'satisfied', 'basically-satisfied']);
    await put('b', 'sms', ['satisfied', 'satisfied', 'basically-satisfied']);
    await put('c', 'household-code', ['basically-satisfied', 'satisfied', 'dissatisfied']);
    await put('g', 'paper', ['dissatisfied', 'satisfied', 'satisfied']);

    const res = await leader.get(staff(results));
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    // 4 responses of 8 households; organization (100+100+60+0)/4 = 65, service 100, safety (60+60+0+100)/4 = 55.
    expect(body).toMatchObject({ households: 8, responses: 4, participationRate: 50, byChannel: { sms: 2, 'household-code': 1, paper: 1 }, open: true });
    expect(body.link).toBe(`/public/survey/${results.entries.get(TIANSHAN)!.token}`);
    expect(body.stars.map((s: { code: string; score: number | null }) => [s.code, s.score])).toEqual([
      ['organization', 65],
      ['service', 100],
      ['safety', 55],
    ]);
    expect(body.stars[0]).toMatchObject({ name: '组织建设星', satisfied: 2, basicallySatisfied: 1, dissatisfied: 1, responses: 4 });
    expect(body.abilities).toEqual(['read-results', 'hand-out-code', 'enter-paper']);

    const text = res.body;
    for (const h of Object.values(hh)) {
      expect(text).not.toContain(h.id);
      expect(text).not.toContain(h.headId);
    }
    for (const name of ['阿依古丽', '王建国', '李秀英']) expect(text).not.toContain(name);
    const keys = await ctx.db.selectFrom('star_survey_responses').select('household_key').where('entry_id', '=', entryId).execute();
    for (const k of keys) expect(text).not.toContain(k.household_key);

    // 体育场路社区's survey of the same cycle has no responses: null scores, 0 %.
    const far = await other.get(staff(results, TIYUCHANG));
    expect(far.json()).toMatchObject({ households: 1, responses: 0, participationRate: 0 });
    expect(far.json().stars.every((s: { score: number | null }) => s.score === null)).toBe(true);
  });

  it('draws the public link as an SVG QR code', async () => {
    const res = await leader.get(`${staff(results)}/qr.svg`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('image/svg+xml');
    expect(res.body).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
  });
});
