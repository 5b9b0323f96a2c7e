import { addCalendarDays, buildWorkCalendar, phaseOn, planPhases, SURVEY_ANSWERS, type StarPhase, type SurveyAnswer } from '@lingyan/shared';
import type { DB } from '../platform/db/schema.ts';
import type { CryptoProvider } from '../platform/crypto/provider.ts';
import { newId, newToken } from '../platform/ids.ts';
import { householdKey } from '../modules/star-survey/star-survey.results.ts';
import type { Rng } from './demo-random.ts';
import { chinaAt, dayOf, evidenceOf, NOT_AWARDED, SELF_NOTES, selfScores, TIANSHAN, type StarSeed } from './demo-stars-support.ts';
import { insertRows } from './insert-rows.ts';
import { codeDigest, newHouseholdCode } from '../modules/star-survey/star-survey.commands.ts';

/** Late with their self-assessment: still drafting (光明路社区, 老沙湾路社区). */
const DRAFTING = ['654203003014', '654203003022'];
/** No survey responses yet besides the late ones (林场社区). */
const NO_RESPONSES = ['654203001023', ...DRAFTING];
const CHANNELS = [
  ['online-sms', 55],
  ['household-code', 30],
  ['paper', 15],
] as const;

/**
 * This year's evaluation, open in its resident-survey phase on the demo's today (several days
 * left, township scoring after): 12 communities have submitted their self-assessment, 2 are
 * late; households of most communities have answered the survey, by SMS code, household code
 * or on paper, one response per household.
 */
export async function seedOpenCycle(seed: StarSeed, rng: Rng, crypto: CryptoProvider, year: number): Promise<void> {
  const catalog = seed.catalogs.get(year);
  if (!catalog) throw new Error(`demo-stars: no ${year} catalog`);
  const phases = planPhases(
    buildWorkCalendar(),
    addCalendarDays(seed.today, -19),
    { 'self-assessment': 14, 'resident-survey': 12, 'township-scoring': 10, 'department-review': 10, 'city-approval': 5 },
    5,
  );
  if (phaseOn(phases, seed.today) !== 'resident-survey') throw new Error('demo-stars: the open cycle is not in its survey phase');
  const span = (p: StarPhase) => phases.find((x) => x.phase === p)!;
  const city = seed.user('city');
  const cycleId = newId();
  const createdAt = chinaAt(addCalendarDays(span('self-assessment').startsOn, -3), 10);
  const surveyFrom = Date.parse(chinaAt(span('resident-survey').startsOn, 8));
  const nowMs = Date.parse(seed.now);

  // Read before the transaction: SQLite has one connection.
  const households = await seed.db.selectFrom('households').select(['id', 'org_path']).orderBy('id').execute();
  const workers = await seed.db
    .selectFrom('assignments as a')
    .innerJoin('org_nodes as g', 'g.id', 'a.org_id')
    .select(['a.user_id', 'g.path'])
    .where('a.role', '=', 'grid-worker')
    .orderBy('a.user_id')
    .execute();
  const workerOf = new Map<string, string>();
  for (const w of workers) if (!workerOf.has(w.path)) workerOf.set(w.path, w.user_id);
  const windows = new Map(
    (await seed.db.selectFrom('users').select(['id', 'username']).where('username', 'like', '%-c1').execute()).map((u) => [u.username, u.id]),
  );
  const windowOf = (code: string) => (code === TIANSHAN ? seed.user('tianshan-window').id : (windows.get(`${code}-c1`) ?? null));

  const entries: DB['star_entries'][] = [];
  const entryStars: DB['star_entry_stars'][] = [];
  const steps: DB['star_steps'][] = [];
  const responses: DB['star_survey_responses'][] = [];
  const answers: DB['star_survey_answers'][] = [];
  const codes: DB['star_survey_codes'][] = [];

  for (const c of seed.communities) {
    const entryId = newId();
    const drafting = DRAFTING.includes(c.code);
    const leader = seed.communityActor(c);
    const submittedAt = drafting ? null : chinaAt(dayOf(span('self-assessment').startsOn, rng.int(2, 12)), rng.int(9, 18), rng.int(0, 59));
    const touchedAt = submittedAt ?? chinaAt(dayOf(span('self-assessment').startsOn, rng.int(4, 10)), 16);
    // A late community has filled in only its first few stars.
    const filled = drafting ? rng.int(2, 5) : catalog.content.stars.length;
    catalog.content.stars.forEach((star, i) => {
      const done = i < filled;
      const base = Object.fromEntries(star.indicators.map((ind) => [ind.code, rng.int(74, 94)]));
      entryStars.push({
        id: newId(),
        entry_id: entryId,
        star_code: star.code,
        self_scores: done ? JSON.stringify(selfScores(rng, star, base)) : null,
        self_note: done ? (SELF_NOTES[star.code] ?? null) : null,
        evidence_links: done ? JSON.stringify(evidenceOf(star, year, c)) : null,
        township_scores: null,
        township_note: null,
        score: null,
        review_state: 'pending',
        review_reason: null,
        reviewed_by: null,
        reviewed_at: null,
        updated_at: done ? touchedAt : createdAt,
      });
    });
    steps.push({ id: newId(), entry_id: entryId, star_code: null, action: 'created', actor_id: city.id, actor_name: city.name, at: createdAt, note: null });
    if (submittedAt)
      steps.push({
        id: newId(),
        entry_id: entryId,
        star_code: null,
        action: 'submitted',
        actor_id: leader.id,
        actor_name: leader.name,
        at: submittedAt,
        note: null,
      });
    entries.push({
      id: entryId,
      cycle_id: cycleId,
      community_id: c.id,
      community_path: c.path,
      state: drafting ? 'drafting' : 'submitted',
      survey_token: newToken(16),
      submitted_at: submittedAt,
      submitted_by: submittedAt ? leader.id : null,
      scored_at: null,
      scored_by: null,
      approved_at: null,
      approved_by: null,
      awarded: null,
      displayed_at: null,
      updated_at: touchedAt,
    });

    if (NO_RESPONSES.includes(c.code)) continue;
    const mine = households.filter((h) => h.org_path.startsWith(c.path));
    if (mine.length === 0) continue;
    // Communities that did better last year are a little more satisfied.
    const quality = 1 - (NOT_AWARDED[c.code]?.length ?? 5) / 10;
    const weights: [SurveyAnswer, number][] = [
      ['satisfied', 55 + 35 * quality],
      ['basically-satisfied', 35 - 28 * quality],
      ['dissatisfied', 10 - 7 * quality],
    ];
    for (let i = mine.length - 1; i > 0; i--) {
      const j = rng.int(0, i);
      [mine[i], mine[j]] = [mine[j]!, mine[i]!];
    }
    const count = Math.min(mine.length, 100, Math.max(3, Math.round(mine.length * (0.08 + rng.next() * 0.14))));
    for (const [n, h] of mine.slice(0, count + 5).entries()) {
      const key = householdKey(crypto, entryId, h.id);
      if (n >= count) {
        // A few more households hold a code from their grid worker and have not answered yet.
        if (workerOf.has(h.org_path))
          codes.push(codeRow(crypto, entryId, key, workerOf.get(h.org_path)!, new Date(nowMs - rng.int(2, 40) * 3_600_000).toISOString(), null));
        continue;
      }
      const at = new Date(surveyFrom + Math.floor(rng.next() * (nowMs - surveyFrom))).toISOString();
      let channel = rng.weighted(CHANNELS);
      if (channel === 'household-code' && !workerOf.has(h.org_path)) channel = 'online-sms';
      if (channel === 'paper' && !windowOf(c.code)) channel = 'online-sms';
      if (channel === 'household-code') {
        const issued = new Date(Math.max(surveyFrom, Date.parse(at) - rng.int(1, 48) * 3_600_000)).toISOString();
        codes.push(codeRow(crypto, entryId, key, workerOf.get(h.org_path)!, issued, at));
      }
      const responseId = newId();
      responses.push({
        id: responseId,
        entry_id: entryId,
        household_key: key,
        channel,
        entered_by: channel === 'paper' ? windowOf(c.code) : null,
        submitted_at: at,
      });
      for (const star of catalog.content.stars)
        answers.push({ id: newId(), response_id: responseId, entry_id: entryId, star_code: star.code, answer: rng.weighted(weights) });
    }
  }
  if (!answers.every((a) => (SURVEY_ANSWERS as readonly string[]).includes(a.answer))) throw new Error('demo-stars: unknown survey answer');

  await seed.db.transaction().execute(async (trx) => {
    await trx.updateTable('star_catalogs').set({ locked_at: createdAt }).where('id', '=', catalog.id).execute();
    await trx
      .insertInto('star_cycles')
      .values({
        id: cycleId,
        year,
        catalog_id: catalog.id,
        title: `${year}年度社区星级化创建评定`,
        notice_working_days: 5,
        phases: JSON.stringify(phases),
        created_by: city.id,
        created_at: createdAt,
        updated_at: createdAt,
      })
      .execute();
    await trx.insertInto('star_entries').values(entries).execute();
    await insertRows(trx, 'star_entry_stars', entryStars);
    await insertRows(trx, 'star_steps', steps);
    await insertRows(trx, 'star_survey_codes', codes);
    await insertRows(trx, 'star_survey_responses', responses);
    await insertRows(trx, 'star_survey_answers', answers);
  });
}

/** A household code a grid worker handed out (only its digest is kept); `usedAt` once answered with it. */
function codeRow(crypto: CryptoProvider, entryId: string, key: string, issuedBy: string, issuedAt: string, usedAt: string | null): DB['star_survey_codes'] {
  return {
    id: newId(),
    entry_id: entryId,
    household_key: key,
    code_hash: codeDigest(crypto, entryId, newHouseholdCode()),
    issued_by: issuedBy,
    issued_at: issuedAt,
    used_at: usedAt,
  };
}
