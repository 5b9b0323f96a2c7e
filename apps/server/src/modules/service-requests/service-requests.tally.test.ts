import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countFacts, figuresFromCounts, type Rating } from '@lingyan/shared';
import { createTestApp, type Client, type TestApp } from '../../test/harness.ts';
import { buildResident, buildServiceRequest } from '../../test/factories.ts';
import { seedServiceCatalog } from '../../seed/service-catalog.ts';
import type { fixedClock } from '../../platform/clock.ts';
import { recordRating } from '../public-requests/rating.ts';
import { COUNTERS, rebuildDaily, tallyRows, TALLY_COLUMNS } from './service-requests.tally.ts';

// The summary never drifts: after every kind of step, the running tally equals the tally of the
// requests as stored, and the figures the stats route reads from it equal the figures recomputed
// from the requests with figures.ts.

let t: TestApp;
let clock: ReturnType<typeof fixedClock>;
let window: Client;
let leader: Client;
const TIANSHAN = '654203002009';
const GUANGCHANG = '654203002015';
const FROM = '2026-11-01';
const TO = '2026-12-31';

beforeAll(async () => {
  t = await createTestApp({ clock: 'fixed' }); // Thursday 26 November 2026, 10:00 in Shawan
  clock = t.clock as ReturnType<typeof fixedClock>;
  await seedServiceCatalog(t.runtime.ctx.db, clock.now().toISOString());
  await signIn();
});
afterAll(() => t.close());

async function signIn() {
  window = await t.login('tianshan-window');
  leader = await t.login('tianshan');
}

const db = () => t.runtime.ctx.db;

async function itemId(code: string) {
  return (await db().selectFrom('service_items').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id;
}

async function receive(extra: Record<string, unknown> = {}) {
  const resident = await buildResident(t.runtime.ctx, { gridCode: `${TIANSHAN}001` });
  const res = await window.post('/api/v1/service-requests', {
    orgId: await t.orgId(TIANSHAN),
    itemId: await itemId('JY-02'),
    residentId: resident.id,
    description: '申领就业创业证',
    walkIn: true,
    ...extra,
  });
  expect(res.statusCode, res.body).toBe(201);
  await expectNoDrift();
  return res.json().id as string;
}

/** One step through the API; it must succeed, and the tally must still match the requests. */
async function step(c: Client, id: string, action: string, body: unknown = {}) {
  const res = await c.post(`/api/v1/service-requests/${id}/${action}`, body);
  expect(res.statusCode, `${action}: ${res.body}`).toBe(200);
  await expectNoDrift();
  return res.json();
}

const sortRows = <T extends { org_id: string; item_id: string; channel: string; day: string }>(rows: T[]) =>
  rows
    .map((r) => ({ ...r, ...Object.fromEntries(COUNTERS.map((c) => [c, Number(r[c as keyof T])])) }))
    .sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));

async function storedDaily() {
  const rows = await db().selectFrom('service_request_daily').selectAll().execute();
  return sortRows(rows.filter((r) => COUNTERS.some((c) => Number(r[c]) !== 0)));
}

/** The running tally equals the tally of the requests as they are now. */
async function expectNoDrift() {
  const requests = await db().selectFrom('service_requests').select(TALLY_COLUMNS).execute();
  expect(await storedDaily()).toEqual(sortRows(tallyRows(requests).changed()));
}

/** The figures straight from the requests under a node, by figures.ts (no tally involved). */
async function fromRequests(path: string) {
  const rows = await db()
    .selectFrom('service_requests as r')
    .innerJoin('service_items as i', 'i.id', 'r.item_id')
    .select(['r.state', 'r.excluded', 'r.response_clock', 'r.completed_at', 'r.completion_clock', 'r.rating', 'r.trips', 'r.channel', 'i.name'])
    .where('r.org_path', 'like', `${path}%`)
    .where('r.received_date', '>=', FROM)
    .where('r.received_date', '<=', TO)
    .execute();
  const kept = rows.filter((r) => r.excluded === 0);
  const counted = kept.filter((r) => r.state !== 'refused');
  const tally = (key: (r: (typeof rows)[number]) => string) => {
    const m = new Map<string, number>();
    for (const r of kept) m.set(key(r), (m.get(key(r)) ?? 0) + 1);
    return m;
  };
  return {
    figures: figuresFromCounts(
      countFacts(
        counted.map((r) => ({
          respondedOnTime: r.response_clock === null ? null : r.response_clock === 'on-time',
          completed: r.completed_at !== null,
          completedOnTime: r.completion_clock === null ? null : r.completion_clock === 'on-time',
          rating: r.rating as Rating | null,
          trips: r.trips,
        })),
      ),
    ),
    excluded: rows.length - kept.length,
    byItem: tally((r) => r.name),
    byChannel: tally((r) => r.channel),
  };
}

async function expectStatsMatchRequests(code: string) {
  const org = await db().selectFrom('org_nodes').select(['id', 'path']).where('code', '=', code).executeTakeFirstOrThrow();
  const city = await t.login('city');
  const res = await city.get(`/api/v1/service-requests/stats?orgId=${org.id}&from=${FROM}&to=${TO}`);
  expect(res.statusCode, res.body).toBe(200);
  const s = res.json();
  const want = await fromRequests(org.path);
  expect(s.figures).toEqual(want.figures);
  expect(s.excluded).toBe(want.excluded);
  expect(new Map(s.byItem.map((b: { itemName: string; count: number }) => [b.itemName, b.count]))).toEqual(want.byItem);
  expect(new Map(s.byChannel.map((b: { channel: string; count: number }) => [b.channel, b.count]))).toEqual(want.byChannel);
  for (const child of s.byOrg as { orgId: string; figures: unknown }[]) {
    const node = await db().selectFrom('org_nodes').select('path').where('id', '=', child.orgId).executeTakeFirstOrThrow();
    expect(child.figures).toEqual((await fromRequests(node.path)).figures);
  }
  return s;
}

describe('the figures’ running tally', () => {
  it('follows every kind of step exactly, and the figures read from it equal those recomputed from the requests', async () => {
    const grid1 = await t.userId('tianshan-grid1');

    // A: the whole life, with a pause (补正), a transfer, agency, a visit, trips, a satisfied rating, close.
    const a = await receive();
    await step(window, a, 'transfer', { toUserId: grid1, note: '请上门核实' });
    await step(window, a, 'accept');
    await step(window, a, 'authorize-agency', { scope: '代办就业登记', validUntil: '2026-12-31', signedHow: 'written' });
    await step(window, a, 'agency-step', { step: '代为提交材料' });
    await step(window, a, 'schedule-visit', { scheduledFor: '2026-11-27', assigneeId: await t.userId('tianshan-window') });
    const visit = (await db().selectFrom('home_visits').select('id').where('request_id', '=', a).executeTakeFirstOrThrow()).id;
    await step(window, a, 'record-visit', { visitId: visit, outcome: '已核实' });
    await step(window, a, 'pause', { reason: '缺少近期免冠照片' });
    clock.advance(4 * 86_400_000); // Monday 30 November
    await signIn();
    await step(window, a, 'resume');
    await step(window, a, 'trip');
    await step(window, a, 'complete', { result: '已办结' });
    await step(window, a, 'inform', { method: 'phone' });
    await step(window, a, 'rate', { rating: 'satisfied', comment: '很方便' });
    await step(window, a, 'close');

    // B: answered late (the response limit passed), a second trip, rated dissatisfied, the follow-up
    // upholds it (reopened), completed again, then reopened once more by the leader after closing.
    clock.set('2026-11-26T02:00:00Z');
    await signIn();
    const b = await receive();
    clock.set('2026-12-02T02:00:00Z');
    await signIn();
    await step(window, b, 'accept');
    await step(window, b, 'trip');
    await step(window, b, 'complete', { result: '已办结' });
    await step(window, b, 'inform', { method: 'sms' });
    await step(window, b, 'rate', { rating: 'very-dissatisfied', source: 'window' });
    await step(leader, b, 'follow-up', { result: 'upheld', note: '确未办妥' });
    await step(window, b, 'complete', { result: '重新办结' });
    await step(window, b, 'inform', { method: 'in-person' });
    await step(window, b, 'rate', { rating: 'basically-satisfied' });
    await step(window, b, 'close');
    await step(leader, b, 'reopen', { reason: '群众再次反映' });
    await step(window, b, 'complete', { result: '第三次办结' });

    // C: refused, then excluded; D: excluded and un-excluded after rating; E: online, accepted late, unrated.
    const c = await receive({ walkIn: false, channel: 'phone' });
    await step(window, c, 'refuse', { reason: '不属于社区受理范围' });
    await step(leader, c, 'exclude', { excluded: true, reason: '重复提交' });
    const d = await receive();
    await step(window, d, 'accept');
    await step(window, d, 'complete', { result: '已办结' });
    await step(window, d, 'inform', { method: 'phone' });
    await step(window, d, 'rate', { rating: 'dissatisfied' });
    await step(leader, d, 'exclude', { excluded: true, reason: '无效投诉' });
    await step(leader, d, 'exclude', { excluded: false, reason: '复核后恢复' });
    await step(leader, d, 'follow-up', { result: 'unfounded', note: '诉求不合理' });
    const e = await receive({ walkIn: false, channel: 'online', itemId: await itemId('YB-01') });
    clock.set('2026-12-10T02:00:00Z');
    await signIn();
    await step(window, e, 'accept');

    // The resident's own rating online (no worker) moves the tally too.
    await step(window, e, 'complete', { result: '已办结' });
    await step(window, e, 'inform', { method: 'online' });
    const row = await db().selectFrom('service_requests').select(['id', 'number', 'state', 'org_id']).where('id', '=', e).executeTakeFirstOrThrow();
    await db()
      .transaction()
      .execute((trx) =>
        recordRating(trx, t.runtime.ctx, { actorId: null, actorName: '群众', requestId: null, ip: null }, row, { rating: 'very-satisfied', source: 'online' }),
      );
    await expectNoDrift();

    // Another community, written as the test factory writes (through the same rule).
    await buildServiceRequest(t.runtime.ctx, GUANGCHANG, {
      state: 'informed',
      responded_at: 'x',
      response_clock: 'on-time',
      completed_at: 'x',
      completion_clock: 'overdue',
      trips: 3,
    });
    await expectNoDrift();

    // The figures from the tally equal the figures from the requests, at the community, the
    // township (with its communities) and the city.
    const community = await expectStatsMatchRequests(TIANSHAN);
    expect(community.figures.total).toBe(4); // a, b, d, e (c is refused and excluded)
    expect(community.excluded).toBe(1);
    const township = await expectStatsMatchRequests('654203002');
    expect(township.figures.total).toBe(5);
    await expectStatsMatchRequests('654203');

    // A rebuild from the requests gives the same table.
    const running = await storedDaily();
    await rebuildDaily(db());
    expect(await storedDaily()).toEqual(running);
  });
});
