import type { Kysely } from 'kysely';
import { onTimeRegistrationRate, starScore, type StarDefinition, type StarIndicatorSource } from '@lingyan/shared';
import type { DB } from '../../platform/db/schema.ts';
import type { AppContext } from '../../platform/context.ts';
import { statsFor } from '../service-requests/service-requests.stats.ts';
import { eventStatsFor } from '../events/events.figures.ts';
import { coverageByGrid } from '../visits/visits.coverage.ts';
import { surveyResultsOf } from '../star-survey/star-survey.results.ts';

/** Platform figures (0–100) of one community over a year; `resident-survey` is per star. */
export type CommunityFigures = { bySource: Partial<Record<StarIndicatorSource, number | null>>; survey: Map<string, number | null> };

const pct = (r: number | null | undefined) => (r === null || r === undefined ? null : Math.round(r * 1000) / 10);

/**
 * Reads the figures the catalog's computed indicators name, from the modules that own them:
 * the service hall's daily tally, the event figures, visit coverage, the resident survey.
 */
export async function communityFigures(
  ctx: AppContext,
  db: Kysely<DB>,
  community: { id: string; path: string; name: string; kind?: string },
  entryId: string,
  year: number,
  sources: Set<StarIndicatorSource>,
): Promise<CommunityFigures> {
  const from = `${year}-01-01`;
  const to = `${year}-12-31`;
  const bySource: CommunityFigures['bySource'] = {};
  if (sources.has('service-on-time-rate') || sources.has('service-satisfaction-rate')) {
    const weights = await ctx.settings.get('service.weights');
    const stats = await statsFor(db, community, from, to, weights);
    bySource['service-on-time-rate'] = pct(stats.figures.onTimeRate);
    bySource['service-satisfaction-rate'] = pct(stats.figures.satisfactionRate);
  }
  if (sources.has('event-closed-on-time-rate')) {
    const stats = await eventStatsFor(db, { id: community.id, path: community.path, name: community.name, kind: community.kind ?? 'community' }, from, to);
    bySource['event-closed-on-time-rate'] = pct(stats.figures.onTimeRate);
  }
  if (sources.has('visit-coverage')) {
    const grids = await db.selectFrom('org_nodes').select('id').where('parent_id', '=', community.id).where('kind', '=', 'grid').execute();
    const coverage = await coverageByGrid(
      db,
      grids.map((g) => g.id),
      { from, to },
    );
    let households = 0;
    let visited = 0;
    for (const c of coverage.values()) {
      households += c.households;
      visited += c.visited;
    }
    bySource['visit-coverage'] = households === 0 ? null : pct(visited / households);
  }
  if (sources.has('rental-registration-rate')) {
    // Tenancies that began in the year in the community's homes, and how late each was registered.
    const rows = await db
      .selectFrom('tenancies')
      .select('registration_delay_days')
      .where('org_path', 'like', `${community.path}%`)
      .where('start_date', '>=', from)
      .where('start_date', '<=', to)
      .execute();
    const policy = await ctx.settings.get('registry.rentals');
    bySource['rental-registration-rate'] = onTimeRegistrationRate(
      rows.map((r) => Number(r.registration_delay_days)),
      policy,
    );
  }
  const survey = new Map<string, number | null>();
  if (sources.has('resident-survey')) {
    const results = (await surveyResultsOf(db, [entryId])).get(entryId);
    for (const [code, r] of results ?? []) survey.set(code, r.score === null ? null : Math.round(r.score * 10) / 10);
  }
  return { bySource, survey };
}

export const sourcesOf = (stars: readonly StarDefinition[]) => new Set(stars.flatMap((s) => s.indicators.map((i) => i.source)));

/** The platform figure an indicator reads, or null (manual, or nothing to measure). */
export function figureOf(figures: CommunityFigures, starCode: string, source: StarIndicatorSource): number | null {
  if (source === 'manual') return null;
  if (source === 'resident-survey') return figures.survey.get(starCode) ?? null;
  return figures.bySource[source] ?? null;
}

/**
 * The township's scores of one star: typed ones for manual indicators (and computed ones with
 * nothing to measure), the platform figure for the others; and the star's score.
 */
export function fillScores(
  star: StarDefinition,
  typed: Record<string, number>,
  figures: CommunityFigures,
): { scores: Record<string, number>; score: number | null; missing: string[] } {
  const scores: Record<string, number> = {};
  const missing: string[] = [];
  for (const ind of star.indicators) {
    const figure = figureOf(figures, star.code, ind.source);
    const value = figure ?? typed[ind.code];
    if (value === undefined) missing.push(ind.code);
    else scores[ind.code] = value;
  }
  return { scores, score: starScore(star.indicators.map((i) => ({ weight: i.weight, score: scores[i.code] ?? null }))), missing };
}
