import type { Kysely, Transaction } from 'kysely';
import { SURVEY_ANSWERS, surveyScore, type SurveyAnswer, type SurveyStarResult } from '@lingyan/shared';
import type { DB } from '../../platform/db/schema.ts';
import type { CryptoProvider } from '../../platform/crypto/provider.ts';

type Db = Kysely<DB> | Transaction<DB>;

/**
 * The key a household answers under in one community's survey: a keyed digest, so one response
 * per household holds without any table naming the household (respondents are never shown).
 */
export function householdKey(crypto: CryptoProvider, entryId: string, householdId: string): string {
  return crypto.blindIndex(`${entryId}:${householdId}`, 'star-survey-household');
}

/** Per entry, per star: the answers counted and the score (the `resident-survey` indicator). */
export async function surveyResultsOf(db: Db, entryIds: readonly string[]): Promise<Map<string, Map<string, SurveyStarResult>>> {
  const out = new Map<string, Map<string, SurveyStarResult>>();
  for (let i = 0; i < entryIds.length; i += 500) {
    const rows = await db
      .selectFrom('star_survey_answers')
      .select(['entry_id', 'star_code', 'answer', (eb) => eb.fn.countAll<number>().as('n')])
      .where('entry_id', 'in', entryIds.slice(i, i + 500))
      .groupBy(['entry_id', 'star_code', 'answer'])
      .execute();
    for (const r of rows) {
      let byStar = out.get(r.entry_id);
      if (!byStar) out.set(r.entry_id, (byStar = new Map()));
      let counts = byStar.get(r.star_code);
      if (!counts) byStar.set(r.star_code, (counts = { satisfied: 0, 'basically-satisfied': 0, dissatisfied: 0, responses: 0, score: null }));
      if ((SURVEY_ANSWERS as readonly string[]).includes(r.answer)) counts[r.answer as SurveyAnswer] += Number(r.n);
    }
  }
  for (const byStar of out.values()) {
    for (const c of byStar.values()) {
      c.responses = c.satisfied + c['basically-satisfied'] + c.dissatisfied;
      c.score = surveyScore(c);
    }
  }
  return out;
}
