import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestApp, DEMO_PASSWORD, type TestApp } from '../../test/harness.ts';
import { verifyAuditChain } from '../../platform/audit/audit.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  // A few real writes and failures to build a chain.
  await t.login('tianshan');
  await t.anonymous.post('/api/v1/auth/login', { username: 'tianshan', password: 'wrong' });
  const admin = await t.login('admin');
  await admin.post('/api/v1/users', { username: 'newcomer', displayName: '新同事', password: 'Fresh-Start-2027' });
});
afterAll(() => t.close());

const db = () => t.runtime.ctx.db;
const verify = () => verifyAuditChain(db(), t.runtime.ctx.crypto);

/** The database refuses changes to the log; a test that tampers must first remove that guard, as an attacker with DBA rights would. */
async function dropGuards() {
  if (t.runtime.ctx.engine === 'postgres') await sql`alter table audit_log disable trigger user`.execute(db());
  else {
    await sql`drop trigger audit_log_no_update`.execute(db());
    await sql`drop trigger audit_log_no_delete`.execute(db());
  }
}

describe('audit log', () => {
  it('records logins (with failures) and writes, with request id and outcome', async () => {
    const rows = await db().selectFrom('audit_log').selectAll().orderBy('seq').execute();
    const actions = rows.map((r) => `${r.action}:${r.outcome}:${r.actor_name}`);
    expect(actions).toEqual(['auth.login:success:tianshan', 'auth.login:failure:tianshan', 'auth.login:success:admin', 'user.create:success:admin']);
    expect(rows.every((r) => r.request_id && r.hash.startsWith('hmac-sha256:'))).toBe(true);
    expect(JSON.parse(rows[3]!.details!)).toEqual({ username: 'newcomer' });
  });

  it('is only readable by the auditor, newest first, filterable', async () => {
    const auditor = await t.login('auditor');
    const res = await auditor.get('/api/v1/audit?actor=admin');
    expect(res.statusCode).toBe(200);
    expect(res.json().items.map((i: { action: string }) => i.action)).toEqual(['user.create', 'auth.login']);
    const failures = (await auditor.get('/api/v1/audit?outcome=failure')).json();
    expect(failures.total).toBe(1);
    expect(failures.items[0].details).toEqual({ reason: 'wrong-password', failures: 1 });
    for (const who of ['admin', 'secadmin', 'city', 'tianshan']) expect((await (await t.login(who)).get('/api/v1/audit')).statusCode).toBe(403);
  });

  it('the database refuses to update or delete log rows', async () => {
    await expect(sql`update audit_log set action = 'x' where seq = 1`.execute(db())).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_log where seq = 1`.execute(db())).rejects.toThrow(/append-only/);
  });

  it('the chain verifies, and an altered, a removed or a truncated row is found', async () => {
    const ok = await verify();
    expect(ok.ok).toBe(true);
    const total = ok.rows;
    expect(total).toBeGreaterThanOrEqual(8);
    await dropGuards();

    await sql`update audit_log set actor_name = 'someone-else' where seq = 3`.execute(db());
    expect(await verify()).toMatchObject({ ok: false, brokenAt: 3, reason: 'row 3 was altered' });
    await sql`update audit_log set actor_name = 'admin' where seq = 3`.execute(db());
    expect((await verify()).ok).toBe(true);

    const row5 = await db().selectFrom('audit_log').selectAll().where('seq', '=', 5).executeTakeFirstOrThrow();
    await sql`delete from audit_log where seq = 5`.execute(db());
    expect(await verify()).toMatchObject({ ok: false, brokenAt: 5, reason: 'row 5 is missing' });
    await db().insertInto('audit_log').values(row5).execute();
    expect((await verify()).ok).toBe(true);

    await sql`delete from audit_log where seq = ${total}`.execute(db());
    expect(await verify()).toMatchObject({ ok: false, brokenAt: total });
  });
});

describe('audit chain on a new database', () => {
  it('takes the first writes arriving at once: every one lands and the chain links them all', async () => {
    const fresh = await createTestApp();
    try {
      const ctx = fresh.runtime.ctx;
      expect(await ctx.db.selectFrom('audit_head').select('seq').executeTakeFirst()).toBeUndefined();
      // Eight writers, each in its own transaction, all finding no chain head yet (PostgreSQL runs them side by side).
      const who = { actorId: null, actorName: 'test', requestId: null, ip: null };
      const seqs = await Promise.all(Array.from({ length: 8 }, (_, i) => ctx.audit(ctx.db, who, { action: 'test.concurrent', details: { i } })));
      expect([...seqs].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      expect(await verifyAuditChain(ctx.db, ctx.crypto)).toEqual({ ok: true, rows: 8 });
      // And through the API: logins at once on the same database.
      const users = ['city', 'tuanjie', 'tianshan', 'admin'];
      const answers = await Promise.all(users.map((username) => fresh.anonymous.post('/api/v1/auth/login', { username, password: DEMO_PASSWORD })));
      expect(answers.map((r) => r.statusCode)).toEqual(users.map(() => 200));
      expect(await verifyAuditChain(ctx.db, ctx.crypto)).toEqual({ ok: true, rows: 8 + users.length });
    } finally {
      await fresh.close();
    }
  });
});
