import { randomInt, timingSafeEqual } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { AppContext } from '../../platform/context.ts';
import type { DB } from '../../platform/db/schema.ts';
import { newId } from '../../platform/ids.ts';

/**
 * Six-digit codes sent by SMS. Only a keyed digest is stored (the crypto provider's blind index,
 * bound to the request): a plain hash of six digits would be reversed by trying a million values.
 */
export const CODE_PURPOSE = 'public-request';
/** A new code is not sent within this long of the last one (the answer stays the same). */
export const RESEND_COOLDOWN_MS = 60_000;

const digest = (ctx: AppContext, subject: string, code: string) => ctx.crypto.blindIndex(`${subject}:${code}`, 'one-time-code');

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Issues a new code for `subject` (earlier ones stop working); null while the last one is under a minute old.
 * `purpose` keeps the codes of one use (following a request, answering a survey) apart from another's.
 */
export async function issueCode(ctx: AppContext, subject: string, ttlMinutes: number, purpose: string = CODE_PURPOSE): Promise<string | null> {
  const now = ctx.clock.now();
  const last = await ctx.db
    .selectFrom('one_time_codes')
    .select('created_at')
    .where('purpose', '=', purpose)
    .where('subject', '=', subject)
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
  if (last && now.getTime() - Date.parse(last.created_at) < RESEND_COOLDOWN_MS) return null;
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const at = now.toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('one_time_codes')
      .set({ used_at: at })
      .where('purpose', '=', purpose)
      .where('subject', '=', subject)
      .where('used_at', 'is', null)
      .execute();
    await trx
      .insertInto('one_time_codes')
      .values({
        id: newId(),
        purpose,
        subject,
        code_hash: digest(ctx, subject, code),
        expires_at: new Date(now.getTime() + ttlMinutes * 60_000).toISOString(),
        attempts: 0,
        used_at: null,
        created_at: at,
      })
      .execute();
  });
  return code;
}

/**
 * Checks a code against the newest live one for `subject`. A wrong code uses up an attempt; after
 * `maxAttempts` even the right one is refused (ask for a new code). Returns the code's id when it
 * is right: pass it to consumeCode inside the write it authorises.
 */
export async function checkCode(ctx: AppContext, subject: string, code: string, maxAttempts: number, purpose: string = CODE_PURPOSE): Promise<string | null> {
  const now = ctx.clock.now().toISOString();
  const row = await ctx.db
    .selectFrom('one_time_codes')
    .select(['id', 'code_hash', 'attempts'])
    .where('purpose', '=', purpose)
    .where('subject', '=', subject)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
  if (!row || row.attempts >= maxAttempts) return null;
  if (same(row.code_hash, digest(ctx, subject, code))) return row.id;
  await ctx.db
    .updateTable('one_time_codes')
    .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
    .where('id', '=', row.id)
    .execute();
  return null;
}

/** Marks a code used; false when another request used it first. */
export async function consumeCode(trx: Transaction<DB>, id: string, at: string): Promise<boolean> {
  const res = await trx.updateTable('one_time_codes').set({ used_at: at }).where('id', '=', id).where('used_at', 'is', null).executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}
