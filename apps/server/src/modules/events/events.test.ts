import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENT_ACTIONS, EVENT_STATES, canEventTransition, type EventAction, type EventState } from '@lingyan/shared';
import { createTestApp, type Client, type TestApp } from '../../test/harness.ts';
import type { fixedClock } from '../../platform/clock.ts';
import type { EventsTable } from '../../platform/db/schema.ts';
import { newId } from '../../platform/ids.ts';
import { actorOfUser, uploadPhoto } from '../files/files.test-support.ts';
import { collectEvent } from './events.commands.ts';
import { escalateOverdueEvents } from './events.jobs.ts';
import { openEventsByGrid } from './events.figures.ts';
import { LATER_STEP_COLUMNS } from './events.commands.ts';

let t: TestApp;
let clock: ReturnType<typeof fixedClock>;
let grid1: Client; // 天山路社区第一网格 grid worker
let leader: Client; // 天山路社区 leader: the command post
let window: Client; // 天山路社区 window worker: a handler at the community
let township: Client; // 团结街道
let otherLeader: Client; // 体育场路社区 (another township's community)
let city: Client;
const COMMUNITY = '654203002009';
let communityId: string;
let grid1Id: string;
let grid2Id: string;
const cat: Record<string, string> = {};

async function signIn() {
  grid1 = await t.login('tianshan-grid1');
  leader = await t.login('tianshan');
  window = await t.login('tianshan-window');
  township = await t.login('tuanjie');
  otherLeader = await t.login('tiyuchang');
  city = await t.login('city');
}

beforeAll(async () => {
  t = await createTestApp({ clock: 'fixed' }); // Thursday 26 November 2026, 10:00 in Shawan (02:00Z)
  clock = t.clock as ReturnType<typeof fixedClock>;
  await signIn();
  communityId = await t.orgId(COMMUNITY);
  grid1Id = await t.orgId(`${COMMUNITY}001`);
  grid2Id = await t.orgId(`${COMMUNITY}002`);
  const rows = await t.runtime.ctx.db.selectFrom('event_categories').select(['id', 'kind', 'code']).execute();
  for (const r of rows) cat[`${r.kind}:${r.code}`] = r.id;
});
afterAll(() => t.close());

const MANHOLE = () => cat['component:0101']!; // 井盖缺失/破损: handle in 2 working hours
const STALL = () => cat['event:0501']!; // 占道经营: handle in 4 working hours

async function report(c: Client = grid1, extra: Record<string, unknown> = {}) {
  const res = await c.post('/api/v1/events', {
    gridId: grid1Id,
    categoryId: MANHOLE(),
    description: '天山路与北京路交叉口东侧井盖缺失',
    address: '天山路与北京路交叉口',
    location: { lat: 44.3312, lng: 85.6201 },
    ...extra,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}
const act = (c: Client, id: string, action: string, body: unknown = {}) => c.post(`/api/v1/events/${id}/${action}`, body);
async function ok(c: Client, id: string, action: string, body: unknown = {}) {
  const res = await act(c, id, action, body);
  expect(res.statusCode, `${action}: ${res.body}`).toBe(200);
  return res.json();
}
const BODIES = (): Record<EventAction, unknown> => ({
  register: {},
  void: { reason: '重复上报' },
  dispatch: { orgId: communityId, userId: null },
  return: { reason: '不属本单位职责' },
  feedback: { result: '已处置' },
  verify: {},
  rework: { reason: '现场仍有隐患' },
  evaluate: { grade: 'good' },
});

describe('event categories', () => {
  it('lists the default two-level code table with its limits and closing conditions', async () => {
    const res = await grid1.get('/api/v1/event-categories');
    expect(res.statusCode).toBe(200);
    const items = res.json().items as { kind: string; code: string; name: string; level: number; handleLimit: unknown; closingCondition: string }[];
    const tops = (kind: string) => items.filter((c) => c.kind === kind && c.level === 1).map((c) => c.name);
    expect(tops('component')).toEqual(['公用设施', '道路交通', '市容环境', '园林绿化', '房屋土地', '其他设施']);
    expect(tops('event')).toEqual(['市容环境', '宣传广告', '施工管理', '突发事件', '街面秩序', '其他事件']);
    expect(items.find((c) => c.kind === 'component' && c.code === '0101')).toMatchObject({
      name: '井盖缺失/破损',
      level: 2,
      handleLimit: { value: 2, unit: 'working-hours' },
    });
  });

  it('the city adds and edits; codes follow the levels; others may not', async () => {
    const top = (await city.get('/api/v1/event-categories')).json().items.find((c: { kind: string; code: string }) => c.kind === 'event' && c.code === '05');
    const input = {
      kind: 'event',
      code: '0506',
      parentId: top.id,
      name: '违规犬只',
      registerLimit: { value: 1, unit: 'working-hours' },
      dispatchLimit: { value: 1, unit: 'working-hours' },
      handleLimit: { value: 1, unit: 'working-days' },
      closingCondition: '犬只已由主人带离或收容',
    };
    const created = await city.post('/api/v1/event-categories', input);
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ level: 2, code: '0506', active: true });
    expect((await city.post('/api/v1/event-categories', input)).json().error.code).toBe('EVENT_CATEGORY_CODE_TAKEN');
    const wrongCode = await city.post('/api/v1/event-categories', { ...input, code: '0107' });
    expect([wrongCode.statusCode, wrongCode.json().error.code]).toEqual([422, 'EVENT_CATEGORY_PARENT_INVALID']);
    const topWithParent = await city.post('/api/v1/event-categories', { ...input, code: '07' });
    expect(topWithParent.json().error.code).toBe('EVENT_CATEGORY_PARENT_INVALID');
    expect((await leader.post('/api/v1/event-categories', { ...input, code: '0507' })).statusCode).toBe(403);
    const edited = await city.patch(`/api/v1/event-categories/${created.json().id}`, { handleLimit: { value: 3, unit: 'working-hours' }, active: false });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({ name: '违规犬只', handleLimit: { value: 3, unit: 'working-hours' }, active: false });
    expect((await leader.patch(`/api/v1/event-categories/${created.json().id}`, { name: 'x' })).statusCode).toBe(403);
  });
});

describe('collecting', () => {
  it('numbers the event, starts the register clock on working hours, keeps the photo and the place', async () => {
    const photo = await uploadPhoto(grid1, 'manhole.png');
    const e = await report(grid1, { photoIds: [photo] });
    expect(e.number).toMatch(/^SJ20261126-\d{4}$/);
    expect(e).toMatchObject({
      state: 'reported',
      source: 'grid-worker',
      gridName: '天山路社区第一网格',
      communityName: '天山路社区',
      categoryName: '井盖缺失/破损',
      reporterName: '天山路社区第一网格网格员',
      location: { lat: 44.3312, lng: 85.6201 },
      // Reported 10:00 Thursday; register in 1 working hour → 11:00 China time.
      clock: { step: 'register', due: '2026-11-26T03:00:00.000Z', state: 'on-time' },
      abilities: [],
    });
    expect(e.photos.map((p: { id: string }) => p.id)).toEqual([photo]);
    expect(e.steps.map((s: { action: string }) => s.action)).toEqual(['collect']);
    // The community sees it and may register or void it.
    expect((await leader.get(`/api/v1/events/${e.id}`)).json().abilities).toEqual(['register', 'void']);
    // The photo is the event's now: the leader may open it, another community may not.
    expect((await leader.get(`/api/v1/files/${photo}`)).statusCode).toBe(200);
    expect((await otherLeader.get(`/api/v1/files/${photo}`)).statusCode).toBe(404);
  });

  it('only in a grid the caller reports in', async () => {
    const elsewhere = await grid1.post('/api/v1/events', { gridId: grid2Id, description: 'x' });
    expect([elsewhere.statusCode, elsewhere.json().error.code]).toEqual([404, 'ORG_NOT_FOUND']);
    const notAGrid = await leader.post('/api/v1/events', { gridId: communityId, description: 'x' });
    expect([notAGrid.statusCode, notAGrid.json().error.code]).toEqual([422, 'EVENT_GRID_INVALID']);
    expect((await city.post('/api/v1/events', { gridId: grid1Id, description: 'x' })).statusCode).toBe(403);
  });

  it('collectEvent runs inside the caller’s transaction (a visit raises an event)', async () => {
    const ctx = t.runtime.ctx;
    const actor = await actorOfUser(ctx.db, 'tianshan-grid1');
    const audit = { actorId: actor.userId, actorName: actor.username, requestId: null, ip: null };
    const visitId = newId();
    const id = await ctx.db.transaction().execute((trx) =>
      collectEvent(ctx, trx, audit, actor, {
        gridId: grid1Id,
        categoryId: null,
        description: '走访发现楼道堆放杂物',
        address: null,
        location: null,
        photoIds: [],
        source: 'visit',
        visitId,
      }),
    );
    const e = (await grid1.get(`/api/v1/events/${id}`)).json();
    // Without a category, the setting's register limit (2 working hours): 12:00 China time.
    expect(e).toMatchObject({ source: 'visit', visitId, categoryId: null, clock: { step: 'register', due: '2026-11-26T04:00:00.000Z' } });
    // Registering needs a category.
    expect((await act(leader, id, 'register')).json().error.code).toBe('EVENT_CATEGORY_REQUIRED');
    expect((await ok(leader, id, 'register', { categoryId: cat['event:0502'] })).categoryName).toBe('乱堆物料');
    // A rolled-back transaction leaves no event behind.
    await expect(
      ctx.db.transaction().execute(async (trx) => {
        await collectEvent(ctx, trx, audit, actor, {
          gridId: grid1Id,
          categoryId: null,
          description: 'rolled back',
          address: null,
          location: null,
          photoIds: [],
          source: 'visit',
          visitId: null,
        });
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(await ctx.db.selectFrom('events').select('id').where('description', '=', 'rolled back').executeTakeFirst()).toBeUndefined();
  });
});

describe('the loop', () => {
  it('register → dispatch → feedback → rework → feedback → verify → evaluate, each clock on time', async () => {
    const e = await report();
    const registered = await ok(leader, e.id, 'register', { note: '属实' });
    // Dispatch within 1 working hour of registering.
    expect(registered).toMatchObject({ state: 'registered', clock: { step: 'dispatch', due: '2026-11-26T03:00:00.000Z' } });
    const targets = (await leader.get(`/api/v1/events/${e.id}/dispatch-targets`)).json();
    expect(targets.orgs.map((o: { name: string }) => o.name)).toEqual(['天山路社区第一网格', '天山路社区', '团结街道', '沙湾市']);
    const windowId = await t.userId('tianshan-window');
    expect(targets.users).toEqual(expect.arrayContaining([expect.objectContaining({ id: windowId, orgId: communityId })]));
    const dispatched = await ok(leader, e.id, 'dispatch', { orgId: communityId, userId: windowId });
    // 井盖: handle in 2 working hours → 12:00 China time.
    expect(dispatched).toMatchObject({
      state: 'dispatched',
      handlerOrgName: '天山路社区',
      handlerUserName: '天山路社区窗口',
      clock: { step: 'handle', due: '2026-11-26T04:00:00.000Z', state: 'on-time' },
      abilities: ['return', 'feedback'],
    });
    expect((await window.get(`/api/v1/events/${e.id}`)).json().abilities).toEqual(['return', 'feedback']);
    const handling = (await window.get('/api/v1/events?mine=handling')).json();
    expect(handling.items.map((i: { id: string }) => i.id)).toContain(e.id);
    const photo = await uploadPhoto(window, 'fixed.png');
    const fed = await ok(window, e.id, 'feedback', { result: '已补齐井盖', photoIds: [photo] });
    expect(fed).toMatchObject({ state: 'fed-back', handleClock: 'on-time', clock: null });
    expect(fed.photos).toHaveLength(1);
    expect((await leader.get(`/api/v1/events/${e.id}`)).json().abilities).toEqual(['verify', 'rework']);
    const reworked = await ok(leader, e.id, 'rework', { reason: '井盖未固定' });
    // Back to the same unit; its clock keeps the same due.
    expect(reworked).toMatchObject({ state: 'dispatched', reworkCount: 1, handleClock: null, clock: { step: 'handle', due: '2026-11-26T04:00:00.000Z' } });
    await ok(window, e.id, 'feedback', { result: '已固定' });
    const closed = await ok(leader, e.id, 'verify', { note: '现场核查通过' });
    expect(closed).toMatchObject({ state: 'closed', closedAt: clock.now().toISOString() });
    const evaluated = await ok(leader, e.id, 'evaluate', { grade: 'good' });
    expect(evaluated).toMatchObject({ state: 'evaluated', grade: 'good', abilities: [] });
    expect(evaluated.steps.map((s: { action: string }) => s.action)).toEqual([
      'collect',
      'register',
      'dispatch',
      'feedback',
      'rework',
      'feedback',
      'verify',
      'evaluate',
    ]);
    expect(evaluated.steps[2].data).toMatchObject({ orgName: '天山路社区', userName: '天山路社区窗口' });
    const audit = await t.runtime.ctx.db.selectFrom('audit_log').select('action').where('target_id', '=', e.id).execute();
    expect(audit.map((a) => a.action)).toEqual([
      'event.collect',
      'event.register',
      'event.dispatch',
      'event.feedback',
      'event.rework',
      'event.feedback',
      'event.verify',
      'event.evaluate',
    ]);
  });

  it('a unit returns a case that is not theirs; the community dispatches it again, with a new clock', async () => {
    const e = await report();
    await ok(leader, e.id, 'register');
    const grid1User = await t.userId('tianshan-grid1');
    await ok(leader, e.id, 'dispatch', { orgId: grid1Id, userId: grid1User });
    expect((await act(grid1, e.id, 'return', {})).statusCode).toBe(400); // a reason is required
    const returned = await ok(grid1, e.id, 'return', { reason: '属燃气公司职责' });
    expect(returned).toMatchObject({ state: 'returned', returnCount: 1, handlerOrgId: null, clock: { step: 'dispatch' } });
    expect((await leader.get(`/api/v1/events/${e.id}`)).json().abilities).toEqual(['void', 'dispatch']);
    const again = await ok(township, e.id, 'dispatch', { orgId: await t.orgId('654203002') });
    expect(again).toMatchObject({ state: 'dispatched', handlerOrgName: '团结街道', returnCount: 1 });
  });

  it('voids with a reason', async () => {
    const e = await report();
    const voided = await ok(leader, e.id, 'void', { reason: '重复上报' });
    expect(voided).toMatchObject({ state: 'voided', voidReason: '重复上报', clock: null, abilities: [] });
  });

  it('dispatches only to a node on the event’s own path, and a person who handles events there', async () => {
    const e = await report();
    await ok(leader, e.id, 'register');
    const other = await act(leader, e.id, 'dispatch', { orgId: await t.orgId('654203001017') });
    expect([other.statusCode, other.json().error.code]).toEqual([422, 'EVENT_DISPATCH_TARGET_INVALID']);
    const wrongPerson = await act(leader, e.id, 'dispatch', { orgId: communityId, userId: await t.userId('tianshan-grid1') });
    expect(wrongPerson.json().error.code).toBe('EVENT_DISPATCH_TARGET_INVALID');
  });
});

describe('refused steps', () => {
  /** One event in each state of the loop. */
  async function eventIn(state: EventState): Promise<string> {
    const e = await report();
    const steps: Record<EventState, [Client, EventAction, unknown][]> = {
      reported: [],
      registered: [[leader, 'register', {}]],
      dispatched: [
        [leader, 'register', {}],
        [leader, 'dispatch', { orgId: communityId }],
      ],
      returned: [
        [leader, 'register', {}],
        [leader, 'dispatch', { orgId: communityId }],
        [window, 'return', { reason: '非本单位' }],
      ],
      'fed-back': [
        [leader, 'register', {}],
        [leader, 'dispatch', { orgId: communityId }],
        [window, 'feedback', { result: '已处置' }],
      ],
      closed: [
        [leader, 'register', {}],
        [leader, 'dispatch', { orgId: communityId }],
        [window, 'feedback', { result: '已处置' }],
        [leader, 'verify', {}],
      ],
      evaluated: [
        [leader, 'register', {}],
        [leader, 'dispatch', { orgId: communityId }],
        [window, 'feedback', { result: '已处置' }],
        [leader, 'verify', {}],
        [leader, 'evaluate', { grade: 'fair' }],
      ],
      voided: [[leader, 'void', { reason: '重复' }]],
    };
    for (const [c, a, b] of steps[state]) await ok(c, e.id, a, b);
    return e.id;
  }

  it('every step the state does not allow is a coded 409 (10 allowed pairs of 64)', async () => {
    let refused = 0;
    for (const state of EVENT_STATES) {
      const id = await eventIn(state);
      for (const action of EVENT_ACTIONS) {
        if (canEventTransition(state, action)) continue;
        const res = await act(leader, id, action, BODIES()[action]);
        expect([state, action, res.statusCode, res.json().error.code, res.json().error.params?.state ?? state]).toEqual([
          state,
          action,
          409,
          'EVENT_STATE',
          state,
        ]);
        refused += 1;
      }
    }
    expect(refused).toBe(EVENT_STATES.length * EVENT_ACTIONS.length - 10);
  });

  it('403 for a caller who may see the event but not take the step', async () => {
    const reported = await eventIn('reported');
    // The window worker handles events but is no command post; the grid worker neither.
    expect((await act(window, reported, 'register')).statusCode).toBe(403);
    expect((await act(grid1, reported, 'void', { reason: 'x' })).statusCode).toBe(403);
    // Dispatched to the community's window: the leader (who handles at the community too) may; the grid worker is not that unit.
    const dispatched = await eventIn('dispatched');
    expect((await act(grid1, dispatched, 'feedback', { result: 'x' })).statusCode).toBe(403);
    // A unit member may not verify its own work.
    const fedBack = await eventIn('fed-back');
    const verify = await act(window, fedBack, 'verify');
    expect([verify.statusCode, verify.json().error.code]).toEqual([403, 'FORBIDDEN']);
  });

  it('404 outside scope: another community, another grid', async () => {
    const id = await eventIn('reported');
    for (const res of [await otherLeader.get(`/api/v1/events/${id}`), await act(otherLeader, id, 'register')]) {
      expect([res.statusCode, res.json().error.code]).toEqual([404, 'EVENT_NOT_FOUND']);
    }
    const inGrid2 = await report(leader, { gridId: grid2Id });
    expect((await grid1.get(`/api/v1/events/${inGrid2.id}`)).statusCode).toBe(404);
    const list = (await grid1.get('/api/v1/events?pageSize=100')).json();
    expect(list.items.length).toBeGreaterThan(0);
    expect(list.items.every((i: { gridId: string }) => i.gridId === grid1Id)).toBe(true);
    expect((await leader.get('/api/v1/events?pageSize=100')).json().items.map((i: { id: string }) => i.id)).toContain(inGrid2.id);
    expect((await otherLeader.get('/api/v1/events')).json().total).toBe(0);
  });
});

describe('clocks and escalation', () => {
  it('turns to warning, then overdue; an overdue step escalates exactly once', async () => {
    const e = await report(leader, { categoryId: STALL() });
    const countRows = async () =>
      (await t.runtime.ctx.db.selectFrom('event_escalations').select(['step']).where('event_id', '=', e.id).execute()).map((r) => r.step).sort();
    // Register due 11:00; warning from 10:45 (a quarter of the hour left).
    clock.set('2026-11-26T02:50:00Z');
    await signIn();
    expect((await leader.get(`/api/v1/events/${e.id}`)).json().clock.state).toBe('warning');
    expect((await leader.get('/api/v1/events?clock=warning&pageSize=100')).json().items.map((i: { id: string }) => i.id)).toContain(e.id);
    expect(await countRows()).toEqual([]);
    clock.set('2026-11-26T03:30:00Z');
    await signIn();
    expect((await leader.get(`/api/v1/events/${e.id}`)).json()).toMatchObject({ clock: { state: 'overdue' }, escalated: false });
    expect((await leader.get('/api/v1/events?clock=overdue&pageSize=100')).json().items.map((i: { id: string }) => i.id)).toContain(e.id);
    expect(await escalateOverdueEvents(t.runtime.ctx)).toBeGreaterThan(0);
    expect(await escalateOverdueEvents(t.runtime.ctx)).toBe(0);
    expect(await countRows()).toEqual(['register']);
    const after = (await leader.get(`/api/v1/events/${e.id}`)).json();
    expect(after.escalated).toBe(true);
    expect(after.steps.filter((s: { action: string }) => s.action === 'escalate')).toHaveLength(1);
    const escalation = await t.runtime.ctx.db.selectFrom('event_escalations').select('to_org_id').where('event_id', '=', e.id).executeTakeFirstOrThrow();
    expect(escalation.to_org_id).toBe(await t.orgId('654203002')); // the township
    // The township follows it up from its list of escalated events; events never escalated are not on it.
    const tuanjie = await t.login('tuanjie');
    const escalatedList = (await tuanjie.get('/api/v1/events?escalated=true&pageSize=100')).json().items as { id: string; escalated: boolean }[];
    expect(escalatedList.map((i) => i.id)).toContain(e.id);
    expect(escalatedList.every((i) => i.escalated)).toBe(true);
    // Registered late and dispatched: 占道经营 is handled in 4 working hours — over the midday break (14:00–16:00).
    await ok(leader, e.id, 'register');
    const d = await ok(leader, e.id, 'dispatch', { orgId: communityId });
    expect(d.clock).toMatchObject({ step: 'handle', due: '2026-11-26T09:30:00.000Z' }); // 11:30 + 2.5 h to 14:00, + 1.5 h from 16:00 → 17:30 China
    clock.set('2026-11-26T11:00:00Z');
    await signIn();
    await escalateOverdueEvents(t.runtime.ctx);
    await escalateOverdueEvents(t.runtime.ctx);
    expect(await countRows()).toEqual(['handle', 'register']);
    // Fed back late: the handling clock is frozen overdue.
    expect((await ok(window, e.id, 'feedback', { result: '已清理' })).handleClock).toBe('overdue');
    clock.set('2026-11-26T02:00:00Z');
    await signIn();
  });
});

describe('figures', () => {
  /** Hand-built: events reported in October 2026 in 天山路社区's grids 1 and 2. */
  it('counts per community, grid and worker, with the events behind each number', async () => {
    const db = t.runtime.ctx.db;
    const grid1User = await t.userId('tianshan-grid1');
    const leaderUser = await t.userId('tianshan');
    const path = async (id: string) => (await db.selectFrom('org_nodes').select('path').where('id', '=', id).executeTakeFirstOrThrow()).path;
    const [p1, p2] = [await path(grid1Id), await path(grid2Id)];
    const base = (n: number, grid: string, p: string, reporter: string, f: Partial<EventsTable>): EventsTable => ({
      id: newId(),
      number: `SJ20261001-9${String(n).padStart(3, '0')}`,
      state: 'reported',
      source: 'grid-worker',
      grid_id: grid,
      org_path: p,
      category_id: MANHOLE(),
      description: `fixture ${n}`,
      address: null,
      lat: null,
      lng: null,
      visit_id: null,
      reporter_id: reporter,
      reported_at: '2026-10-12T02:00:00.000Z',
      reported_date: '2026-10-12',
      register_due: '2026-10-12T03:00:00.000Z',
      ...LATER_STEP_COLUMNS,
      clock_step: null,
      clock_started_at: null,
      clock_due: null,
      clock_warn_at: null,
      created_at: '2026-10-12T02:00:00.000Z',
      updated_at: '2026-10-12T02:00:00.000Z',
      ...f,
    });
    const R = '2026-10-12T02:30:00.000Z';
    const C = '2026-10-13T02:30:00.000Z';
    const rows = [
      // grid 1, by the grid worker: 4 events
      base(1, grid1Id, p1, grid1User, { state: 'closed', registered_at: R, closed_at: C, handle_clock: 'on-time', dispatch_count: 1, feedback_count: 1 }),
      base(2, grid1Id, p1, grid1User, {
        state: 'evaluated',
        registered_at: R,
        closed_at: C,
        handle_clock: 'overdue',
        dispatch_count: 1,
        feedback_count: 2,
        rework_count: 1,
      }),
      base(3, grid1Id, p1, grid1User, { state: 'dispatched', registered_at: R, dispatch_count: 2, return_count: 1 }),
      base(4, grid1Id, p1, grid1User, { state: 'voided' }),
      // grid 2, by the leader: 2 events
      base(5, grid2Id, p2, leaderUser, { state: 'closed', registered_at: R, closed_at: C, handle_clock: 'on-time', dispatch_count: 1, feedback_count: 1 }),
      base(6, grid2Id, p2, leaderUser, { state: 'reported' }),
      // outside the period: not counted
      { ...base(7, grid1Id, p1, grid1User, { state: 'closed', registered_at: R, closed_at: C, handle_clock: 'on-time' }), reported_date: '2026-09-30' },
    ];
    await db.insertInto('events').values(rows).execute();

    const q = `from=2026-10-01&to=2026-10-31`;
    const res = await leader.get(`/api/v1/events/stats?orgId=${communityId}&${q}`);
    expect(res.statusCode, res.body).toBe(200);
    const s = res.json();
    // Hand-computed: reported 6, registered 4 (1,2,3,5), closed 3 (1,2,5), on time 2 (1,5),
    // fed back 3 (1,2,5) of which reworked 1 → 1/3; dispatched 4 (1,2,3,5) of which returned 1 → 1/4.
    expect(s.figures).toEqual({
      reported: 6,
      registered: 4,
      closed: 3,
      closedOnTime: 2,
      fedBack: 3,
      reworked: 1,
      dispatched: 4,
      returned: 1,
      onTimeRate: 0.6667,
      reworkRate: 0.3333,
      returnedRate: 0.25,
    });
    const g1 = s.children.find((c: { orgId: string }) => c.orgId === grid1Id);
    const g2 = s.children.find((c: { orgId: string }) => c.orgId === grid2Id);
    expect(g1.figures).toMatchObject({ reported: 4, registered: 3, closed: 2, closedOnTime: 1, reworkRate: 0.5, returnedRate: 0.3333 });
    expect(g2.figures).toMatchObject({ reported: 2, registered: 1, closed: 1, closedOnTime: 1, reworkRate: 0, returnedRate: 0 });
    expect(
      s.children
        .filter((c: { orgId: string }) => c.orgId !== grid1Id && c.orgId !== grid2Id)
        .every((c: { figures: { reported: number } }) => c.figures.reported === 0),
    ).toBe(true);
    expect(s.workers.map((w: { name: string; figures: { reported: number } }) => [w.name, w.figures.reported])).toEqual([
      ['天山路社区第一网格网格员', 4],
      ['天山路社区书记', 2],
    ]);
    // The township sees the community as one row with the same numbers.
    const tj = (await township.get(`/api/v1/events/stats?orgId=${await t.orgId('654203002')}&${q}`)).json();
    expect(tj.children.find((c: { orgId: string }) => c.orgId === communityId).figures).toEqual(s.figures);
    // Drill-down: the events behind "closed on time", and behind the grid worker's "returned".
    const drill = (await leader.get(`/api/v1/events?orgId=${communityId}&${q}&figure=closedOnTime`)).json();
    expect(drill.items.map((i: { description: string }) => i.description).sort()).toEqual(['fixture 1', 'fixture 5']);
    const byWorker = (await leader.get(`/api/v1/events?orgId=${communityId}&${q}&figure=returned&reporterId=${grid1User}`)).json();
    expect(byWorker.items.map((i: { description: string }) => i.description)).toEqual(['fixture 3']);
    // Scope: another community's leader may not ask for these figures; a grid worker holds no figures.
    expect((await otherLeader.get(`/api/v1/events/stats?orgId=${communityId}&${q}`)).statusCode).toBe(404);
    expect((await grid1.get(`/api/v1/events/stats?${q}`)).statusCode).toBe(403);
  });

  it('openEventsByGrid counts the events still in the loop, per grid', async () => {
    const db = t.runtime.ctx.db;
    const open = await openEventsByGrid(db, [grid1Id, grid2Id, await t.orgId(`${COMMUNITY}003`)]);
    const expected = async (grid: string) =>
      Number(
        (
          await db
            .selectFrom('events')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('grid_id', '=', grid)
            .where('state', 'in', ['reported', 'registered', 'dispatched', 'returned', 'fed-back'])
            .executeTakeFirstOrThrow()
        ).n,
      );
    expect(open.get(grid1Id)).toBe(await expected(grid1Id));
    expect(open.get(grid1Id)).toBeGreaterThan(0);
    expect(open.get(grid2Id)).toBe(await expected(grid2Id));
    expect(open.get(await t.orgId(`${COMMUNITY}003`))).toBe(0);
  });
});
