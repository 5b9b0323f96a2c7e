import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../../test/harness.ts';
import { attachFiles, filesOf } from './files.commands.ts';
import { filesDir } from './files.store.ts';
import { purgeUnattachedFiles, sweepOrphanFiles } from './files.jobs.ts';
import type { fixedClock } from '../../platform/clock.ts';
import { PNG_1X1, actorOfUser, uploadAs, uploadPhoto } from './files.test-support.ts';

let t: TestApp;
let window: Client;
let leader: Client;
let otherLeader: Client;
let admin: Client;
const COMMUNITY = '654203002009';

beforeAll(async () => {
  t = await createTestApp({ clock: 'fixed' });
  window = await t.login('tianshan-window');
  leader = await t.login('tianshan');
  otherLeader = await t.login('tiyuchang');
  admin = await t.login('admin');
});
afterAll(() => t.close());

const storedFiles = () => {
  const dir = filesDir(t.runtime.ctx);
  return fs.existsSync(dir) ? fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length : 0;
};
const communityPath = async () => (await t.runtime.ctx.db.selectFrom('org_nodes').select('path').where('code', '=', COMMUNITY).executeTakeFirstOrThrow()).path;

describe('files', () => {
  it('accepts a photo, stores it under a random name in the data folder and gives it back to its uploader', async () => {
    const res = await uploadAs(window, '门牌.png');
    expect(res.statusCode, res.body).toBe(201);
    const file = res.json();
    expect(file).toMatchObject({ name: '门牌.png', contentType: 'image/png', size: PNG_1X1.length });
    const row = await t.runtime.ctx.db.selectFrom('files').selectAll().where('id', '=', file.id).executeTakeFirstOrThrow();
    expect(row.storage_name).not.toContain('门牌');
    expect(fs.readFileSync(path.join(filesDir(t.runtime.ctx), row.storage_name))).toEqual(PNG_1X1);
    const got = await window.get(`/api/v1/files/${file.id}`);
    expect(got.statusCode).toBe(200);
    expect(got.headers['content-type']).toBe('image/png');
    expect(got.rawPayload).toEqual(PNG_1X1);
  });

  it('judges the type by content: a text file named .jpg is refused and leaves nothing behind', async () => {
    const before = storedFiles();
    const res = await uploadAs(window, 'photo.jpg', Buffer.from('<script>alert(1)</script>'), 'image/jpeg');
    expect(res.statusCode).toBe(415);
    expect(res.json().error.code).toBe('FILE_TYPE_NOT_ALLOWED');
    expect(storedFiles()).toBe(before);
  });

  it('refuses a file over the size limit set by the administrator (413)', async () => {
    const ctx = t.runtime.ctx;
    await ctx.settings.set(ctx.db, 'files.upload', { maxFileMb: 1 }, null);
    try {
      const before = storedFiles();
      const big = Buffer.concat([PNG_1X1, Buffer.alloc(1024 * 1024 + 10)]);
      const res = await uploadAs(window, 'big.png', big);
      expect(res.statusCode).toBe(413);
      expect(res.json().error.code).toBe('FILE_TOO_LARGE');
      expect(storedFiles()).toBe(before);
      // Just under the limit passes.
      expect((await uploadAs(window, 'ok.png', Buffer.concat([PNG_1X1, Buffer.alloc(1024 * 1024 - 100)]))).statusCode).toBe(201);
    } finally {
      await ctx.settings.set(ctx.db, 'files.upload', { maxFileMb: 10 }, null);
    }
  });

  it('answers a request without a file with a coded 400, and refuses the administrators', async () => {
    const empty = await window.post('/api/v1/files', Buffer.from('------x--\r\n'), { 'content-type': 'multipart/form-data; boundary=----x' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.code).toBe('FILE_MISSING');
    expect((await uploadAs(admin, 'a.png')).statusCode).toBe(403);
    expect((await t.anonymous.post('/api/v1/files', {})).statusCode).toBe(401);
  });

  it('shows an unattached file to its uploader only', async () => {
    const id = await uploadPhoto(window);
    expect((await window.get(`/api/v1/files/${id}`)).statusCode).toBe(200);
    expect((await leader.get(`/api/v1/files/${id}`)).statusCode).toBe(404);
    expect((await admin.get(`/api/v1/files/${id}`)).statusCode).toBe(404);
  });

  it('shows an attached file within the scope of its record only, and audits each download', async () => {
    const db = t.runtime.ctx.db;
    const id = await uploadPhoto(window);
    const actor = await actorOfUser(db, 'tianshan-window');
    await attachFiles(db, actor, [id], { type: 'test-record', id: 'rec-1', orgPath: await communityPath() });
    const res = await leader.get(`/api/v1/files/${id}`);
    expect(res.statusCode).toBe(200);
    expect(res.rawPayload).toEqual(PNG_1X1);
    const audit = await db
      .selectFrom('audit_log')
      .select(['actor_name', 'target_type', 'target_id', 'details'])
      .where('action', '=', 'file.download')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ actor_name: 'tianshan', target_type: 'test-record', target_id: 'rec-1' });
    expect(JSON.parse(audit.details!)).toEqual({ fileId: id });
    // Outside the record's scope, and for administrators, it does not exist.
    expect((await otherLeader.get(`/api/v1/files/${id}`)).statusCode).toBe(404);
    expect((await admin.get(`/api/v1/files/${id}`)).statusCode).toBe(404);
    // The township above sees it too.
    expect((await (await t.login('tuanjie')).get(`/api/v1/files/${id}`)).statusCode).toBe(200);
    const listed = await filesOf(db, 'test-record', ['rec-1', 'rec-2']);
    expect(listed.get('rec-1')).toEqual([{ id, name: 'photo.png', contentType: 'image/png', size: PNG_1X1.length }]);
    expect(listed.has('rec-2')).toBe(false);
  });

  it('attaches only the actor’s own, unattached uploads', async () => {
    const db = t.runtime.ctx.db;
    const to = { type: 'test-record', id: 'rec-3', orgPath: await communityPath() };
    const mine = await uploadPhoto(window);
    const theirs = await uploadPhoto(leader);
    const actor = await actorOfUser(db, 'tianshan-window');
    await expect(attachFiles(db, actor, [mine, theirs], to)).rejects.toMatchObject({ code: 'FILE_NOT_FOUND' });
    await expect(attachFiles(db, actor, ['no-such-file'], to)).rejects.toMatchObject({ code: 'FILE_NOT_FOUND' });
    // Nothing was attached by the refused call.
    expect((await filesOf(db, 'test-record', ['rec-3'])).has('rec-3')).toBe(false);
    await attachFiles(db, actor, [mine, mine], to);
    await expect(attachFiles(db, actor, [mine], { ...to, id: 'rec-4' })).rejects.toMatchObject({ code: 'FILE_ALREADY_ATTACHED' });
    expect((await filesOf(db, 'test-record', ['rec-3'])).get('rec-3')).toHaveLength(1);
    expect((await t.runtime.ctx.db.selectFrom('audit_log').select('seq').where('action', '=', 'file.upload').execute()).length).toBeGreaterThan(3);
  });
});

describe('unattached uploads', () => {
  it('are removed, row and bytes, once older than the setting; attached files stay', async () => {
    const ctx = t.runtime.ctx;
    const clock = t.clock as ReturnType<typeof fixedClock>;
    const db = ctx.db;
    const kept = await uploadPhoto(window);
    await attachFiles(db, await actorOfUser(db, 'tianshan-window'), [kept], { type: 'test-record', id: 'rec-purge', orgPath: await communityPath() });
    const abandoned = await uploadPhoto(window);
    const storage = (await db.selectFrom('files').select('storage_name').where('id', '=', abandoned).executeTakeFirstOrThrow()).storage_name;
    const { keepHours } = await ctx.settings.get('files.unattached');
    // Not yet old enough.
    clock.advance((keepHours - 1) * 3_600_000);
    await purgeUnattachedFiles(ctx);
    expect(await db.selectFrom('files').select('id').where('id', '=', abandoned).executeTakeFirst()).toBeDefined();
    clock.advance(2 * 3_600_000);
    expect(await purgeUnattachedFiles(ctx)).toBeGreaterThanOrEqual(1);
    expect(await db.selectFrom('files').select('id').where('id', '=', abandoned).executeTakeFirst()).toBeUndefined();
    expect(fs.existsSync(path.join(filesDir(ctx), storage))).toBe(false);
    expect(await db.selectFrom('files').select('id').where('id', '=', kept).executeTakeFirst()).toBeDefined();
    expect(await db.selectFrom('audit_log').select('action').where('action', '=', 'file.purge-unattached').executeTakeFirst()).toBeDefined();
  });
});

describe('bytes a crash left without a row', () => {
  it('are removed once older than the setting; files with a row stay', async () => {
    const ctx = t.runtime.ctx;
    const clock = t.clock as ReturnType<typeof fixedClock>;
    window = await t.login('tianshan-window'); // the clock moved past the session above
    const kept = await uploadPhoto(window);
    const storage = (await ctx.db.selectFrom('files').select('storage_name').where('id', '=', kept).executeTakeFirstOrThrow()).storage_name;
    // An upload killed after its bytes were written and before its row was committed.
    const orphan = path.join(filesDir(ctx), 'ab', 'ab'.padEnd(32, '0'));
    fs.mkdirSync(path.dirname(orphan), { recursive: true });
    fs.writeFileSync(orphan, 'half an upload');
    const old = new Date(clock.now().getTime() - 1000);
    fs.utimesSync(orphan, old, old);
    fs.utimesSync(path.join(filesDir(ctx), storage), old, old);
    expect(await sweepOrphanFiles(ctx)).toBe(0);
    const { keepHours } = await ctx.settings.get('files.unattached');
    clock.advance((keepHours + 1) * 3_600_000);
    expect(await sweepOrphanFiles(ctx)).toBe(1);
    expect(fs.existsSync(orphan)).toBe(false);
    expect(fs.existsSync(path.join(filesDir(ctx), storage))).toBe(true);
  });
});
