import { randomBytes } from 'node:crypto';
import { addCalendarDays, phaseOn, planPhases, type StarPhase } from '@lingyan/shared';
import type { AppContext } from '../../platform/context.ts';
import { chinaDate } from '../../platform/auth/actor.ts';
import { newId } from '../../platform/ids.ts';
import { DEFAULT_STAR_CATALOG } from '../stars/stars.defaults.ts';
import { DEFAULT_PHASE_DAYS } from './star-cycles.commands.ts';

/** The year's catalog (the default ten stars) unless there is one; its id. */
export async function ensureCatalog(ctx: AppContext, year: number): Promise<string> {
  const has = await ctx.db.selectFrom('star_catalogs').select('id').where('year', '=', year).executeTakeFirst();
  if (has) return has.id;
  const id = newId();
  const at = new Date().toISOString();
  await ctx.db
    .insertInto('star_catalogs')
    .values({ id, year, content: JSON.stringify(DEFAULT_STAR_CATALOG), locked_at: null, created_by: null, created_at: at, updated_by: null, updated_at: at })
    .execute();
  return id;
}

let nextYear = 3000;

/**
 * A cycle written straight into the tables whose phase today is `phase` (for the permission
 * matrix): one entry per community code in `state`, its stars in `reviewState` with `score`.
 */
export async function cycleInPhase(
  ctx: AppContext,
  phase: StarPhase,
  entries: { code: string; state: string; reviewState?: string; score?: number | null; awarded?: string[] }[],
): Promise<{ cycleId: string; entryIds: string[] }> {
  const catalogId = await ensureCatalog(ctx, 2099);
  const cal = await ctx.calendar.get();
  const today = chinaDate(ctx.clock.now());
  let start = today;
  let phases = planPhases(cal, start, DEFAULT_PHASE_DAYS, 5);
  for (let back = 0; back < 200 && phaseOn(phases, today) !== phase; back++) {
    start = addCalendarDays(today, -back);
    phases = planPhases(cal, start, DEFAULT_PHASE_DAYS, 5);
  }
  const at = new Date().toISOString();
  const cycleId = newId();
  await ctx.db
    .insertInto('star_cycles')
    .values({
      id: cycleId,
      year: nextYear++,
      catalog_id: catalogId,
      title: 'test',
      notice_working_days: 5,
      phases: JSON.stringify(phases),
      created_by: null,
      created_at: at,
      updated_at: at,
    })
    .execute();
  const entryIds: string[] = [];
  for (const e of entries) {
    const org = await ctx.db.selectFrom('org_nodes').select(['id', 'path']).where('code', '=', e.code).executeTakeFirstOrThrow();
    const id = newId();
    entryIds.push(id);
    await ctx.db
      .insertInto('star_entries')
      .values({
        id,
        cycle_id: cycleId,
        community_id: org.id,
        community_path: org.path,
        state: e.state,
        survey_token: randomBytes(16).toString('base64url'),
        submitted_at: null,
        submitted_by: null,
        scored_at: null,
        scored_by: null,
        approved_at: null,
        approved_by: null,
        awarded: e.awarded ? JSON.stringify(e.awarded) : null,
        displayed_at: null,
        updated_at: at,
      })
      .execute();
    const manual = (code: string) =>
      Object.fromEntries(DEFAULT_STAR_CATALOG.stars.find((s) => s.code === code)!.indicators.map((i) => [i.code, e.score ?? 90]));
    await ctx.db
      .insertInto('star_entry_stars')
      .values(
        DEFAULT_STAR_CATALOG.stars.map((s) => ({
          id: newId(),
          entry_id: id,
          star_code: s.code,
          self_scores: JSON.stringify(manual(s.code)),
          self_note: null,
          evidence_links: null,
          township_scores: e.score === null ? null : JSON.stringify(manual(s.code)),
          township_note: null,
          score: e.score === undefined ? 90 : e.score,
          review_state: e.reviewState ?? 'pending',
          review_reason: e.reviewState === 'returned' ? '材料不全' : null,
          reviewed_by: null,
          reviewed_at: null,
          updated_at: at,
        })),
      )
      .execute();
  }
  return { cycleId, entryIds };
}
