import { randomInt } from 'node:crypto';
import type { Transaction } from 'kysely';
import {
  HOUSEHOLD_CODE_ALPHABET,
  HOUSEHOLD_CODE_LENGTH,
  normalizeHouseholdCode,
  normalizePhone,
  type StarCatalogContent,
  type SurveyAnswer,
  type SurveyChannel,
  type SurveyVerification,
} from '@lingyan/shared';
import type { AppContext } from '../../platform/context.ts';
import type { CryptoProvider } from '../../platform/crypto/provider.ts';
import type { AuditContext } from '../../platform/audit/audit.ts';
import type { DB } from '../../platform/db/schema.ts';
import { chinaDate, type Actor } from '../../platform/auth/actor.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { escapeLike } from '../../platform/policy/scope.ts';
import { phoneIndex } from '../residents/resident-codec.ts';
import { checkCode, consumeCode, issueCode } from '../public-requests/one-time-codes.ts';
import { catalogById } from '../stars/stars.repo.ts';
import { householdKey } from './star-survey.results.ts';
import { hasResponded, surveyHousehold, surveyWindow, type SurveyEntry } from './star-survey.repo.ts';
import { codesOpen } from './star-survey.policy.ts';

/** The purpose of survey SMS codes in `one_time_codes` (apart from the service hall's). */
export const SURVEY_CODE_PURPOSE = 'star-survey';

const today = (ctx: AppContext) => chinaDate(ctx.clock.now());
/** The stored digest of a household code (bound to the entry). */
export const codeDigest = (crypto: CryptoProvider, entryId: string, code: string) => crypto.blindIndex(`${entryId}:${code}`, 'star-survey-code');
/** A code's subject names the entry and the phone's blind index, never the phone itself. */
const smsSubject = (entryId: string, phoneIdx: string) => `${entryId}:${phoneIdx}`;

export function requireOpen(ctx: AppContext, entry: SurveyEntry): void {
  if (!surveyWindow(entry, today(ctx)).open) throw new AppError('STAR_SURVEY_CLOSED');
}

/** Every star of the catalog answered, and nothing else; the answers in catalog order. */
export function checkAnswers(catalog: StarCatalogContent, answers: Record<string, SurveyAnswer>): [string, SurveyAnswer][] {
  const known = new Set(catalog.stars.map((s) => s.code));
  const problems = [
    ...Object.keys(answers)
      .filter((c) => !known.has(c))
      .map((c) => ({ path: `/answers/${c}`, message: 'not a star of this survey' })),
    ...catalog.stars.filter((s) => !(s.code in answers)).map((s) => ({ path: `/answers/${s.code}`, message: 'not answered' })),
  ];
  if (problems.length) throw new AppError('VALIDATION_FAILED', {}, problems);
  return catalog.stars.map((s) => [s.code, answers[s.code]!]);
}

/** The household a phone belongs to in the community's registry (a living member's phone); null when none. */
async function householdOfPhone(ctx: AppContext, entry: SurveyEntry, phoneIdx: string): Promise<string | null> {
  const row = await ctx.db
    .selectFrom('residents')
    .select('household_id')
    .where('phone_idx', '=', phoneIdx)
    .where('org_path', 'like', `${escapeLike(entry.communityPath)}%`)
    .where('status', '=', 'living')
    .where('household_id', 'is not', null)
    .orderBy('household_id')
    .executeTakeFirst();
  return row?.household_id ?? null;
}

/**
 * Sends a code to a phone of the community's registry; a phone not in it gets nothing, and the
 * caller answers the same either way. Returns whether a message went out (for the log only).
 */
export async function sendSurveyCode(ctx: AppContext, entry: SurveyEntry, rawPhone: string, log: (err: unknown) => void): Promise<boolean> {
  requireOpen(ctx, entry);
  const phone = normalizePhone(rawPhone);
  if (!phone) throw new AppError('PHONE_INVALID', {}, { field: 'phone' });
  const idx = phoneIndex(ctx.crypto, phone);
  if (!(await householdOfPhone(ctx, entry, idx))) return false;
  const { ttlMinutes } = await ctx.settings.get('public.oneTimeCode');
  const code = await issueCode(ctx, smsSubject(entry.id, idx), ttlMinutes, SURVEY_CODE_PURPOSE);
  if (!code) return false;
  await ctx.sms
    .send(phone, `【领雁】您参加${entry.communityName}${entry.year}年度群众测评的验证码为 ${code}，${ttlMinutes} 分钟内有效。如非本人操作，请忽略。`)
    .catch(log);
  return true;
}

type Proof = { householdKey: string; consume: (trx: Transaction<DB>, at: string) => Promise<boolean>; channel: SurveyChannel };

/** Checks the resident's code; null when it is wrong, used or expired (the caller counts the failure). */
async function verify(ctx: AppContext, entry: SurveyEntry, v: SurveyVerification): Promise<Proof | null> {
  if (v.kind === 'sms') {
    const phone = normalizePhone(v.phone);
    if (!phone) return null;
    const idx = phoneIndex(ctx.crypto, phone);
    const { maxAttempts } = await ctx.settings.get('public.oneTimeCode');
    const codeId = await checkCode(ctx, smsSubject(entry.id, idx), v.code, maxAttempts, SURVEY_CODE_PURPOSE);
    if (!codeId) return null;
    const householdId = await householdOfPhone(ctx, entry, idx);
    if (!householdId) return null;
    return { householdKey: householdKey(ctx.crypto, entry.id, householdId), consume: (trx, at) => consumeCode(trx, codeId, at), channel: 'sms' };
  }
  const row = await ctx.db
    .selectFrom('star_survey_codes')
    .select(['id', 'household_key'])
    .where('entry_id', '=', entry.id)
    .where('code_hash', '=', codeDigest(ctx.crypto, entry.id, normalizeHouseholdCode(v.code)))
    .where('used_at', 'is', null)
    .executeTakeFirst();
  if (!row) return null;
  const consume = async (trx: Transaction<DB>, at: string) => {
    const res = await trx.updateTable('star_survey_codes').set({ used_at: at }).where('id', '=', row.id).where('used_at', 'is', null).executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  };
  return { householdKey: row.household_key, consume, channel: 'household-code' };
}

/** Response and answers in one transaction; the unique (entry, household) key settles a race. */
async function writeResponse(
  ctx: AppContext,
  audit: AuditContext,
  entry: SurveyEntry,
  key: string,
  channel: SurveyChannel,
  enteredBy: string | null,
  answers: [string, SurveyAnswer][],
  consume?: (trx: Transaction<DB>, at: string) => Promise<boolean>,
): Promise<void> {
  const at = ctx.clock.now().toISOString();
  try {
    await ctx.db.transaction().execute(async (trx) => {
      if (await hasResponded(trx, entry.id, key)) throw new AppError('STAR_SURVEY_ALREADY_ANSWERED');
      if (consume && !(await consume(trx, at))) throw new AppError('STAR_SURVEY_CODE_INVALID');
      const id = newId();
      await trx
        .insertInto('star_survey_responses')
        .values({ id, entry_id: entry.id, household_key: key, channel, entered_by: enteredBy, submitted_at: at })
        .execute();
      await trx
        .insertInto('star_survey_answers')
        .values(answers.map(([star, answer]) => ({ id: newId(), response_id: id, entry_id: entry.id, star_code: star, answer })))
        .execute();
      // The audit names the channel, never the household.
      await ctx.audit(trx, audit, {
        action: channel === 'paper' ? 'star-survey.paper' : 'star-survey.respond',
        targetType: 'star-entry',
        targetId: entry.id,
        orgId: entry.communityId,
        details: { channel },
      });
    });
  } catch (err) {
    if (!(err instanceof AppError) && (await hasResponded(ctx.db, entry.id, key))) throw new AppError('STAR_SURVEY_ALREADY_ANSWERED');
    throw err;
  }
}

/** A resident's response through the public page. Throws CODE_INVALID with `onBadCode` called first. */
export async function submitPublicResponse(
  ctx: AppContext,
  audit: AuditContext,
  entry: SurveyEntry,
  input: { verification: SurveyVerification; answers: Record<string, SurveyAnswer> },
  onBadCode: () => void,
): Promise<void> {
  requireOpen(ctx, entry);
  const answers = checkAnswers(await catalogById(ctx.db, entry.catalogId), input.answers);
  const proof = await verify(ctx, entry, input.verification);
  if (!proof) {
    onBadCode();
    throw new AppError('STAR_SURVEY_CODE_INVALID');
  }
  await writeResponse(ctx, audit, entry, proof.householdKey, proof.channel, null, answers, proof.consume);
}

/** A paper questionnaire typed in by staff (channel `paper`, who entered it kept). */
export async function enterPaperResponse(
  ctx: AppContext,
  audit: AuditContext,
  actor: Actor,
  entry: SurveyEntry,
  input: { householdId: string; answers: Record<string, SurveyAnswer> },
): Promise<void> {
  const household = await surveyHousehold(ctx.db, actor, entry, input.householdId);
  if (!household) throw new AppError('HOUSEHOLD_NOT_FOUND');
  requireOpen(ctx, entry);
  const answers = checkAnswers(await catalogById(ctx.db, entry.catalogId), input.answers);
  await writeResponse(ctx, audit, entry, householdKey(ctx.crypto, entry.id, household.id), 'paper', actor.userId, answers);
}

export function newHouseholdCode(): string {
  let code = '';
  for (let i = 0; i < HOUSEHOLD_CODE_LENGTH; i++) code += HOUSEHOLD_CODE_ALPHABET[randomInt(0, HOUSEHOLD_CODE_ALPHABET.length)];
  return code;
}

/** A fresh household code (replacing the household's unused one); only its digest is stored. */
export async function issueHouseholdCode(
  ctx: AppContext,
  audit: AuditContext,
  actor: Actor,
  entry: SurveyEntry,
  householdId: string,
): Promise<{ code: string; issuedAt: string }> {
  const household = await surveyHousehold(ctx.db, actor, entry, householdId);
  if (!household) throw new AppError('HOUSEHOLD_NOT_FOUND');
  if (!codesOpen(surveyWindow(entry, today(ctx)))) throw new AppError('STAR_SURVEY_CLOSED');
  const key = householdKey(ctx.crypto, entry.id, household.id);
  const code = newHouseholdCode();
  const at = ctx.clock.now().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    if (await hasResponded(trx, entry.id, key)) throw new AppError('STAR_SURVEY_ALREADY_ANSWERED');
    await trx.deleteFrom('star_survey_codes').where('entry_id', '=', entry.id).where('household_key', '=', key).where('used_at', 'is', null).execute();
    await trx
      .insertInto('star_survey_codes')
      .values({
        id: newId(),
        entry_id: entry.id,
        household_key: key,
        code_hash: codeDigest(ctx.crypto, entry.id, code),
        issued_by: actor.userId,
        issued_at: at,
        used_at: null,
      })
      .execute();
    // Who handed a code to which household is kept; the code is not.
    await ctx.audit(trx, audit, {
      action: 'star-survey.household-code',
      targetType: 'household',
      targetId: household.id,
      orgId: entry.communityId,
      details: { entryId: entry.id },
    });
  });
  return { code, issuedAt: at };
}
