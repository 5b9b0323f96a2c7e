/** Resident survey (群众测评): each star's question is answered on a three-point scale. */
export const SURVEY_ANSWERS = ['satisfied', 'basically-satisfied', 'dissatisfied'] as const;
export type SurveyAnswer = (typeof SURVEY_ANSWERS)[number];

/** Points per answer; the star's survey score is their mean (0–100), the `resident-survey` indicator. */
export const SURVEY_POINTS: Record<SurveyAnswer, number> = { satisfied: 100, 'basically-satisfied': 60, dissatisfied: 0 };

export type SurveyStarResult = Record<SurveyAnswer, number> & { responses: number; score: number | null };

/** Mean points to one decimal; null with no answers. */
export function surveyScore(counts: Record<SurveyAnswer, number>): number | null {
  const n = counts.satisfied + counts['basically-satisfied'] + counts.dissatisfied;
  if (n === 0) return null;
  const points = SURVEY_ANSWERS.reduce((s, a) => s + counts[a] * SURVEY_POINTS[a], 0);
  return Math.round((points / n) * 10) / 10;
}

/** Participation: responses over households, as a whole percentage (0 with no households). */
export function participationRate(responses: number, households: number): number {
  return households === 0 ? 0 : Math.round((responses * 100) / households);
}
