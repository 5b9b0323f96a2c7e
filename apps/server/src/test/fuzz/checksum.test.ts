import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../harness.ts';
import { changedTables, databaseChecksum } from './checksum.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ clock: 'fixed' });
});
afterAll(() => t.close());

describe('the fuzzer’s database checksum', () => {
  it('moves with a changed row and names its table; ignores what a refusal may record', async () => {
    const db = t.runtime.ctx.db;
    const a = await databaseChecksum(db);
    expect((await databaseChecksum(db)).total).toBe(a.total);

    await db.updateTable('org_nodes').set({ name: '改名' }).where('code', '=', '654203002009').execute();
    const b = await databaseChecksum(db);
    expect(b.total).not.toBe(a.total);
    expect(changedTables(a, b)).toEqual(['org_nodes']);

    // A refused login: a failure audit row and the failed-login counter are excluded on purpose.
    const res = await t.anonymous.post('/api/v1/auth/login', { username: 'city', password: 'wrong-password' });
    expect(res.statusCode).toBe(401);
    expect((await databaseChecksum(db)).total).toBe(b.total);

    await t.login('city');
    expect(changedTables(b, await databaseChecksum(db))).toEqual(expect.arrayContaining(['audit_log', 'sessions']));
  });
});
