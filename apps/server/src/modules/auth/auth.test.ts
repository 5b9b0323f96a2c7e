import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, DEMO_PASSWORD, type TestApp } from '../../test/harness.ts';
import type { fixedClock } from '../../platform/clock.ts';

let t: TestApp;
let clock: ReturnType<typeof fixedClock>;
beforeAll(async () => {
  t = await createTestApp({ clock: 'fixed' });
  clock = t.clock as ReturnType<typeof fixedClock>;
});
afterAll(() => t.close());

describe('login', () => {
  it('answers the user and a CSRF token, and sets an httpOnly SameSite session cookie', async () => {
    const res = await t.anonymous.post('/api/v1/auth/login', { username: 'tianshan', password: DEMO_PASSWORD });
    expect(res.statusCode).toBe(200);
    expect(res.json().user.username).toBe('tianshan');
    expect(res.json().csrfToken).toMatch(/^[\w-]{20,}$/);
    const cookie = res.cookies.find((c) => c.name === 'lingyan_session');
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe('Strict');
  });

  it('refuses a wrong password and an unknown user alike, with a translated message', async () => {
    const wrong = await t.anonymous.post('/api/v1/auth/login', { username: 'tianshan', password: 'nope' });
    const unknown = await t.anonymous.post('/api/v1/auth/login', { username: 'nobody', password: 'nope' });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json().error).toEqual({ code: 'AUTH_INVALID_CREDENTIALS', message: '用户名或密码错误' });
    expect(unknown.json().error.code).toBe('AUTH_INVALID_CREDENTIALS');
    const en = await t.anonymous.post('/api/v1/auth/login', { username: 'nobody', password: 'x' }, { 'accept-language': 'en-US,en;q=0.9' });
    expect(en.json().error.message).toBe('Wrong username or password');
  });

  it('locks the account after five failures, and the right password does not open it until the lock ends', async () => {
    for (let i = 0; i < 4; i++) expect((await t.anonymous.post('/api/v1/auth/login', { username: 'tiyuchang', password: 'bad' })).statusCode).toBe(401);
    const fifth = await t.anonymous.post('/api/v1/auth/login', { username: 'tiyuchang', password: 'bad' });
    expect(fifth.statusCode).toBe(423);
    expect(fifth.json().error.code).toBe('AUTH_LOCKED');
    expect(fifth.json().error.details.minutes).toBe(15);
    const right = await t.anonymous.post('/api/v1/auth/login', { username: 'tiyuchang', password: DEMO_PASSWORD });
    expect(right.statusCode).toBe(423);
    clock.advance(16 * 60_000);
    expect((await t.anonymous.post('/api/v1/auth/login', { username: 'tiyuchang', password: DEMO_PASSWORD })).statusCode).toBe(200);
  });

  it('rejects unknown fields and missing fields with a coded 400', async () => {
    const extra = await t.anonymous.post('/api/v1/auth/login', { username: 'a', password: 'b', admin: true });
    expect(extra.statusCode).toBe(400);
    expect(extra.json().error.code).toBe('VALIDATION_FAILED');
    const missing = await t.anonymous.post('/api/v1/auth/login', { username: 'a' });
    expect(missing.statusCode).toBe(400);
  });
});

describe('sessions', () => {
  it('/me answers the user, assignments, scope and permissions; without a session it is 401', async () => {
    const c = await t.login('tianshan');
    const me = (await c.get('/api/v1/auth/me')).json();
    expect(me.assignments.map((a: { role: string; orgName: string }) => [a.role, a.orgName])).toEqual([['community-leader', '天山路社区']]);
    expect(me.scope.map((s: { name: string }) => s.name)).toEqual(['天山路社区']);
    expect(me.permissions).toContain('org:summary');
    expect(me.permissions).not.toContain('user:manage');
    expect((await t.anonymous.get('/api/v1/auth/me')).statusCode).toBe(401);
  });

  it('ends after the idle timeout', async () => {
    const c = await t.login('tianshan');
    clock.advance(29 * 60_000);
    expect((await c.get('/api/v1/auth/me')).statusCode).toBe(200);
    clock.advance(29 * 60_000);
    expect((await c.get('/api/v1/auth/me')).statusCode).toBe(200);
    clock.advance(31 * 60_000);
    const res = await c.get('/api/v1/orgs');
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('AUTH_SESSION_EXPIRED');
  });

  it('ends after the absolute timeout even when used all along', async () => {
    const c = await t.login('tianshan');
    for (let h = 0; h < 12 * 4 - 1; h++) {
      clock.advance(15 * 60_000);
      expect((await c.get('/api/v1/orgs')).statusCode).toBe(200);
    }
    clock.advance(16 * 60_000);
    expect((await c.get('/api/v1/orgs')).statusCode).toBe(401);
  });

  it('requires the CSRF token on state-changing requests with a cookie', async () => {
    const c = await t.login('tianshan');
    const cookie = (await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'tianshan', password: DEMO_PASSWORD } })).cookies[0]!;
    const noToken = await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie: `lingyan_session=${cookie.value}` } });
    expect(noToken.statusCode).toBe(403);
    expect(noToken.json().error.code).toBe('AUTH_CSRF_INVALID');
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { cookie: `lingyan_session=${cookie.value}`, 'x-csrf-token': c.csrfToken! },
    });
    expect(wrong.statusCode).toBe(403);
  });

  it('logout ends the session', async () => {
    const c = await t.login('tianshan');
    expect((await c.post('/api/v1/auth/logout')).statusCode).toBe(200);
    expect((await c.get('/api/v1/orgs')).statusCode).toBe(401);
  });
});

describe('passwords', () => {
  it('a user changes their password: the policy applies, the old one stops working, other sessions end', async () => {
    const other = await t.login('tianshan-window');
    const c = await t.login('tianshan-window');
    const weak = await c.post('/api/v1/auth/password', { currentPassword: DEMO_PASSWORD, newPassword: 'short' });
    expect(weak.statusCode).toBe(422);
    expect(weak.json().error.code).toBe('PASSWORD_POLICY_VIOLATION');
    expect(weak.json().error.details.failed).toEqual(['minLength', 'minClasses']);
    const wrongCurrent = await c.post('/api/v1/auth/password', { currentPassword: 'x', newPassword: 'Window-Desk-2027' });
    expect(wrongCurrent.json().error.code).toBe('PASSWORD_WRONG');
    expect((await c.post('/api/v1/auth/password', { currentPassword: DEMO_PASSWORD, newPassword: 'Window-Desk-2027' })).statusCode).toBe(200);
    expect((await other.get('/api/v1/orgs')).statusCode).toBe(401);
    expect((await c.get('/api/v1/orgs')).statusCode).toBe(200);
    expect((await t.anonymous.post('/api/v1/auth/login', { username: 'tianshan-window', password: DEMO_PASSWORD })).statusCode).toBe(401);
    await t.login('tianshan-window', 'Window-Desk-2027');
  });

  it('after an administrator reset, the user must change the password before anything else', async () => {
    const admin = await t.login('admin');
    const id = await t.userId('tianshan-grid1');
    expect((await admin.post(`/api/v1/users/${id}/reset-password`, { newPassword: 'Temporary-Pass-1' })).statusCode).toBe(200);
    const c = await t.login('tianshan-grid1', 'Temporary-Pass-1');
    expect((await c.get('/api/v1/auth/me')).json().user.mustChangePassword).toBe(true);
    const blocked = await c.get('/api/v1/orgs');
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().error.code).toBe('AUTH_PASSWORD_CHANGE_REQUIRED');
    expect((await c.post('/api/v1/auth/password', { currentPassword: 'Temporary-Pass-1', newPassword: 'Grid-Worker-2027' })).statusCode).toBe(200);
    expect((await c.get('/api/v1/orgs')).statusCode).toBe(200);
  });
});

describe('API tokens', () => {
  it('a bearer token works without CSRF; a revoked one is refused', async () => {
    const admin = await t.login('admin');
    const created = await admin.post('/api/v1/api-tokens', { userId: await t.userId('city'), name: '12345 hotline' });
    expect(created.statusCode).toBe(201);
    const { id, token } = created.json();
    const bearer = { authorization: `Bearer ${token}` };
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/orgs', headers: bearer });
    expect(list.statusCode).toBe(200);
    expect(list.json().items[0].code).toBe('654203');
    const stored = await t.runtime.ctx.db.selectFrom('api_tokens').select('token_hash').where('id', '=', id).executeTakeFirstOrThrow();
    expect(stored.token_hash).not.toContain(token);
    expect((await admin.delete(`/api/v1/api-tokens/${id}`)).statusCode).toBe(200);
    const after = await t.app.inject({ method: 'GET', url: '/api/v1/orgs', headers: bearer });
    expect(after.statusCode).toBe(401);
    expect(after.json().error.code).toBe('AUTH_INVALID_TOKEN');
  });
});
