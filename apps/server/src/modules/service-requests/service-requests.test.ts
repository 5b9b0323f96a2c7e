import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../../test/harness.ts';
import { buildResident } from '../../test/factories.ts';
import { seedServiceCatalog } from '../../seed/service-catalog.ts';
import type { fixedClock } from '../../platform/clock.ts';
import { raiseClockNotifications } from './service-requests.jobs.ts';

let t: TestApp;
let clock: ReturnType<typeof fixedClock>;
let window: Client;
let leader: Client;
let grid1: Client;
let item5: string; // 最低生活保障 … we use 就业登记 (3 days) and 临时救助 (10 days) below
const COMMUNITY = '654203002009';
beforeAll(async () => {
  t = await createTestApp({ clock: 'fixed' }); // Thursday 26 November 2026, 10:00 in Shawan
  clock = t.clock as ReturnType<typeof fixedClock>;
  await seedServiceCatalog(t.runtime.ctx.db, clock.now().toISOString());
  window = await t.login('tianshan-window');
  leader = await t.login('tianshan');
  grid1 = await t.login('tianshan-grid1');
  item5 = (await t.runtime.ctx.db.selectFrom('service_items').select('id').where('code', '=', 'JY-02').executeTakeFirstOrThrow()).id; // 5 working days
});
afterAll(() => t.close());

async function receive(c: Client = window, extra: Record<string, unknown> = {}) {
  const resident = await buildResident(t.runtime.ctx, { gridCode: `${COMMUNITY}001` });
  const res = await c.post('/api/v1/service-requests', {
    orgId: await t.orgId(COMMUNITY),
    itemId: item5,
    residentId: resident.id,
    description: '申领就业创业证',
    walkIn: true,
    ...extra,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}
const act = (c: Client, id: string, action: string, body: unknown = {}) => c.post(`/api/v1/service-requests/${id}/${action}`, body);
/** Moving the test clock by days outlives sessions: sign in again at the new time. */
async function moveClock(to: string | number) {
  if (typeof to === 'number') clock.advance(to);
  else clock.set(to);
  window = await t.login('tianshan-window');
  leader = await t.login('tianshan');
  grid1 = await t.login('tianshan-grid1');
}

describe('receiving a walk-in', () => {
  it('numbers it, makes the receiver its owner, counts the trip and sets due dates on the official calendar', async () => {
    const r = await receive();
    expect(r.number).toMatch(/^FW20261126-\d{4}$/);
    expect(r).toMatchObject({
      state: 'received',
      ownerName: '天山路社区窗口',
      trips: 1,
      responseDue: '2026-11-27',
      completionDue: '2026-12-03',
      dueProvisional: false,
      completionClock: 'on-time',
    });
    expect(r.abilities).toEqual(expect.arrayContaining(['accept', 'refuse', 'transfer', 'trip']));
    expect(r.abilities).not.toContain('close');
    expect(r.events.map((e: { action: string }) => e.action)).toEqual(['receive']);
  });

  it('needs a resident or a visitor name, and refuses a bad phone', async () => {
    const noOne = await window.post('/api/v1/service-requests', { orgId: await t.orgId(COMMUNITY), itemId: item5, description: 'x' });
    expect(noOne.json().error.code).toBe('SERVICE_REQUEST_RESIDENT_REQUIRED');
    const badPhone = await window.post('/api/v1/service-requests', {
      orgId: await t.orgId(COMMUNITY),
      itemId: item5,
      visitorName: '过路群众',
      contactPhone: '123',
      description: 'x',
    });
    expect(badPhone.json().error.code).toBe('PHONE_INVALID');
  });

  it('a second request the same day gets the next number', async () => {
    const a = await receive();
    const b = await receive();
    expect(Number(b.number.slice(-4))).toBe(Number(a.number.slice(-4)) + 1);
  });
});

describe('the lifecycle', () => {
  it('accept → pause (补正) → resume moves the due date by the working days paused → complete → inform → rate → close', async () => {
    const r = await receive();
    expect((await act(window, r.id, 'accept')).json()).toMatchObject({ state: 'accepted', responseClock: 'on-time' });
    expect((await act(window, r.id, 'pause', { reason: '缺少近期免冠照片' })).json().state).toBe('waiting');
    await moveClock(4 * 86_400_000); // Monday 30 November: Friday 27 and Monday 30 were paused
    const resumed = (await act(window, r.id, 'resume')).json();
    expect(resumed).toMatchObject({ state: 'accepted', completionDue: '2026-12-07' });
    expect(resumed.events.at(-1).data).toEqual({ pausedWorkingDays: 2 });
    expect((await act(window, r.id, 'complete', { result: '已办结' })).json()).toMatchObject({ state: 'completed', completionClock: 'on-time' });
    expect((await act(window, r.id, 'close')).statusCode).toBe(409); // the resident must be told first
    expect((await act(window, r.id, 'inform', { method: 'phone' })).json().state).toBe('informed');
    expect((await act(window, r.id, 'rate', { rating: 'satisfied', comment: '很方便' })).json()).toMatchObject({ state: 'rated', rating: 'satisfied' });
    expect((await act(window, r.id, 'close')).json().state).toBe('closed');
    await moveClock('2026-11-26T02:00:00Z');
  });

  it('a step the state does not allow is a coded 409 with the state in the message', async () => {
    const r = await receive();
    const res = await act(window, r.id, 'complete', { result: 'x' });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({ code: 'SERVICE_REQUEST_STATE', message: '办件当前状态（已登记）不能执行此操作' });
  });

  it('refusing needs a reason and ends the matter', async () => {
    const r = await receive();
    expect((await act(window, r.id, 'refuse', {})).statusCode).toBe(400);
    expect((await act(window, r.id, 'refuse', { reason: '不属于社区受理范围' })).json()).toMatchObject({
      state: 'refused',
      refusedReason: '不属于社区受理范围',
      abilities: ['exclude'].filter(() => false),
    });
  });
});

describe('first-contact ownership', () => {
  it('the owner stays through transfers; the handler works on it but only the owner or the leader closes it', async () => {
    const r = await receive();
    await act(window, r.id, 'accept');
    const transferred = (await act(window, r.id, 'transfer', { toUserId: await t.userId('tianshan-grid1'), note: '请上门核实' })).json();
    expect(transferred).toMatchObject({ ownerName: '天山路社区窗口', handlerName: '天山路社区第一网格网格员' });
    const mine = (await window.get('/api/v1/service-requests?owner=me&open=true&pageSize=100')).json();
    expect(mine.items.some((x: { id: string }) => x.id === r.id)).toBe(true);
    expect((await act(grid1, r.id, 'complete', { result: '已上门办理' })).statusCode).toBe(200);
    expect((await act(grid1, r.id, 'inform', { method: 'in-person' })).statusCode).toBe(200);
    const byHandler = await act(grid1, r.id, 'close');
    expect(byHandler.statusCode).toBe(403);
    expect(byHandler.json().error.code).toBe('SERVICE_REQUEST_CLOSE_NOT_ALLOWED');
    expect((await act(leader, r.id, 'close')).json()).toMatchObject({ state: 'closed', ownerName: '天山路社区窗口' });
  });

  it('a transfer to the township keeps the number and the owner, and the township officer sees it', async () => {
    const r = await receive();
    await act(window, r.id, 'transfer', { toOrgId: await t.orgId('654203002'), toUserId: await t.userId('tuanjie') });
    const tuanjie = await t.login('tuanjie');
    const seen = (await tuanjie.get(`/api/v1/service-requests/${r.id}`)).json();
    expect(seen).toMatchObject({ number: r.number, ownerName: '天山路社区窗口', handlerOrgName: '团结街道' });
    expect((await act(window, r.id, 'transfer', { toOrgId: await t.orgId('654203001') })).json().error.code).toBe('TRANSFER_TARGET_INVALID');
  });

  it('offers the valid transfer targets — people who handle requests here, above or in its grids, and the org nodes above — and refuses any other', async () => {
    const r = await receive();
    const targets = (await window.get(`/api/v1/service-requests/${r.id}/transfer-targets`)).json();
    const people = targets.users.map((u: { displayName: string; orgName: string }) => `${u.displayName}@${u.orgName}`);
    expect(people).toEqual(expect.arrayContaining(['天山路社区书记@天山路社区', '天山路社区第一网格网格员@天山路社区第一网格', '团结街道办@团结街道']));
    for (const name of ['天山路社区窗口', '体育场路社区书记', '市委组织部', '系统管理员'])
      expect(targets.users.map((u: { displayName: string }) => u.displayName)).not.toContain(name);
    expect(targets.orgs.map((o: { kind: string }) => o.kind)).toEqual(['city', 'township', 'community']);
    expect(targets.orgs.map((o: { name: string }) => o.name)).toContain('团结街道');
    const invalid = async (body: Record<string, string>) => {
      const res = await act(window, r.id, 'transfer', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(422);
      expect(res.json().error.code).toBe('TRANSFER_TARGET_INVALID');
    };
    await invalid({ toUserId: await t.userId('tiyuchang') }); // another community's leader
    await invalid({ toUserId: await t.userId('city') }); // reads requests, does not handle them
    await invalid({ toUserId: await t.userId('tianshan-window') }); // oneself
    await invalid({ toOrgId: await t.orgId('654203002009'), toUserId: await t.userId('tuanjie') }); // not within the community
    const ok = (await act(window, r.id, 'transfer', { toOrgId: await t.orgId('654203002'), toUserId: await t.userId('tianshan-grid1') })).json();
    expect(ok).toMatchObject({ handlerName: '天山路社区第一网格网格员', handlerOrgName: '团结街道' });
    // The grid worker now handles it: its picker offers the window worker, not the grid worker.
    const fromGrid = (await grid1.get(`/api/v1/service-requests/${r.id}/transfer-targets`)).json();
    expect(fromGrid.users.map((u: { displayName: string }) => u.displayName)).toContain('天山路社区窗口');
    expect(fromGrid.users.map((u: { displayName: string }) => u.displayName)).not.toContain('天山路社区第一网格网格员');
    expect((await t.login('tiyuchang').then((c) => c.get(`/api/v1/service-requests/${r.id}/transfer-targets`))).statusCode).toBe(404);
  });

  it('another community never sees it', async () => {
    const r = await receive();
    const other = await t.login('tiyuchang');
    expect((await other.get(`/api/v1/service-requests/${r.id}`)).statusCode).toBe(404);
    expect((await act(other, r.id, 'accept')).statusCode).toBe(404);
  });
});

describe('grid workers (a channel, often the home visitor)', () => {
  const residentIn = async (grid: string) => (await buildResident(t.runtime.ctx, { gridCode: `${COMMUNITY}${grid}` })).id;
  const board = async (c: Client) => ((await c.get('/api/v1/service-requests?pageSize=100')).json().items as { id: string }[]).map((x) => x.id);

  it('receive for a resident of their grid: the request is the community’s, by the grid-worker channel, and theirs', async () => {
    const res = await grid1.post('/api/v1/service-requests', {
      orgId: await t.orgId(COMMUNITY),
      itemId: item5,
      channel: 'window',
      residentId: await residentIn('001'),
      description: '走访中居民提出申领就业创业证',
    });
    expect(res.statusCode, res.body).toBe(201);
    const r = res.json();
    expect(r).toMatchObject({ orgId: await t.orgId(COMMUNITY), orgName: '天山路社区', channel: 'grid-worker', ownerName: '天山路社区第一网格网格员' });
    expect(r.abilities).toEqual(expect.arrayContaining(['accept', 'transfer']));
    // Their own grid may be named instead of the community: it is filed at the community all the same.
    const viaGrid = (
      await grid1.post('/api/v1/service-requests', {
        orgId: await t.orgId(`${COMMUNITY}001`),
        itemId: item5,
        residentId: await residentIn('001'),
        description: 'x',
      })
    ).json();
    expect(viaGrid).toMatchObject({ orgName: '天山路社区', channel: 'grid-worker' });
    // The community's leader sees it on the board; the grid worker works it through to closing (they own it).
    expect(await board(leader)).toContain(r.id);
    for (const [a, b] of [
      ['accept', {}],
      ['complete', { result: '已代为申领' }],
      ['inform', { method: 'in-person' }],
      ['close', {}],
    ] as const)
      expect((await act(grid1, r.id, a, b)).statusCode, a).toBe(200);
    const audit = await t.runtime.ctx.db
      .selectFrom('audit_log')
      .select('details')
      .where('target_id', '=', r.id)
      .where('action', '=', 'service-request.receive')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(audit.details!)).toMatchObject({ channel: 'grid-worker' });
  });

  it('receive for no one else: not a visitor, not a resident of another grid, not in another community', async () => {
    const body = { orgId: await t.orgId(COMMUNITY), itemId: item5, description: 'x' };
    const visitor = await grid1.post('/api/v1/service-requests', { ...body, visitorName: '过路群众' });
    expect(visitor.statusCode).toBe(422);
    expect(visitor.json().error.code).toBe('SERVICE_REQUEST_GRID_RESIDENT_REQUIRED');
    const otherGrid = await grid1.post('/api/v1/service-requests', { ...body, residentId: await residentIn('002') });
    expect(otherGrid.statusCode).toBe(404);
    expect(otherGrid.json().error.code).toBe('RESIDENT_NOT_FOUND');
    const otherCommunity = await grid1.post('/api/v1/service-requests', { ...body, orgId: await t.orgId('654203001017'), residentId: await residentIn('001') });
    expect(otherCommunity.json().error.code).toBe('ORG_NOT_FOUND');
  });

  it('see the requests they own, handle or visit — not the rest of the community’s', async () => {
    const others = await receive(); // the window's, nothing to do with the grid worker
    const handled = await receive();
    await act(window, handled.id, 'transfer', { toUserId: await t.userId('tianshan-grid1') });
    const visited = await receive();
    const scheduled = (await act(window, visited.id, 'schedule-visit', { scheduledFor: '2026-11-27', assigneeId: await t.userId('tianshan-grid1') })).json();
    const seen = await board(grid1);
    expect(seen).toContain(handled.id);
    expect(seen).toContain(visited.id);
    expect(seen).not.toContain(others.id);
    expect((await grid1.get(`/api/v1/service-requests/${others.id}`)).statusCode).toBe(404);
    expect((await act(grid1, others.id, 'accept')).statusCode).toBe(404);
    // On a visit alone they record its outcome, and do nothing else.
    const asVisitor = (await grid1.get(`/api/v1/service-requests/${visited.id}`)).json();
    expect(asVisitor.abilities).toEqual(['record-visit']);
    expect((await act(grid1, visited.id, 'accept')).statusCode).toBe(403);
    const recorded = (await act(grid1, visited.id, 'record-visit', { visitId: scheduled.visits[0].id, outcome: '已上门核实' })).json();
    expect(recorded.visits[0].outcome).toBe('已上门核实');
    expect(recorded.abilities).toEqual([]);
  });

  it('a request seen on several grounds (in scope, owned, handled, visited) is listed once, and the total agrees', async () => {
    const both = await receive(); // the window owns it and it is in the window's community
    await act(window, both.id, 'schedule-visit', { scheduledFor: '2026-11-27', assigneeId: await t.userId('tianshan-window') });
    for (const open of ['', '&open=true', '&state=received']) {
      const res = (await window.get(`/api/v1/service-requests?pageSize=100${open}`)).json();
      const ids = res.items.map((r: { id: string }) => r.id);
      expect(ids.filter((id: string) => id === both.id)).toHaveLength(1);
      expect(new Set(ids).size).toBe(ids.length);
      if (res.total <= 100) expect(res.total).toBe(ids.length);
    }
  });
});

describe('agency service and home visits', () => {
  it('refuses a step on the resident’s behalf before their authorisation is recorded, and after it expires', async () => {
    const r = await receive();
    await act(window, r.id, 'accept');
    const refused = await act(window, r.id, 'agency-step', { step: '代为提交申请材料' });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('AGENCY_NOT_AUTHORIZED');
    await act(window, r.id, 'authorize-agency', { scope: '代为提交就业创业证申请', validUntil: '2026-12-10', signedHow: 'written' });
    const step = (await act(window, r.id, 'agency-step', { step: '代为提交申请材料' })).json();
    expect(step.agencyAuthorized).toBe(true);
    expect(step.events.at(-1)).toMatchObject({ action: 'agency-step', actorName: '天山路社区窗口', actorOrgName: '天山路社区', note: '代为提交申请材料' });
    await moveClock('2026-12-11T02:00:00Z');
    expect((await act(window, r.id, 'agency-step', { step: '再次代办' })).json().error.code).toBe('AGENCY_NOT_AUTHORIZED');
    await moveClock('2026-11-26T02:00:00Z');
  });

  it('schedules a home visit for the grid worker and records its outcome', async () => {
    const r = await receive();
    const scheduled = (await act(window, r.id, 'schedule-visit', { scheduledFor: '2026-11-28', assigneeId: await t.userId('tianshan-grid1') })).json();
    const visit = scheduled.visits[0];
    expect(visit).toMatchObject({ scheduledFor: '2026-11-28', assigneeName: '天山路社区第一网格网格员', outcome: null });
    const done = (await act(window, r.id, 'record-visit', { visitId: visit.id, outcome: '已上门采集照片' })).json();
    expect(done.visits[0].outcome).toBe('已上门采集照片');
    // The assignee comes to see the request: never someone of another community.
    const elsewhere = await act(window, r.id, 'schedule-visit', { scheduledFor: '2026-11-29', assigneeId: await t.userId('tiyuchang') });
    expect(elsewhere.statusCode).toBe(404);
    expect(elsewhere.json().error.code).toBe('USER_NOT_FOUND');
    const other = await t.login('tiyuchang');
    expect((await other.get(`/api/v1/service-requests/${r.id}`)).statusCode).toBe(404);
  });

  it('offers recording a visit’s outcome only while a scheduled visit has none, and refuses it otherwise with codes', async () => {
    const r = await receive();
    expect(r.abilities).not.toContain('record-visit');
    const none = await act(window, r.id, 'record-visit', { visitId: r.id, outcome: '未安排也登记' });
    expect(none.statusCode).toBe(409);
    expect(none.json().error.code).toBe('HOME_VISIT_NONE_SCHEDULED');
    const scheduled = (await act(window, r.id, 'schedule-visit', { scheduledFor: '2026-11-30', assigneeId: await t.userId('tianshan-grid1') })).json();
    expect(scheduled.abilities).toContain('record-visit');
    const listed = (await window.get('/api/v1/service-requests?owner=me&pageSize=100')).json().items.find((x: { id: string }) => x.id === r.id);
    expect(listed.abilities).toContain('record-visit'); // the list and the detail agree
    const other = await receive();
    const wrong = await act(window, r.id, 'record-visit', { visitId: other.id, outcome: 'x' });
    expect(wrong.json().error.code).toBe('HOME_VISIT_NOT_FOUND');
    const visitId = scheduled.visits[0].id;
    const done = (await act(window, r.id, 'record-visit', { visitId, outcome: '已上门' })).json();
    expect(done.abilities).not.toContain('record-visit');
    // A second visit is scheduled: its outcome may be recorded, the first's not again.
    await act(window, r.id, 'schedule-visit', { scheduledFor: '2026-12-01', assigneeId: await t.userId('tianshan-grid1') });
    const again = await act(window, r.id, 'record-visit', { visitId, outcome: '再次登记' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('HOME_VISIT_ALREADY_RECORDED');
  });
});

describe('ratings and exclusions', () => {
  it('a dissatisfied rating asks for a follow-up; upheld on review, the matter reopens', async () => {
    const r = await receive();
    for (const [a, b] of [
      ['accept', {}],
      ['complete', { result: '完成' }],
      ['inform', { method: 'phone' }],
      ['rate', { rating: 'dissatisfied', comment: '等太久' }],
    ] as const)
      await act(window, r.id, a, b);
    const rated = (await window.get(`/api/v1/service-requests/${r.id}`)).json();
    expect(rated).toMatchObject({ state: 'rated', followUpNeeded: true });
    const reopened = (await act(leader, r.id, 'follow-up', { result: 'upheld', note: '回访核实属实' })).json();
    expect(reopened).toMatchObject({ state: 'accepted', followUpNeeded: false, completedAt: null });
  });

  it('only the leader excludes a request from the figures, with a reason, audited', async () => {
    const r = await receive();
    expect((await act(window, r.id, 'exclude', { excluded: true, reason: '重复件' })).statusCode).toBe(403);
    expect((await act(leader, r.id, 'exclude', { excluded: true, reason: '重复件' })).json()).toMatchObject({ excluded: true, excludedReason: '重复件' });
    const audit = await t.runtime.ctx.db
      .selectFrom('audit_log')
      .select(['action', 'actor_name'])
      .where('target_id', '=', r.id)
      .where('action', '=', 'service-request.exclude')
      .execute();
    expect(audit).toEqual([{ action: 'service-request.exclude', actor_name: 'tianshan' }]);
  });
});

describe('clocks in the background', () => {
  it('escalates an overdue request once, whatever happens: twice in a row, concurrently, after a restart', async () => {
    const r = await receive();
    await act(window, r.id, 'accept');
    await moveClock('2026-12-04T02:00:00Z'); // due 3 December
    const first = await raiseClockNotifications(t.runtime.ctx);
    expect(first.escalations).toBeGreaterThanOrEqual(1);
    const [a, b] = await Promise.all([raiseClockNotifications(t.runtime.ctx), raiseClockNotifications(t.runtime.ctx)]);
    expect(a.escalations + b.escalations).toBe(0);
    const rows = await t.runtime.ctx.db.selectFrom('request_notifications').selectAll().where('request_id', '=', r.id).where('kind', '=', 'overdue').execute();
    expect(rows).toHaveLength(1);
    const board = (await leader.get('/api/v1/service-requests?clock=overdue&pageSize=100')).json();
    expect(board.items.some((x: { id: string; completionClock: string }) => x.id === r.id && x.completionClock === 'overdue')).toBe(true);
    await moveClock('2026-11-26T02:00:00Z');
  });
});

describe('a paused clock (补正)', () => {
  it('shows and filters the clock as it stood when the pause began, until the resume moves the due date', async () => {
    const r = await receive(); // due Thursday 3 December
    await act(window, r.id, 'accept');
    await moveClock('2026-12-02T02:00:00Z'); // Wednesday: one working day left → warning
    expect((await window.get(`/api/v1/service-requests/${r.id}`)).json().completionClock).toBe('warning');
    await act(window, r.id, 'pause', { reason: '缺少户口簿复印件' });
    await moveClock('2026-12-10T02:00:00Z'); // a week later, past the old due date, still waiting
    const waiting = (await window.get(`/api/v1/service-requests/${r.id}`)).json();
    expect(waiting).toMatchObject({ state: 'waiting', completionDue: '2026-12-03', completionClock: 'warning' });
    const ids = async (clock: string) =>
      ((await leader.get(`/api/v1/service-requests?clock=${clock}&pageSize=100`)).json().items as { id: string }[]).map((x) => x.id);
    expect(await ids('warning')).toContain(r.id);
    expect(await ids('overdue')).not.toContain(r.id);
    expect(await ids('on-time')).not.toContain(r.id);
    // Resumed: the six working days paused (3–10 December) move the due date, and the clock runs again.
    const resumed = (await act(window, r.id, 'resume')).json();
    expect(resumed).toMatchObject({ state: 'accepted', completionDue: '2026-12-11', completionClock: 'warning' });
    await moveClock('2026-11-26T02:00:00Z');
  });

  it('a request paused while on time stays on time on the board however long it waits', async () => {
    const r = await receive();
    await act(window, r.id, 'accept');
    await act(window, r.id, 'pause', { reason: '待居民补充材料' });
    await moveClock('2026-12-21T02:00:00Z');
    expect((await window.get(`/api/v1/service-requests/${r.id}`)).json()).toMatchObject({ state: 'waiting', completionClock: 'on-time' });
    const onTime = (await leader.get('/api/v1/service-requests?clock=on-time&pageSize=100')).json().items as { id: string }[];
    expect(onTime.map((x) => x.id)).toContain(r.id);
    await moveClock('2026-11-26T02:00:00Z');
  });
});

describe('the working-day calendar API', () => {
  it('adds working days, and refuses malformed or impossible dates with codes', async () => {
    expect((await t.anonymous.get('/api/v1/calendar/add-working-days?from=2026-09-30&days=1')).json()).toEqual({ date: '2026-10-08', provisional: false });
    expect((await t.anonymous.get('/api/v1/calendar/add-working-days?from=2026-10-09&days=1')).json()).toEqual({ date: '2026-10-10', provisional: false });
    expect((await t.anonymous.get('/api/v1/calendar/add-working-days?from=2027-02-04&days=1')).json()).toEqual({ date: '2027-02-09', provisional: true });
    const bad = await t.anonymous.get('/api/v1/calendar/add-working-days?from=2026-02-30&days=1');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('CALENDAR_DATE_INVALID');
    const far = await t.anonymous.get('/api/v1/calendar/add-working-days?from=3026-01-01&days=1');
    expect(far.statusCode).toBe(422);
    expect(far.json().error.code).toBe('CALENDAR_OUT_OF_RANGE');
    expect((await t.anonymous.get('/api/v1/calendar/add-working-days?from=2026-01-01&days=-1')).statusCode).toBe(400);
  });

  it('confirming next year recomputes provisional due dates of open requests', async () => {
    await moveClock('2026-12-31T02:00:00Z');
    const r = await receive(); // 5 working days from 31 December run into the unconfirmed 2027
    expect(r).toMatchObject({ dueProvisional: true, completionDue: '2027-01-08' });
    const city = await t.login('city');
    // The administrator enters the notice's days (here: 1 January and a bridge day on 4 January), then confirms.
    for (const d of ['2027-01-01', '2027-01-04'])
      expect((await city.put(`/api/v1/calendar/overrides/${d}`, { kind: 'holiday', note: '示例' })).statusCode).toBe(200);
    const confirmed = (await city.post('/api/v1/calendar/years/2027/confirm')).json();
    expect(confirmed.recomputed).toBeGreaterThanOrEqual(1);
    expect((await window.get(`/api/v1/service-requests/${r.id}`)).json()).toMatchObject({ dueProvisional: false, completionDue: '2027-01-11' });
    expect((await city.post('/api/v1/calendar/years/2027/confirm')).json().error.code).toBe('CALENDAR_YEAR_CONFIRMED');
    expect((await window.put('/api/v1/calendar/overrides/2027-01-05', { kind: 'holiday' })).statusCode).toBe(403);
    await moveClock('2026-11-26T02:00:00Z');
  });
});
