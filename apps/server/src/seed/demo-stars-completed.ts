import { addCalendarDays, buildWorkCalendar, planPhases, translate, type StarPhase } from '@lingyan/shared';
import type { DB } from '../platform/db/schema.ts';
import { newId, newToken } from '../platform/ids.ts';
import { notifyCommunity, starNamesOf, writeStarChange } from '../modules/stars/stars.repo.ts';
import type { Rng } from './demo-random.ts';
import { insertRows } from './insert-rows.ts';
import { chinaAt, dayOf, evidenceOf, NOT_AWARDED, REMOVED, scoreStar, SELF_NOTES, type Actor, type StarSeed } from './demo-stars-support.ts';

const NOTICE_WORKING_DAYS = 5;
/** Two stars a department returned once; the township rescored them and the department then accepted. */
const RETURNED = [
  {
    community: '654203003013', // 沙城路社区: the rescore keeps the star
    star: 'safety',
    firstPass: true,
    reason: '出租房屋登记率未附佐证材料，请补充登记台账后重新评分。',
    rescore: '已补充出租房屋登记台账并逐户核对，重新评分',
  },
  {
    community: '654203004012', // 人民路社区: on a second look the star falls short
    star: 'environment',
    firstPass: true,
    reason: '环境卫生抽查记录与现场核查情况不符，请重新抽查评分。',
    rescore: '重新随机抽查 5 处，2 处不合格，按实际情况重新评分',
  },
];
const OBJECTION = {
  community: '654203002015', // 广场路社区
  star: 'environment',
  body: '广场路小区部分楼栋垃圾清运不及时，认为不应授予环境整洁星。',
  answer: '经市住房和城乡建设局会同街道现场核查，该小区垃圾日产日清，清运记录完整，个别时段延迟系道路施工所致，已督促整改。异议不成立。',
};

export type CompletedCycle = { cycleId: string; year: number; displayOn: string; awarded: Map<string, string[]> };

type Step = DB['star_steps'];

/**
 * Last year's evaluation, finished: every step of every urban community's entry as the commands
 * would have written it, an objection answered during the notice, and the display that awarded
 * the stars (through `writeStarChange`, the one way stars change) with a notification each.
 */
export async function seedCompletedCycle(seed: StarSeed, rng: Rng, year: number): Promise<CompletedCycle> {
  const catalog = seed.catalogs.get(year);
  if (!catalog) throw new Error(`demo-stars: no ${year} catalog`);
  const phases = planPhases(
    buildWorkCalendar(),
    `${year}-10-20`,
    { 'self-assessment': 10, 'resident-survey': 10, 'township-scoring': 10, 'department-review': 10, 'city-approval': 5 },
    NOTICE_WORKING_DAYS,
  );
  const span = (p: StarPhase) => phases.find((x) => x.phase === p)!;
  const city = seed.user('city');
  const cycleId = newId();
  const createdAt = chinaAt(addCalendarDays(span('self-assessment').startsOn, -5), 10);
  const displayOn = span('display').startsOn;
  const displayAt = chinaAt(displayOn, 9);
  const approvedAt = chinaAt(dayOf(span('city-approval').startsOn, 1), 15, 30);
  const time = (p: StarPhase, from: number, to: number) => chinaAt(dayOf(span(p).startsOn, rng.int(from, to)), rng.int(9, 17), rng.int(0, 59));

  const starName = starNamesOf(catalog.content);
  const entries: DB['star_entries'][] = [];
  const entryStars: DB['star_entry_stars'][] = [];
  const steps: Step[] = [];
  const step = (entryId: string, action: string, actor: Actor, at: string, starCode: string | null = null, note: string | null = null) =>
    steps.push({ id: newId(), entry_id: entryId, star_code: starCode, action, actor_id: actor.id, actor_name: actor.name || null, at, note });
  const awarded = new Map<string, string[]>();
  let objection: DB['star_objections'] | null = null;

  for (const c of seed.communities) {
    const entryId = newId();
    const leader = seed.communityActor(c);
    const township = seed.townshipActor(c);
    const submittedAt = time('self-assessment', 3, 8);
    const scoredAt = time('township-scoring', 1, 7);
    step(entryId, 'created', city, createdAt);
    step(entryId, 'submitted', leader, submittedAt);
    step(entryId, 'scored', township, scoredAt);
    const notAwarded = new Set(NOT_AWARDED[c.code]);
    let [lastReviewedAt, lastReviewer]: [string, Actor] = ['', city];
    const got: string[] = [];
    for (const star of catalog.content.stars) {
      const pass = !notAwarded.has(star.code);
      const s = scoreStar(rng, star, pass);
      const reviewer = seed.reviewer(catalog.content, star.code);
      const returned = RETURNED.find((r) => r.community === c.code && r.star === star.code);
      let reviewedAt: string;
      let townshipNote: string | null = null;
      if (returned) {
        const first = scoreStar(rng, star, returned.firstPass);
        townshipNote = `${returned.rescore}（${first.score} → ${s.score} 分）。`;
        step(entryId, 'returned', reviewer, time('department-review', 1, 1), star.code, returned.reason);
        step(entryId, 'rescored', township, time('department-review', 3, 3), star.code, townshipNote);
        reviewedAt = time('department-review', 5, 6);
      } else reviewedAt = time('department-review', 0, 6);
      step(entryId, 'accepted', reviewer, reviewedAt, star.code);
      if (reviewedAt > lastReviewedAt) [lastReviewedAt, lastReviewer] = [reviewedAt, reviewer];
      if (pass !== s.score >= star.passMark) throw new Error(`demo-stars: ${c.code} ${star.code} scored ${s.score} against the plan`);
      if (pass) got.push(star.code);
      entryStars.push({
        id: newId(),
        entry_id: entryId,
        star_code: star.code,
        self_scores: JSON.stringify(s.self),
        self_note: SELF_NOTES[star.code] ?? null,
        evidence_links: JSON.stringify(evidenceOf(star, year, c)),
        township_scores: JSON.stringify(s.township),
        township_note: townshipNote,
        score: s.score,
        review_state: 'accepted',
        review_reason: null,
        reviewed_by: reviewer.id,
        reviewed_at: reviewedAt,
        updated_at: reviewedAt,
      });
    }
    awarded.set(c.code, got);
    step(entryId, 'reviewed', lastReviewer, lastReviewedAt);
    step(entryId, 'approved', city, approvedAt, null, got.join(','));
    if (c.code === OBJECTION.community) {
      const answeredAt = chinaAt(dayOf(span('public-notice').startsOn, 2), 16);
      objection = {
        id: newId(),
        entry_id: entryId,
        star_code: OBJECTION.star,
        body: OBJECTION.body,
        contact_enc: null,
        submitted_at: chinaAt(span('public-notice').startsOn, 11, 20),
        outcome: 'dismissed',
        answer: OBJECTION.answer,
        answered_by: city.id,
        answered_at: answeredAt,
      };
      step(entryId, 'objection', { id: null, name: '' }, objection.submitted_at, OBJECTION.star);
      step(entryId, 'objection-dismissed', city, answeredAt, OBJECTION.star, OBJECTION.answer);
    }
    step(entryId, 'displayed', city, displayAt, null, got.join(','));
    entries.push({
      id: entryId,
      cycle_id: cycleId,
      community_id: c.id,
      community_path: c.path,
      state: 'displayed',
      survey_token: newToken(16),
      submitted_at: submittedAt,
      submitted_by: leader.id,
      scored_at: scoredAt,
      scored_by: township.id,
      approved_at: approvedAt,
      approved_by: city.id,
      awarded: JSON.stringify(got),
      displayed_at: displayAt,
      updated_at: displayAt,
    });
  }

  await seed.db.transaction().execute(async (trx) => {
    await trx.updateTable('star_catalogs').set({ locked_at: createdAt }).where('id', '=', catalog.id).execute();
    await trx
      .insertInto('star_cycles')
      .values({
        id: cycleId,
        year,
        catalog_id: catalog.id,
        title: `${year}年度社区星级化创建评定`,
        notice_working_days: NOTICE_WORKING_DAYS,
        phases: JSON.stringify(phases),
        created_by: city.id,
        created_at: createdAt,
        updated_at: displayAt,
      })
      .execute();
    await trx.insertInto('star_entries').values(entries).execute();
    await insertRows(trx, 'star_entry_stars', entryStars);
    await insertRows(trx, 'star_steps', steps);
    if (objection) await trx.insertInto('star_objections').values(objection).execute();
    for (const c of seed.communities) {
      const got = awarded.get(c.code)!;
      for (const starCode of got) {
        await writeStarChange(trx, displayAt, {
          communityId: c.id,
          communityPath: c.path,
          starCode,
          change: 'awarded',
          on: displayOn,
          reason: translate('zh-CN', 'web.starCycles.history.awarded', { year }),
          sourceType: 'cycle',
          sourceId: cycleId,
          actor: city,
        });
      }
      await notifyCommunity(trx, displayAt, {
        communityId: c.id,
        communityPath: c.path,
        kind: 'cycle-displayed',
        starCode: null,
        message: translate('zh-CN', 'web.starCycles.notify.displayed', {
          year,
          stars: got.map(starName).join('、') || translate('zh-CN', 'web.starCycles.none'),
        }),
      });
    }
  });
  return { cycleId, year, displayOn, awarded };
}

const REMOVAL_REASON = (year: number, q: number) => `${year}年第${q}季度核查未通过：辖区发生一起重大治安案件，出租房屋登记率降至 62%，经街道研究决定减星。`;

/**
 * The last finished quarter's check of every urban community by its township: every held star
 * kept, except one that failed and was removed two days later (with its notification).
 */
export async function seedQuarterlyCheck(seed: StarSeed, rng: Rng, cycle: CompletedCycle): Promise<void> {
  const year = Number(seed.today.slice(0, 4));
  const current = Math.floor((Number(seed.today.slice(5, 7)) - 1) / 3) + 1;
  const [qYear, q] = current === 1 ? [year - 1, 4] : [year, current - 1];
  const lastMonth = String(q * 3).padStart(2, '0');
  const catalog = seed.catalogs.get(year) ?? seed.catalogs.get(cycle.year)!;
  const starName = starNamesOf(catalog.content);
  await seed.db.transaction().execute(async (trx) => {
    for (const [i, c] of seed.communities.entries()) {
      const officer = seed.townshipActor(c);
      const checkedOn = `${qYear}-${lastMonth}-${String(12 + i).padStart(2, '0')}`;
      const checkedAt = chinaAt(checkedOn, rng.int(9, 17), rng.int(0, 59));
      const failed = c.code === REMOVED.community ? REMOVED.star : null;
      // As star-checks writes it: a removal citing the check is marked on that star's result, and is the history row's source.
      const removalId = failed ? newId() : null;
      const results = cycle.awarded.get(c.code)!.map((starCode) =>
        starCode === failed
          ? {
              starCode,
              result: 'failed',
              note: '本季度辖区发生一起重大治安案件，出租房屋登记率降至 62%。',
              removalId,
            }
          : { starCode, result: 'kept', note: '', removalId: null },
      );
      const checkId = newId();
      await trx
        .insertInto('star_checks')
        .values({
          id: checkId,
          community_id: c.id,
          community_path: c.path,
          quarter: `${qYear}-Q${q}`,
          results: JSON.stringify(results),
          note: failed ? `${starName(failed)}未通过核查，其余各星保持。` : '各星均保持，台账齐全。',
          checked_by: officer.id,
          checked_at: checkedAt,
        })
        .execute();
      if (!failed) continue;
      const removedOn = addCalendarDays(checkedOn, 2);
      const removedAt = chinaAt(removedOn, 11);
      await writeStarChange(trx, removedAt, {
        communityId: c.id,
        communityPath: c.path,
        starCode: failed,
        change: 'removed',
        on: removedOn,
        reason: REMOVAL_REASON(qYear, q),
        sourceType: 'removal',
        sourceId: removalId,
        actor: officer,
      });
      await notifyCommunity(trx, removedAt, {
        communityId: c.id,
        communityPath: c.path,
        kind: 'star-removed',
        starCode: failed,
        message: translate('zh-CN', 'web.starChecks.notify.removed', { community: c.name, star: starName(failed), reason: REMOVAL_REASON(qYear, q) }),
      });
    }
  });
}
