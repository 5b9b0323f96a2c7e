import type { Kysely } from 'kysely';
import type { Client } from '../../test/harness.ts';
import type { DB } from '../../platform/db/schema.ts';
import { loadActorAssignments, type Actor } from '../../platform/auth/actor.ts';
import { newId } from '../../platform/ids.ts';

/** A real (tiny, 1×1) PNG: its bytes pass the type check. */
export const PNG_1X1 = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c63f8cfc0f01f00050001ff89993d1d0000000049454e44ae426082',
  'hex',
);

export function multipartBody(fileName: string, content: Buffer, contentType = 'application/octet-stream') {
  const boundary = `----lingyan${newId()}`;
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: ${contentType}\r\n\r\n`;
  return {
    body: Buffer.concat([Buffer.from(head, 'utf8'), content, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

/** Uploads through POST /api/v1/files as the client; returns the raw answer. */
export function uploadAs(c: Client, fileName: string, content: Buffer = PNG_1X1, contentType = 'image/png') {
  const m = multipartBody(fileName, content, contentType);
  return c.post('/api/v1/files', m.body, m.headers);
}

/** Uploads a photo and returns its id (fails the test otherwise). */
export async function uploadPhoto(c: Client, fileName = 'photo.png'): Promise<string> {
  const res = await uploadAs(c, fileName);
  if (res.statusCode !== 201) throw new Error(`upload failed: ${res.statusCode} ${res.body}`);
  return (res.json() as { id: string }).id;
}

/** The Actor of a user, as the server builds it for a request on `today`. */
export async function actorOfUser(db: Kysely<DB>, username: string, today = '2026-11-26'): Promise<Actor> {
  const u = await db.selectFrom('users').select(['id', 'username', 'display_name']).where('username', '=', username).executeTakeFirstOrThrow();
  return {
    userId: u.id,
    username: u.username,
    displayName: u.display_name,
    locale: null,
    mustChangePassword: false,
    assignments: await loadActorAssignments(db, u.id, today),
    via: 'session',
    sessionId: null,
    csrfToken: null,
  };
}
