import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../../test/harness.ts';
import { buildResident } from '../../test/factories.ts';
import { uploadPhoto } from './files.test-support.ts';

let t: TestApp;
let window: Client;
let leader: Client;
let otherLeader: Client;
let itemId: string;
const COMMUNITY = '654203002009';

beforeAll(async () => {
  t = await createTestApp({ clock: 'fixed' });
  window = await t.login('tianshan-window');
  leader = await t.login('tianshan');
  otherLeader = await t.login('tiyuchang');
  itemId = (await t.runtime.ctx.db.selectFrom('service_items').select('id').where('code', '=', 'JY-02').executeTakeFirstOrThrow()).id;
});
afterAll(() => t.close());

async function receive(attachmentIds: string[]) {
  const resident = await buildResident(t.runtime.ctx, { gridCode: `${COMMUNITY}001` });
  return window.post('/api/v1/service-requests', {
    orgId: await t.orgId(COMMUNITY),
    itemId,
    residentId: resident.id,
    description: '申领就业创业证，附身份证复印件',
    walkIn: true,
    attachmentIds,
  });
}

describe('service request attachments', () => {
  it('attaches the window worker’s uploads on receiving and lists them on the request', async () => {
    const photo = await uploadPhoto(window, '身份证复印件.png');
    const res = await receive([photo]);
    expect(res.statusCode, res.body).toBe(201);
    const created = res.json();
    expect(created.attachments).toEqual([expect.objectContaining({ id: photo, name: '身份证复印件.png', contentType: 'image/png' })]);
    expect((await leader.get(`/api/v1/service-requests/${created.id}`)).json().attachments).toHaveLength(1);
    // Whoever reads the request's community sees the file; another community does not.
    expect((await leader.get(`/api/v1/files/${photo}`)).statusCode).toBe(200);
    expect((await otherLeader.get(`/api/v1/files/${photo}`)).statusCode).toBe(404);
  });

  it('refuses someone else’s upload, and then receives nothing', async () => {
    const before = await t.runtime.ctx.db
      .selectFrom('service_requests')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    const foreign = await uploadPhoto(leader);
    const res = await receive([foreign]);
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('FILE_NOT_FOUND');
    const after = await t.runtime.ctx.db
      .selectFrom('service_requests')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    // Without attachments the detail lists none.
    const plain = await receive([]);
    expect(plain.json().attachments).toEqual([]);
  });
});
