import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../../test/harness.ts';
import { buildResident, buildServiceRequest } from '../../test/factories.ts';
import { RecordingSmsSender } from '../../platform/sms/sms.ts';
import type { fixedClock } from '../../platform/clock.ts';

let t: TestApp;
let clock: ReturnType<typeof fixedClock>;
let window: Client;
let leader: Client;
const sms = new RecordingSmsSender();
const COMMUNITY = '654203002009'; // 天山路社区
let ipSerial = 0;
/** Each test speaks from its own address, so the per-address limits of one do not reach another. */
const newIp = () => `10.0.${Math.floor(++ipSerial / 250)}.${ipSerial % 250}`;
const post = (url: string, body: unknown, ip: string) => t.app.inject({ method: 'POST', url, payload: body as object, remoteAddress: ip });
const itemId = async (code: string) => (await t.runtime.ctx.db.selectFrom('service_items').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id;
const act = (c: Client, id: string, action: string, body: unknown = {}) => c.post(`/api/v1/service-requests/${id}/${action}`, body);
const idOf = async (number: string) =>
  (await t.runtime.ctx.db.selectFrom('service_requests').select('id').where('number', '=', number).executeTakeFirstOrThrow()).id;

async function submit(ip = newIp(), extra: Record<string, unknown> = {}) {
  const res = await post(
    '/api/v1/public/requests',
    { orgId: await t.orgId(COMMUNITY), itemId: await itemId('JY-01'), name: '李梅', phone: '138 1234 5678', description: '办理失业登记', ...extra },
    ip,
  );
  return res;
}
async function submitted(): Promise<string> {
  const res = await submit();
  expect(res.statusCode, res.body).toBe(201);
  return res.json().number as string;
}

beforeAll(async () => {
  t = await createTestApp({ clock: 'fixed', sms }); // Thursday 26 November 2026, 10:00 in Shawan
  clock = t.clock as ReturnType<typeof fixedClock>;
  window = await t.login('tianshan-window');
  leader = await t.login('tianshan');
});
afterAll(() => t.close());

describe('communities', () => {
  it('lists the communities and villages residents choose from, with their township', async () => {
    const res = await t.anonymous.get('/api/v1/public/communities');
    expect(res.statusCode).toBe(200);
    const items = res.json().items as { id: string; code: string; name: string; kind: string; townshipName: string }[];
    expect(items.find((c) => c.code === COMMUNITY)).toMatchObject({ id: await t.orgId(COMMUNITY), name: '天山路社区', kind: 'community' });
    expect(items.every((c) => c.code.length === 12 && c.townshipName)).toBe(true);
    expect(items.some((c) => c.kind === 'village')).toBe(true);
  });
});

describe('submitting online', () => {
  it('answers only the number; the request is on the community board, online, with no owner until a worker accepts it', async () => {
    const res = await submit();
    expect(res.statusCode, res.body).toBe(201);
    expect(Object.keys(res.json())).toEqual(['number']);
    const number = res.json().number as string;
    expect(number).toMatch(/^FW20261126-\d{4}$/);

    const board = await leader.get(`/api/v1/service-requests?channel=online&q=${number}`);
    const row = board.json().items.find((x: { number: string }) => x.number === number);
    expect(row).toMatchObject({ channel: 'online', state: 'received', ownerId: null, residentName: '李梅', contactPhoneMasked: '138****5678' });

    expect((await act(window, row.id, 'accept')).statusCode).toBe(200);
    const after = await leader.get(`/api/v1/service-requests/${row.id}`);
    expect(after.json()).toMatchObject({ state: 'accepted', ownerName: '天山路社区窗口' });
  });

  it('refuses an item not offered online, a bad phone and a node that is not a community', async () => {
    const notOnline = await submit(newIp(), { itemId: await itemId('SB-01') });
    expect([notOnline.statusCode, notOnline.json().error.code]).toEqual([422, 'SERVICE_ITEM_NOT_OFFERED']);
    const phone = await submit(newIp(), { phone: '12345' });
    expect([phone.statusCode, phone.json().error.code]).toEqual([422, 'PHONE_INVALID']);
    const grid = await submit(newIp(), { orgId: await t.orgId(`${COMMUNITY}001`) });
    expect([grid.statusCode, grid.json().error.code]).toEqual([404, 'ORG_NOT_FOUND']);
    const extra = await submit(newIp(), { residentId: 'x' });
    expect(extra.statusCode).toBe(400);
  });

  it('limits submissions per address (429 with Retry-After), and lets them again once the window has passed', async () => {
    const ip = newIp();
    for (let i = 0; i < 5; i++) expect((await submit(ip)).statusCode).toBe(201);
    const sixth = await submit(ip);
    expect([sixth.statusCode, sixth.json().error.code]).toEqual([429, 'RATE_LIMITED']);
    expect(Number(sixth.headers['retry-after'])).toBeGreaterThan(0);
    expect((await submit()).statusCode).toBe(201); // another address is not held back
    clock.advance(10 * 60_000);
    expect((await submit(ip)).statusCode).toBe(201);
    window = await t.login('tianshan-window');
    leader = await t.login('tianshan');
  });
});

describe('following a request', () => {
  it('shows the public steps by number and the last four digits, with reasons only where they are the resident’s business', async () => {
    const number = await submitted();
    const id = await idOf(number);
    await act(window, id, 'accept', { note: '内部备注' });
    await act(window, id, 'pause', { reason: '请补充劳动合同' });
    await act(window, id, 'resume');
    await act(window, id, 'complete', { result: '内部办理结果' });
    const res = await post('/api/v1/public/requests/lookup', { number, phoneLast4: '5678' }, newIp());
    expect(res.statusCode, res.body).toBe(200);
    const view = res.json();
    expect(view).toMatchObject({
      number,
      itemCode: 'JY-01',
      itemName: '就业登记与失业登记',
      orgName: '天山路社区',
      state: 'completed',
      stateLabel: 'requestState.completed',
      receivedDate: '2026-11-26',
      canRate: false,
      onBehalf: null,
    });
    expect(view.dueDate).toMatch(/^2026-1[12]-\d{2}$/);
    expect(view.steps.map((s: { action: string; state: string; reason: string | null }) => [s.action, s.state, s.reason])).toEqual([
      ['receive', 'received', null],
      ['accept', 'accepted', null],
      ['pause', 'waiting', '请补充劳动合同'],
      ['resume', 'accepted', null],
      ['complete', 'completed', null],
    ]);
    expect(JSON.stringify(view)).not.toContain('内部');
    expect(JSON.stringify(view)).not.toContain(id);
  });

  it('shows "handled on your behalf by" with the worker’s name and steps', async () => {
    const number = await submitted();
    const id = await idOf(number);
    await act(window, id, 'accept');
    await act(window, id, 'authorize-agency', { scope: '代为申请', validUntil: '2027-01-31', signedHow: 'written' });
    await act(window, id, 'agency-step', { step: '已代为向人社局提交材料' });
    const view = (await post('/api/v1/public/requests/lookup', { number, phoneLast4: '5678' }, newIp())).json();
    expect(view.onBehalf).toMatchObject({ handledBy: ['天山路社区窗口'], steps: [{ step: '已代为向人社局提交材料', by: '天山路社区窗口' }] });
  });

  it('answers a wrong number and wrong last four digits with the same 404', async () => {
    const number = await submitted();
    const ip = newIp();
    const wrongPhone = await post('/api/v1/public/requests/lookup', { number, phoneLast4: '0000' }, ip);
    const wrongNumber = await post('/api/v1/public/requests/lookup', { number: 'FW20261126-9999', phoneLast4: '5678' }, ip);
    expect(wrongPhone.statusCode).toBe(404);
    expect(wrongNumber.statusCode).toBe(404);
    expect(wrongPhone.body).toBe(wrongNumber.body);
    expect(wrongPhone.json().error.code).toBe('PUBLIC_REQUEST_NOT_MATCHED');
  });

  it('limits failed attempts per address, and per number across addresses', async () => {
    const number = await submitted();
    const ip = newIp();
    for (let i = 0; i < 10; i++)
      expect((await post('/api/v1/public/requests/lookup', { number: `FW20261126-8${i}00`, phoneLast4: '1111' }, ip)).statusCode).toBe(404);
    const held = await post('/api/v1/public/requests/lookup', { number, phoneLast4: '5678' }, ip);
    expect([held.statusCode, held.json().error.code]).toEqual([429, 'RATE_LIMITED']);
    // Guessing one number's last four from many addresses runs into the number's own limit.
    for (let i = 0; i < 10; i++) expect((await post('/api/v1/public/requests/lookup', { number, phoneLast4: `000${i}` }, newIp())).statusCode).toBe(404);
    expect((await post('/api/v1/public/requests/lookup', { number, phoneLast4: '5678' }, newIp())).statusCode).toBe(429);
  });

  it('follows a registered resident’s request by the resident’s own phone', async () => {
    const resident = await buildResident(t.runtime.ctx, { gridCode: `${COMMUNITY}001`, phone: '13900001111' });
    const r = await buildServiceRequest(t.runtime.ctx, COMMUNITY, { resident_id: resident.id, visitor_name: null });
    const number = (await t.runtime.ctx.db.selectFrom('service_requests').select('number').where('id', '=', r.id).executeTakeFirstOrThrow()).number;
    expect((await post('/api/v1/public/requests/lookup', { number, phoneLast4: '1111' }, newIp())).statusCode).toBe(200);
    sms.clear();
    expect((await post('/api/v1/public/requests/code', { number }, newIp())).json()).toEqual({ sent: true });
    expect(sms.last()?.phone).toBe('13900001111');
  });
});

describe('one-time codes and rating', () => {
  async function informed(): Promise<{ number: string; id: string }> {
    const number = await submitted();
    const id = await idOf(number);
    for (const [action, body] of [
      ['accept', {}],
      ['complete', { result: '已办结' }],
      ['inform', { method: 'phone' }],
    ] as const)
      expect((await act(window, id, action, body)).statusCode).toBe(200);
    return { number, id };
  }
  const codeFrom = (message: string | undefined) => /验证码为 (\d{6})/.exec(message ?? '')?.[1];

  it('sends a code through the SMS sender and answers the same whether the number exists or not', async () => {
    const { number } = await informed();
    sms.clear();
    const ip = newIp();
    const sent = await post('/api/v1/public/requests/code', { number }, ip);
    expect([sent.statusCode, sent.json()]).toEqual([200, { sent: true }]);
    expect(sms.messages).toHaveLength(1);
    expect(sms.last()!.phone).toBe('13812345678');
    expect(sms.last()!.message).toContain(number);
    expect(codeFrom(sms.last()!.message)).toMatch(/^\d{6}$/);
    const none = await post('/api/v1/public/requests/code', { number: 'FW20261126-9998' }, ip);
    expect([none.statusCode, none.body]).toEqual([sent.statusCode, sent.body]);
    expect(sms.messages).toHaveLength(1);
    // Only a keyed digest is stored, never the code.
    const rows = await t.runtime.ctx.db.selectFrom('one_time_codes').selectAll().execute();
    expect(rows.some((r) => r.code_hash.includes(codeFrom(sms.last()!.message)!))).toBe(false);
    // Asked again within a minute: the same answer, no second message; a third request from the address is one too many.
    expect((await post('/api/v1/public/requests/code', { number }, ip)).statusCode).toBe(200);
    expect(sms.messages).toHaveLength(1);
    expect((await post('/api/v1/public/requests/code', { number }, ip)).statusCode).toBe(429);
  });

  it('rates with the code, once; a dissatisfied rating asks for a follow-up; the timeline and the audit log record it', async () => {
    const { number, id } = await informed();
    sms.clear();
    await post('/api/v1/public/requests/code', { number }, newIp());
    const code = codeFrom(sms.last()?.message)!;
    const res = await post('/api/v1/public/requests/rate', { number, code, rating: 'dissatisfied', comment: '等太久' }, newIp());
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ state: 'rated', rating: 'dissatisfied', canRate: true });
    const row = await t.runtime.ctx.db.selectFrom('service_requests').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ rating: 'dissatisfied', rating_comment: '等太久', rating_source: 'online', follow_up_needed: 1, state: 'rated' });
    const detail = (await leader.get(`/api/v1/service-requests/${id}`)).json();
    expect(detail.followUpNeeded).toBe(true);
    expect(detail.events.at(-1)).toMatchObject({ action: 'rate', actorName: null, actorOrgName: null, fromState: 'informed', toState: 'rated' }); // the web says 群众
    const audit = await t.runtime.ctx.db.selectFrom('audit_log').selectAll().where('target_id', '=', id).where('action', '=', 'service-request.rate').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_id: null, actor_name: 'resident' });
    // The code is spent.
    const again = await post('/api/v1/public/requests/rate', { number, code, rating: 'satisfied' }, newIp());
    expect([again.statusCode, again.json().error.code]).toEqual([404, 'PUBLIC_REQUEST_NOT_MATCHED']);
    // Review upholds the complaint: the resident sees the request taken up again.
    expect((await act(leader, id, 'follow-up', { result: 'upheld', note: '回访属实，重新办理' })).statusCode).toBe(200);
    const view = (await post('/api/v1/public/requests/lookup', { number, phoneLast4: '5678' }, newIp())).json();
    expect(view.steps.slice(-2).map((s: { action: string; state: string }) => [s.action, s.state])).toEqual([
      ['rate', 'rated'],
      ['follow-up', 'accepted'],
    ]);
    expect(JSON.stringify(view)).not.toContain('回访属实');
  });

  it('refuses the right code after too many wrong ones, and an expired code', async () => {
    const { number } = await informed();
    sms.clear();
    await post('/api/v1/public/requests/code', { number }, newIp());
    const code = codeFrom(sms.last()?.message)!;
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i++)
      expect((await post('/api/v1/public/requests/rate', { number, code: wrong, rating: 'satisfied' }, newIp())).statusCode).toBe(404);
    expect((await post('/api/v1/public/requests/rate', { number, code, rating: 'satisfied' }, newIp())).statusCode).toBe(404);

    clock.advance(61_000);
    await post('/api/v1/public/requests/code', { number }, newIp());
    const fresh = codeFrom(sms.last()?.message)!;
    clock.advance(5 * 60_000 + 1);
    expect((await post('/api/v1/public/requests/rate', { number, code: fresh, rating: 'satisfied' }, newIp())).statusCode).toBe(404);
    window = await t.login('tianshan-window');
    leader = await t.login('tianshan');
  });

  it('rates by the last four digits; refuses a rating the state does not allow (409) and a body with both or neither proof', async () => {
    const { number } = await informed();
    const ok = await post('/api/v1/public/requests/rate', { number, phoneLast4: '5678', rating: 'very-satisfied' }, newIp());
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ state: 'rated', rating: 'very-satisfied' });

    const early = await submitted();
    const res = await post('/api/v1/public/requests/rate', { number: early, phoneLast4: '5678', rating: 'satisfied' }, newIp());
    expect([res.statusCode, res.json().error.code]).toEqual([409, 'SERVICE_REQUEST_STATE']);
    const both = await post('/api/v1/public/requests/rate', { number, phoneLast4: '5678', code: '123456', rating: 'satisfied' }, newIp());
    const neither = await post('/api/v1/public/requests/rate', { number, rating: 'satisfied' }, newIp());
    expect([both.statusCode, neither.statusCode]).toEqual([400, 400]);
  });
});
