import { participationRate, type PublicSurvey, type StarSurvey, type StarSurveyEntry, SURVEY_ANSWERS } from '@lingyan/shared';
import type { AppContext } from '../../platform/context.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { catalogById } from '../stars/stars.repo.ts';
import { surveyResultsOf } from './star-survey.results.ts';
import { householdCount, responseCounts, surveyWindow, type SurveyEntry } from './star-survey.repo.ts';
import { surveyAbilities } from './star-survey.policy.ts';

export const surveyLink = (entry: SurveyEntry) => `/public/survey/${encodeURIComponent(entry.token)}`;

/** The questionnaire a resident sees: the community, the dates, one question per star of the cycle. */
export async function publicSurveyView(ctx: AppContext, entry: SurveyEntry, today: string): Promise<PublicSurvey> {
  const catalog = await catalogById(ctx.db, entry.catalogId);
  const w = surveyWindow(entry, today);
  return {
    communityName: entry.communityName,
    townshipName: entry.townshipName,
    year: entry.year,
    title: entry.title,
    open: w.open,
    opensOn: w.opensOn,
    closesOn: w.closesOn,
    questions: catalog.stars.map((s) => ({ code: s.code, starName: s.name, question: s.surveyQuestion })),
    answers: [...SURVEY_ANSWERS],
  };
}

/** Counts and per-star results only: nothing here names or points to a household. */
export async function staffSurveyView(ctx: AppContext, actor: Actor, entry: SurveyEntry, today: string): Promise<StarSurvey> {
  const catalog = await catalogById(ctx.db, entry.catalogId);
  const w = surveyWindow(entry, today);
  const [households, counts, results] = [
    await householdCount(ctx.db, entry.communityPath),
    await responseCounts(ctx.db, entry.id),
    (await surveyResultsOf(ctx.db, [entry.id])).get(entry.id),
  ];
  return {
    cycleId: entry.cycleId,
    year: entry.year,
    communityId: entry.communityId,
    communityName: entry.communityName,
    link: surveyLink(entry),
    phase: w.phase,
    open: w.open,
    opensOn: w.opensOn,
    closesOn: w.closesOn,
    households,
    responses: counts.total,
    participationRate: participationRate(counts.total, households),
    byChannel: counts.byChannel,
    stars: catalog.stars.map((s) => {
      const r = results?.get(s.code);
      return {
        code: s.code,
        name: s.name,
        question: s.surveyQuestion,
        satisfied: r?.satisfied ?? 0,
        basicallySatisfied: r?.['basically-satisfied'] ?? 0,
        dissatisfied: r?.dissatisfied ?? 0,
        responses: r?.responses ?? 0,
        score: r?.score ?? null,
      };
    }),
    abilities: surveyAbilities(actor, entry, w),
  };
}

export function entryListItem(actor: Actor, entry: SurveyEntry, today: string): StarSurveyEntry {
  const w = surveyWindow(entry, today);
  return {
    cycleId: entry.cycleId,
    year: entry.year,
    communityId: entry.communityId,
    communityName: entry.communityName,
    townshipName: entry.townshipName,
    link: surveyLink(entry),
    open: w.open,
    opensOn: w.opensOn,
    closesOn: w.closesOn,
    abilities: surveyAbilities(actor, entry, w),
  };
}
