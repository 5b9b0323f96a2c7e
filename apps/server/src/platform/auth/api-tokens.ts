import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { tokenHash } from './sessions.ts';

export const API_TOKEN_PREFIX = 'ly_';

/** Resolves a bearer token to its user; revoked or expired tokens resolve to nothing. */
export async function resolveApiToken(db: Kysely<DB>, token: string, now: Date): Promise<{ userId: string; tokenId: string } | null> {
  if (!token.startsWith(API_TOKEN_PREFIX)) return null;
  const row = await db
    .selectFrom('api_tokens')
    .select(['id', 'user_id', 'expires_at', 'revoked_at', 'last_used_at'])
    .where('token_hash', '=', tokenHash(token))
    .executeTakeFirst();
  if (!row || row.revoked_at) return null;
  if (row.expires_at && row.expires_at <= now.toISOString()) return null;
  if (!row.last_used_at || now.getTime() - new Date(row.last_used_at).getTime() > 60_000) {
    await db.updateTable('api_tokens').set({ last_used_at: now.toISOString() }).where('id', '=', row.id).execute();
  }
  return { userId: row.user_id, tokenId: row.id };
}
