import { randomBytes } from 'node:crypto';
import { addCalendarDays, phaseOn, planPhases, type StarPhase } from '@lingyan/shared';
import type { AppContext } from '../../platform/context.ts';
import { chinaDate } from '../../platform/auth/actor.ts';
import { hashPassword } from '../../platform/auth/passwords.ts';
import { newId } from '../../platform/ids.ts';
import { DEFAULT_DEPARTMENTS, DEFAULT_STAR_CATALOG } from '../stars/stars.defaults.ts';
import { DEFAULT_PHASE_DAYS } from './star-cycles.commands.ts';

/** The reviewing departments (the demo may have seeded them already). */
export async function ensureDepartments(ctx: AppContext): Promise<void> {
  const at = new Date().toISOString();
  for (const d of DEFAULT_DEPARTMENTS) {
    const has = await ctx.db.selectFrom('departments').select('id').where('code', '=', d.code).executeTakeFirst();
    if (!has) await ctx.db.insertInto('departments').values({ id: newId(), code: d.code, name: d.name, created_at: at }).execute();
  }
}

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

/** A department officer at the city, member of the given departments; signs in with `password`. */
export async function departmentOfficer(ctx: AppContext, username: string, departmentCodes: string[], password: string): Promise<string> {
  await ensureDepartments(ctx);
  const at = new Date().toISOString();
  const userId = newId();
  const city = await ctx.db.selectFrom('org_nodes').select('id').where('kind', '=', 'city').executeTakeFirstOrThrow();
  await ctx.db
    .insertInto('users')
    .values({
      id: userId,
      username,
      display_name: username,
      password_hash: await hashPassword(password),
      status: 'active',
      must_change_password: 0,
      failed_logins: 0,
      created_at: at,
      updated_at: at,
    })
    .execute();
  await ctx.db
    .insertInto('assignments')
    .values({ id: newId(), user_id: userId, role: 'department-officer', org_id: city.id, valid_from: null, valid_to: null, created_at: at, created_by: null })
    .execute();
  for (const code of departmentCodes) {
    const d = await ctx.db.selectFrom('departments').select('id').where('code', '=', code).executeTakeFirstOrThrow();
    await ctx.db.insertInto('department_members').values({ department_id: d.id, user_id: userId, created_at: at }).execute();
  }
  return userId;
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
