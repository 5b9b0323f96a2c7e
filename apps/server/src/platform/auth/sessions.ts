import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { newToken } from '../ids.ts';

export const SESSION_COOKIE = 'lingyan_session';
/** Touching last_seen on every request would turn reads into writes; once a minute is enough. */
const TOUCH_INTERVAL_MS = 60_000;

/** Only a hash of the token is stored, so a copy of the database opens no session. */
export const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

export type SessionTimeouts = { idleMinutes: number; absoluteHours: number };

export async function createSession(
  db: Kysely<DB>,
  userId: string,
  now: Date,
  timeouts: SessionTimeouts,
  meta: { ip: string | null; userAgent: string | null },
): Promise<{ token: string; csrfToken: string; id: string }> {
  const token = newToken();
  const csrfToken = newToken(24);
  const id = tokenHash(token);
  await db
    .insertInto('sessions')
    .values({
      id,
      user_id: userId,
      csrf_token: csrfToken,
      created_at: now.toISOString(),
      last_seen_at: now.toISOString(),
      expires_at: new Date(now.getTime() + timeouts.absoluteHours * 3600_000).toISOString(),
      ip: meta.ip,
      user_agent: meta.userAgent?.slice(0, 256) ?? null,
    })
    .execute();
  return { token, csrfToken, id };
}

export type SessionCheck = { state: 'valid'; id: string; userId: string; csrfToken: string } | { state: 'expired' | 'unknown' };

/** Checks the absolute and idle timeouts; an expired session is deleted. */
export async function resolveSession(db: Kysely<DB>, token: string, now: Date, timeouts: SessionTimeouts): Promise<SessionCheck> {
  const id = tokenHash(token);
  const s = await db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
  if (!s) return { state: 'unknown' };
  const idleDeadline = new Date(s.last_seen_at).getTime() + timeouts.idleMinutes * 60_000;
  const absoluteDeadline = Math.min(new Date(s.expires_at).getTime(), new Date(s.created_at).getTime() + timeouts.absoluteHours * 3600_000);
  if (now.getTime() >= idleDeadline || now.getTime() >= absoluteDeadline) {
    await db.deleteFrom('sessions').where('id', '=', id).execute();
    return { state: 'expired' };
  }
  if (now.getTime() - new Date(s.last_seen_at).getTime() > TOUCH_INTERVAL_MS) {
    await db.updateTable('sessions').set({ last_seen_at: now.toISOString() }).where('id', '=', id).execute();
  }
  return { state: 'valid', id, userId: s.user_id, csrfToken: s.csrf_token };
}

export async function deleteSession(db: Kysely<DB>, id: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', id).execute();
}

export async function deleteUserSessions(db: Kysely<DB>, userId: string, exceptId?: string): Promise<void> {
  let q = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (exceptId) q = q.where('id', '!=', exceptId);
  await q.execute();
}

/** Removes sessions past either timeout; run as a background job. */
export async function purgeExpiredSessions(db: Kysely<DB>, now: Date, timeouts: SessionTimeouts): Promise<number> {
  const idleCutoff = new Date(now.getTime() - timeouts.idleMinutes * 60_000).toISOString();
  const res = await db
    .deleteFrom('sessions')
    .where((eb) => eb.or([eb('expires_at', '<', now.toISOString()), eb('last_seen_at', '<', idleCutoff)]))
    .executeTakeFirst();
  return Number(res.numDeletedRows);
}
