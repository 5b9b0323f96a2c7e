import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildWorkCalendar,
  canTransition,
  CHANNELS,
  finalClockState,
  isWorkingDay,
  nextState,
  pausedDays,
  RATINGS,
  REQUEST_STATES,
  type RequestAction,
  type RequestState,
} from '@lingyan/shared';
import { createTestApp, type TestApp } from '../test/harness.ts';
import { fixedClock } from '../platform/clock.ts';
import { chinaDate } from '../platform/auth/actor.ts';
import { computeDueDates } from '../modules/service-requests/service-requests.clocks.ts';
import { raiseClockNotifications } from '../modules/service-requests/service-requests.jobs.ts';
import { loadCommunities } from './demo-service-hall.ts';
import { planServiceHall } from './demo-service-hall.planner.ts';
import { TIANSHAN } from './demo-service-hall.data.ts';
import type { DemoItem } from './demo-service-hall.inputs.ts';
import type { SeededTree } from './org-tree.ts';

// The service hall's demo history as `npm start` seeds it, for the communities of the 'small'
// registry (天山路社区, 广场路社区), at a fixed moment: Thursday 26 November 2026, 16:30 in Shawan.
const NOW = '2026-11-26T08:30:00.000Z';
const TODAY = '2026-11-26';
const DEMO_CHANNELS = CHANNELS.filter((c) => c !== 'open311');
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ registry: 'small', clock: fixedClock(NOW) });
});
afterAll(() => t.close());

const db = () => t.runtime.ctx.db;
const requests = () =>
  db().selectFrom('service_requests as r').innerJoin('org_nodes as o', 'o.id', 'r.org_id').selectAll('r').select('o.code as org_code').execute();

describe('the demo service hall', () => {
  it('has 150–300 requests in each community with a registry, in every state and channel, 天山路社区 in every state', async () => {
    const rows = await requests();
    const byCommunity = new Map<string, number>();
    for (const r of rows) byCommunity.set(r.org_code, (byCommunity.get(r.org_code) ?? 0) + 1);
    expect([...byCommunity.keys()].sort()).toEqual(['654203002009', '654203002015']);
    for (const n of byCommunity.values()) {
      expect(n).toBeGreaterThanOrEqual(150);
      expect(n).toBeLessThanOrEqual(300);
    }
    expect([...new Set(rows.map((r) => r.state))].sort()).toEqual([...REQUEST_STATES].sort());
    expect([...new Set(rows.map((r) => r.channel))].sort()).toEqual([...DEMO_CHANNELS].sort());
    expect([...new Set(rows.filter((r) => r.org_code === TIANSHAN).map((r) => r.state))].sort()).toEqual([...REQUEST_STATES].sort());
    // Roughly the channel mix asked for: window about half, each other channel present in strength.
    const share = (c: string) => rows.filter((r) => r.channel === c).length / rows.length;
    expect(share('window')).toBeGreaterThan(0.45);
    expect(share('window')).toBeLessThan(0.65);
    for (const c of DEMO_CHANNELS) expect(share(c), c).toBeGreaterThan(0.04);
    // Six months, nothing after now, received today too; residents mostly, some visitors.
    expect(rows.every((r) => r.received_date >= '2026-05-26' && r.received_at <= NOW)).toBe(true);
    expect(rows.filter((r) => r.received_date === TODAY).length).toBeGreaterThan(0);
    expect(rows.filter((r) => r.resident_id).length / rows.length).toBeGreaterThan(0.6);
    expect(rows.some((r) => r.visitor_name && !r.resident_id)).toBe(true);
  });

  it('has ratings of every level (mostly very satisfied), refusals and exclusions with reasons, follow-ups, pauses, agency and visits', async () => {
    const rows = await requests();
    const rated = rows.filter((r) => r.rating);
    expect([...new Set(rated.map((r) => r.rating))].sort()).toEqual([...RATINGS].sort());
    expect(rated.filter((r) => r.rating === 'very-satisfied').length / rated.length).toBeGreaterThan(0.5);
    const refused = rows.filter((r) => r.state === 'refused');
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.every((r) => r.refused_reason)).toBe(true);
    const excluded = rows.filter((r) => r.excluded === 1);
    expect(excluded.length).toBeGreaterThan(0);
    expect(excluded.every((r) => /^重复诉求：与FW\d{8}-\d{4}为同一事项/.test(r.excluded_reason ?? ''))).toBe(true);
    expect(rows.some((r) => r.reopened_count > 0)).toBe(true);
    expect(rows.some((r) => r.paused_days > 0)).toBe(true);
    expect(rows.some((r) => r.completion_clock === 'overdue')).toBe(true);
    expect(rows.some((r) => r.trips >= 2)).toBe(true);
    const auths = await db().selectFrom('agency_authorizations').selectAll().execute();
    const visits = await db().selectFrom('home_visits').selectAll().execute();
    expect(auths.length).toBeGreaterThan(0);
    expect(visits.length).toBeGreaterThan(0);
    expect(visits.some((v) => v.done_at) && visits.every((v) => v.scheduled_for >= '2026-05-26')).toBe(true);
    const follow = await db().selectFrom('service_request_events').select(['data']).where('action', '=', 'follow-up').execute();
    expect(new Set(follow.map((f) => JSON.parse(f.data!).result))).toEqual(new Set(['upheld', 'unfounded']));
    // Seed data, not steps anyone took here: no audit rows for it.
    const audited = await db().selectFrom('audit_log').select('action').where('action', 'like', 'service-request.%').execute();
    expect(audited).toEqual([]);
  });

  it('stores exactly the dates and clocks the shared rules compute, and a timeline the state machine allows', async () => {
    const cal = buildWorkCalendar();
    const items = new Map((await db().selectFrom('service_items').selectAll().execute()).map((i) => [i.id, i]));
    const events = await db().selectFrom('service_request_events').selectAll().orderBy('request_id').orderBy('at').orderBy('id').execute();
    const timeline = new Map<string, typeof events>();
    for (const e of events) timeline.set(e.request_id, [...(timeline.get(e.request_id) ?? []), e]);
    const rows = await requests();
    let checked = 0;
    for (const r of rows) {
      const item = items.get(r.item_id)!;
      const steps = timeline.get(r.id)!;
      // Replay the timeline: every step allowed in the state it was taken in, ending in the stored state.
      expect(steps[0]!.action, r.number).toBe('receive');
      let state: RequestState = 'received';
      let paused = 0;
      let pausedOn: string | null = null;
      let trips = JSON.parse(steps[0]!.data!).walkIn ? 1 : 0;
      for (const e of steps.slice(1)) {
        const action = e.action as RequestAction;
        expect(canTransition(state, action), `${r.number} ${action} in ${state}`).toBe(true);
        expect(e.from_state).toBe(state);
        const to: RequestState = action === 'follow-up' && JSON.parse(e.data!).result === 'upheld' ? 'accepted' : nextState(state, action);
        expect(e.to_state, `${r.number} ${action}`).toBe(to);
        state = to;
        const day = chinaDate(new Date(e.at));
        if (action === 'pause') pausedOn = day;
        if (action === 'resume') {
          expect(JSON.parse(e.data!).pausedWorkingDays).toBe(pausedDays(cal, pausedOn!, day));
          paused += pausedDays(cal, pausedOn!, day);
          pausedOn = null;
        }
        if (action === 'trip') trips += 1;
        expect(e.at >= r.received_at && e.at <= NOW).toBe(true);
      }
      expect(r.state, r.number).toBe(state);
      expect(r.paused_on).toBe(pausedOn);
      expect(r.paused_days).toBe(paused);
      expect(r.trips).toBe(trips);
      expect(r.updated_at).toBe(steps.at(-1)!.at);
      // The honesty check: every stored date and clock is the shared rules' answer from its dates.
      expect(r.received_date).toBe(chinaDate(new Date(r.received_at)));
      const due = computeDueDates(cal, r.received_date, item, r.paused_days);
      expect([r.response_due, r.completion_due, r.due_provisional], r.number).toEqual([due.responseDue, due.completionDue, due.provisional ? 1 : 0]);
      expect(r.response_clock, r.number).toBe(r.responded_at ? finalClockState(r.response_due, chinaDate(new Date(r.responded_at))) : null);
      expect(r.completion_clock, r.number).toBe(r.completed_at ? finalClockState(r.completion_due, chinaDate(new Date(r.completed_at))) : null);
      // What each state implies.
      if (state === 'received') expect(r.responded_at).toBeNull();
      if (['completed', 'informed', 'rated', 'closed'].includes(state)) expect(r.completed_at).not.toBeNull();
      if (['informed', 'rated', 'closed'].includes(state)) expect(r.informed_at).not.toBeNull();
      if (state === 'rated') expect(r.rating).not.toBeNull();
      if (state === 'closed') expect(r.closed_at).not.toBeNull();
      if (r.follow_up_needed) expect(['dissatisfied', 'very-dissatisfied']).toContain(r.rating);
      checked++;
    }
    expect(checked).toBe(rows.length);
  });

  it('works its windows on working days in office hours (online requests may come any time)', async () => {
    const cal = buildWorkCalendar();
    const rows = await requests();
    for (const r of rows.filter((x) => x.channel !== 'online')) {
      expect(isWorkingDay(cal, r.received_date), r.number).toBe(true);
      const minute = ((Date.parse(r.received_at) + 8 * 3600_000) % 86_400_000) / 60_000;
      expect(minute >= 600 && minute <= 19.5 * 60, r.number).toBe(true);
    }
    const steps = await db().selectFrom('service_request_events').select(['at', 'actor_id']).where('action', '!=', 'receive').execute();
    for (const s of steps) expect(isWorkingDay(cal, chinaDate(new Date(s.at)))).toBe(true);
  });

  it('numbers requests FW<date>-NNNN per day across the city, and the next request today continues the sequence', async () => {
    const rows = await requests();
    expect(new Set(rows.map((r) => r.number)).size).toBe(rows.length);
    const perDay = new Map<string, number[]>();
    for (const r of rows) {
      const m = /^FW(\d{8})-(\d{4})$/.exec(r.number)!;
      expect(m[1]).toBe(r.received_date.replaceAll('-', ''));
      perDay.set(r.received_date, [...(perDay.get(r.received_date) ?? []), Number(m[2])]);
    }
    const counters = new Map((await db().selectFrom('counters').selectAll().execute()).map((c) => [c.name, c.value]));
    for (const [day, ns] of perDay) {
      expect(ns.sort((a, b) => a - b)).toEqual(ns.map((_, i) => i + 1));
      expect(counters.get(`service-request:${day}`)).toBe(ns.length);
    }
    // Numbers follow the order received.
    const sorted = [...rows].sort((a, b) => (a.received_at < b.received_at ? -1 : 1));
    expect(sorted.map((r) => r.number)).toEqual([...rows.map((r) => r.number)].sort());
    const window = await t.login('tianshan-window');
    const item = await db().selectFrom('service_items').select('id').where('code', '=', 'JY-01').executeTakeFirstOrThrow();
    const res = await window.post('/api/v1/service-requests', {
      orgId: await t.orgId(TIANSHAN),
      itemId: item.id,
      visitorName: '过路群众',
      description: '办理失业登记',
      walkIn: true,
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().number).toBe(`FW20261126-${String((perDay.get(TODAY)?.length ?? 0) + 1).padStart(4, '0')}`);
  });

  it('gives 天山路社区 overdue open requests: one its window owns, on the leader’s overdue list; escalations already raised', async () => {
    const window = await t.login('tianshan-window');
    const mine = (await window.get('/api/v1/service-requests?owner=me&open=true&clock=overdue&pageSize=100')).json();
    expect(mine.total).toBeGreaterThan(0);
    expect(mine.items.every((r: { completionClock: string; ownerName: string }) => r.completionClock === 'overdue' && r.ownerName === '天山路社区窗口')).toBe(
      true,
    );
    const leader = await t.login('tianshan');
    const overdue = (await leader.get('/api/v1/service-requests?open=true&clock=overdue&pageSize=100')).json();
    expect(overdue.total).toBeGreaterThanOrEqual(mine.total);
    const ids = overdue.items.map((r: { id: string }) => r.id);
    const escalated = await db()
      .selectFrom('request_notifications')
      .select('request_id')
      .where('kind', '=', 'overdue')
      .where('request_id', 'in', ids)
      .execute();
    expect(escalated.length).toBe(ids.length);
    // The seed raised what the clock job would have raised: running it now raises nothing new.
    expect(await raiseClockNotifications(t.runtime.ctx)).toEqual({ warnings: 0, escalations: 0 });
    // Timeline names: the window's account, the leader's, and 广场路社区's desk (no account there).
    const names = new Set((await db().selectFrom('service_request_events').select('actor_name').distinct().execute()).map((e) => e.actor_name));
    for (const n of ['tianshan-window', 'tianshan', 'tuanjie', '广场路社区窗口']) expect(names).toContain(n);
  });

  it('shows plausible figures for the city over six months', async () => {
    const city = await t.login('city');
    const res = await city.get('/api/v1/service-requests/stats?from=2026-05-26&to=2026-11-26');
    expect(res.statusCode, res.body).toBe(200);
    const s = res.json();
    const rows = await requests();
    expect(s.figures.total).toBe(rows.filter((r) => r.excluded === 0 && r.state !== 'refused').length);
    expect(s.excluded).toBe(rows.filter((r) => r.excluded === 1).length);
    expect(s.figures.responseRate).toBeGreaterThanOrEqual(0.8);
    expect(s.figures.responseRate).toBeLessThanOrEqual(1);
    expect(s.figures.satisfactionRate).toBeGreaterThanOrEqual(0.85);
    expect(s.figures.satisfactionRate).toBeLessThanOrEqual(1);
    expect(s.figures.oneTripRate).toBeGreaterThanOrEqual(0.8);
    expect(s.figures.oneTripRate).toBeLessThan(1);
    expect(s.figures.onTimeRate).toBeGreaterThan(0.8);
    expect(s.figures.onTimeRate).toBeLessThan(1);
    expect(s.byChannel.length).toBe(DEMO_CHANNELS.length);
    expect(s.byOrg.find((o: { orgName: string }) => o.orgName === '团结街道').figures.total).toBe(s.figures.total);
    // Logged for the report: the figures the demo shows.
    console.info('demo figures (city, six months):', JSON.stringify(s.figures));
  });

  it('plans every state in 天山路社区 and only the past, whatever the moment of seeding (weekend, early morning, Spring Festival)', async () => {
    const nodes = await db().selectFrom('org_nodes').select(['id', 'code', 'path', 'name']).execute();
    const tree: SeededTree = { rootId: nodes.find((n) => n.code === '654203')!.id, byCode: new Map(nodes.map((n) => [n.code, n])) };
    const communities = await loadCommunities(db(), tree);
    const items = (await db().selectFrom('service_items').selectAll().execute()) as DemoItem[];
    const cal = buildWorkCalendar();
    for (const now of ['2026-11-28T04:00:00Z', '2026-11-26T23:30:00Z', '2027-02-08T06:00:00Z', new Date().toISOString()]) {
      const plan = planServiceHall({ cal, items, communities, now, warnWorkingDays: 1 });
      const tianshan = plan.requests.filter((r) => r.org_id === communities.find((c) => c.code === TIANSHAN)!.id);
      expect(new Set(tianshan.map((r) => r.state)).size, now).toBe(REQUEST_STATES.length);
      expect(
        tianshan.some((r) => r.owner_id && ['received', 'accepted'].includes(r.state) && r.completion_due < chinaDate(new Date(now))),
        now,
      ).toBe(true);
      expect(plan.events.every((e) => e.at <= new Date(now).toISOString())).toBe(true);
      expect(new Set(plan.requests.map((r) => r.number)).size).toBe(plan.requests.length);
    }
  });
});
