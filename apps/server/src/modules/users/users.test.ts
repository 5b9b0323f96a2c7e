import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type Client } from '../../test/harness.ts';

let t: TestApp;
let admin: Client;
let secadmin: Client;
beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
  secadmin = await t.login('secadmin');
});
afterAll(() => t.close());

describe('accounts (system administrator)', () => {
  it('creates a user who must change the password at first sign-in; a taken name is 409', async () => {
    const res = await admin.post('/api/v1/users', { username: 'guangchang', displayName: '广场路社区书记', password: 'Square-Road-2027' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ username: 'guangchang', status: 'active', mustChangePassword: true });
    expect(res.json().abilities).toEqual(expect.arrayContaining(['update', 'reset-password', 'disable']));
    const again = await admin.post('/api/v1/users', { username: 'guangchang', displayName: 'x', password: 'Square-Road-2027' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('USERNAME_TAKEN');
    expect(again.json().error.message).toContain('guangchang');
  });

  it('searches and pages the user list', async () => {
    const res = (await admin.get('/api/v1/users?q=tianshan')).json();
    expect(res.items.map((u: { username: string }) => u.username)).toEqual(['tianshan', 'tianshan-grid1', 'tianshan-window']);
    expect((await admin.get('/api/v1/users?pageSize=3&page=2')).json()).toMatchObject({ page: 2, pageSize: 3, total: 20 });
  });

  it('disabling a user ends their sessions and refuses their sign-in; enabling lets them back', async () => {
    const id = await t.userId('tiyuchang');
    const session = await t.login('tiyuchang');
    expect((await admin.patch(`/api/v1/users/${id}`, { status: 'disabled' })).json().abilities).toContain('enable');
    expect((await session.get('/api/v1/orgs')).statusCode).toBe(401);
    const login = await t.anonymous.post('/api/v1/auth/login', { username: 'tiyuchang', password: 'Lingyan-Demo-2026!' });
    expect(login.statusCode).toBe(423);
    expect(login.json().error.code).toBe('ACCOUNT_DISABLED');
    await admin.patch(`/api/v1/users/${id}`, { status: 'active' });
    await t.login('tiyuchang');
  });

  it('an administrator cannot disable themselves', async () => {
    const res = await admin.patch(`/api/v1/users/${await t.userId('admin')}`, { status: 'disabled' });
    expect(res.statusCode).toBe(403);
  });

  it('the system administrator reads no business data and cannot grant roles', async () => {
    expect((await admin.get('/api/v1/audit')).statusCode).toBe(403);
    expect((await admin.get(`/api/v1/orgs/${await t.orgId('654203')}/summary`)).statusCode).toBe(403);
    const res = await admin.post('/api/v1/assignments', {
      userId: await t.userId('guangchang'),
      role: 'community-leader',
      orgId: await t.orgId('654203002015'),
    });
    expect(res.statusCode).toBe(403);
  });
});

describe('roles and assignments (security administrator)', () => {
  it('grants a role at a node; the user then sees exactly that node', async () => {
    const userId = await t.userId('guangchang');
    const res = await secadmin.post('/api/v1/assignments', {
      userId,
      role: 'community-leader',
      orgId: await t.orgId('654203002015'),
      validFrom: '2026-01-01',
      validTo: null,
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ role: 'community-leader', orgName: '广场路社区', abilities: ['delete'] });
    const listed = (await secadmin.get(`/api/v1/assignments?userId=${userId}`)).json();
    expect(listed.total).toBe(1);
    await t.runtime.ctx.db.updateTable('users').set({ must_change_password: 0 }).where('id', '=', userId).execute();
    const user = await t.login('guangchang', 'Square-Road-2027');
    expect((await user.get('/api/v1/orgs')).json().items.map((n: { name: string }) => n.name)).toEqual(['广场路社区']);
  });

  it('refuses a role at the wrong kind of node, a backwards period and a duplicate', async () => {
    const userId = await t.userId('guangchang');
    const wrongKind = await secadmin.post('/api/v1/assignments', { userId, role: 'township-officer', orgId: await t.orgId('654203002015') });
    expect(wrongKind.json().error.code).toBe('ASSIGNMENT_ROLE_ORG_MISMATCH');
    const backwards = await secadmin.post('/api/v1/assignments', {
      userId,
      role: 'window-worker',
      orgId: await t.orgId('654203002015'),
      validFrom: '2026-06-01',
      validTo: '2026-01-01',
    });
    expect(backwards.json().error.code).toBe('ASSIGNMENT_INVALID_PERIOD');
    const dup = await secadmin.post('/api/v1/assignments', { userId, role: 'community-leader', orgId: await t.orgId('654203002015') });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.code).toBe('ASSIGNMENT_DUPLICATE');
  });

  it('keeps the three administrators separated', async () => {
    const res = await secadmin.post('/api/v1/assignments', { userId: await t.userId('auditor'), role: 'city-admin', orgId: await t.orgId('654203') });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('ASSIGNMENT_SEPARATION_CONFLICT');
    const toLeader = await secadmin.post('/api/v1/assignments', { userId: await t.userId('guangchang'), role: 'auditor', orgId: await t.orgId('654203') });
    expect(toLeader.json().error.code).toBe('ASSIGNMENT_SEPARATION_CONFLICT');
  });

  it('nobody changes their own roles', async () => {
    const own = (await secadmin.get(`/api/v1/assignments?userId=${await t.userId('secadmin')}`)).json().items[0];
    expect(own.abilities).toEqual([]);
    expect((await secadmin.delete(`/api/v1/assignments/${own.id}`)).statusCode).toBe(403);
  });

  it('an assignment outside its period grants nothing', async () => {
    const userId = await t.userId('guangchang');
    const a = (await secadmin.get(`/api/v1/assignments?userId=${userId}`)).json().items[0];
    expect((await secadmin.delete(`/api/v1/assignments/${a.id}`)).statusCode).toBe(200);
    await secadmin.post('/api/v1/assignments', {
      userId,
      role: 'community-leader',
      orgId: await t.orgId('654203002015'),
      validFrom: '2020-01-01',
      validTo: '2020-12-31',
    });
    const user = await t.login('guangchang', 'Square-Road-2027');
    expect((await user.get('/api/v1/orgs')).statusCode).toBe(403);
  });

  it('edits a business role but never gives it administrator permissions; the three administrator roles are fixed', async () => {
    const ok = await secadmin.put('/api/v1/roles/grid-worker', { permissions: ['org:read'] });
    expect(ok.statusCode).toBe(200);
    const grid = await t.login('tianshan-grid1');
    expect((await grid.get(`/api/v1/orgs/${await t.orgId('654203002009001')}/summary`)).statusCode).toBe(403);
    await secadmin.put('/api/v1/roles/grid-worker', { permissions: ['org:read', 'org:summary'] });
    expect((await secadmin.put('/api/v1/roles/grid-worker', { permissions: ['audit:read'] })).json().error.code).toBe('ROLE_PERMISSION_NOT_ALLOWED');
    expect((await secadmin.put('/api/v1/roles/auditor', { permissions: ['audit:read', 'org:read'] })).json().error.code).toBe('ROLE_NOT_EDITABLE');
    expect((await secadmin.put('/api/v1/roles/nonexistent', { permissions: [] })).statusCode).toBe(400);
  });

  it('offers editing only for business roles', async () => {
    const roles = (await secadmin.get('/api/v1/roles')).json().items as { code: string; abilities: string[] }[];
    const editable = roles.filter((r) => r.abilities.includes('update')).map((r) => r.code);
    expect(editable.sort()).toEqual(['city-admin', 'community-leader', 'department-officer', 'grid-worker', 'township-officer', 'window-worker']);
    expect((await admin.get('/api/v1/roles')).json().items.every((r: { abilities: string[] }) => r.abilities.length === 0)).toBe(true);
  });

  it('the security administrator does not manage accounts', async () => {
    expect((await secadmin.post('/api/v1/users', { username: 'x-user', displayName: 'x', password: 'Whatever-Pass-1' })).statusCode).toBe(403);
  });

  it('every grant and revoke is in the audit log', async () => {
    const rows = await t.runtime.ctx.db
      .selectFrom('audit_log')
      .select(['action', 'actor_name'])
      .where('action', 'like', 'assignment.%')
      .orderBy('seq')
      .execute();
    expect(rows.map((r) => `${r.action}:${r.actor_name}`)).toEqual(['assignment.create:secadmin', 'assignment.delete:secadmin', 'assignment.create:secadmin']);
  });
});

describe('settings', () => {
  it('policy values are data: the administrator tightens the lockout and it applies', async () => {
    const bad = await admin.put('/api/v1/settings/auth.lockout', { value: { maxFailures: 1, lockMinutes: 5 } });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error.code).toBe('SETTING_INVALID');
    expect((await admin.put('/api/v1/settings/auth.lockout', { value: { maxFailures: 3, lockMinutes: 5 } })).statusCode).toBe(200);
    for (let i = 0; i < 2; i++) expect((await t.anonymous.post('/api/v1/auth/login', { username: 'taoyuan', password: 'bad' })).statusCode).toBe(401);
    const third = await t.anonymous.post('/api/v1/auth/login', { username: 'taoyuan', password: 'bad' });
    expect(third.statusCode).toBe(423);
    expect(third.json().error.details.minutes).toBe(5);
    expect((await admin.put('/api/v1/settings/no.such.key', { value: 1 })).statusCode).toBe(404);
  });
});
