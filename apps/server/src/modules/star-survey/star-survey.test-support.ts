import { addCalendarDays, type PhaseSpan, type StarCatalogContent } from '@lingyan/shared';
import type { AppContext } from '../../platform/context.ts';
import { newId } from '../../platform/ids.ts';
import { buildHome, buildResident } from '../../test/factories.ts';

/**
 * Survey fixtures written straight to the tables (the cycle commands are another module's):
 * a catalog, a cycle whose resident-survey phase is placed around a given day, an entry per
 * community, and households with members and phones.
 */

/** A small catalog: three stars, each with its survey question. */
export const TEST_CATALOG: StarCatalogContent = {
  stars: (
    [
      ['organization', '组织建设星', '您对社区党组织是否满意？'],
      ['service', '服务群众星', '您对社区办事服务是否满意？'],
      ['safety', '平安建设星', '您对社区治安是否满意？'],
    ] as const
  ).map(([code, name, surveyQuestion]) => ({
    code,
    name,
    description: '',
    passMark: 80,
    departmentCode: 'zfw',
    surveyQuestion,
    indicators: [{ code: 'overall', name: '总体', scoring: '0–100', weight: 100, source: 'manual' as const }],
  })),
};

// Downwards from the API's last year, apart from the other star tests' years (the permission matrix shares one database).
let nextYear = 2098; // 2099 is star-cycles' test catalog

/** Phases laid out so that `today` falls `offsetDays` days after the resident-survey phase starts (negative: before it). */
export function phasesAround(today: string, offsetDays: number, surveyDays = 10): PhaseSpan[] {
  const surveyStart = addCalendarDays(today, -offsetDays);
  const spans: [PhaseSpan['phase'], number][] = [
    ['self-assessment', 10],
    ['resident-survey', surveyDays],
    ['township-scoring', 10],
    ['department-review', 10],
    ['city-approval', 5],
    ['public-notice', 7],
  ];
  const out: PhaseSpan[] = [];
  let start = addCalendarDays(surveyStart, -10);
  for (const [phase, days] of spans) {
    const endsOn = addCalendarDays(start, days - 1);
    out.push({ phase, startsOn: start, endsOn });
    start = addCalendarDays(endsOn, 1);
  }
  out.push({ phase: 'display', startsOn: start, endsOn: null });
  return out;
}

/** A cycle (its own year and catalog) with entries for the given communities; returns the cycle and each entry's token. */
export async function buildSurveyCycle(
  ctx: AppContext,
  opts: { communityCodes: string[]; phases: PhaseSpan[]; catalog?: StarCatalogContent },
): Promise<{ cycleId: string; year: number; entries: Map<string, { entryId: string; communityId: string; token: string }> }> {
  const year = nextYear--;
  const now = ctx.clock.now().toISOString();
  const catalogId = newId();
  const cycleId = newId();
  await ctx.db
    .insertInto('star_catalogs')
    .values({
      id: catalogId,
      year,
      content: JSON.stringify(opts.catalog ?? TEST_CATALOG),
      locked_at: now,
      created_by: null,
      created_at: now,
      updated_by: null,
      updated_at: now,
    })
    .execute();
  await ctx.db
    .insertInto('star_cycles')
    .values({
      id: cycleId,
      year,
      catalog_id: catalogId,
      title: `${year}年度星级化创建评定`,
      notice_working_days: 5,
      phases: JSON.stringify(opts.phases),
      created_by: null,
      created_at: now,
      updated_at: now,
    })
    .execute();
  const entries = new Map<string, { entryId: string; communityId: string; token: string }>();
  for (const code of opts.communityCodes) {
    const org = await ctx.db.selectFrom('org_nodes').select(['id', 'path']).where('code', '=', code).executeTakeFirstOrThrow();
    const entryId = newId();
    const token = `t${newId().replace(/[^a-zA-Z0-9]/g, '')}`;
    await ctx.db
      .insertInto('star_entries')
      .values({
        id: entryId,
        cycle_id: cycleId,
        community_id: org.id,
        community_path: org.path,
        state: 'drafting',
        survey_token: token,
        submitted_at: null,
        submitted_by: null,
        scored_at: null,
        scored_by: null,
        approved_at: null,
        approved_by: null,
        awarded: null,
        displayed_at: null,
        updated_at: now,
      })
      .execute();
    entries.set(code, { entryId, communityId: org.id, token });
  }
  return { cycleId, year, entries };
}

/** A household in a home of the grid, its head (with the phone, when given) as its only member. */
export async function buildHousehold(
  ctx: AppContext,
  gridCode: string,
  opts: { phone?: string; headName?: string } = {},
): Promise<{ id: string; headId: string }> {
  const home = await buildHome(ctx, gridCode);
  const head = await buildResident(ctx, { gridCode, name: opts.headName, phone: opts.phone ?? null, home_id: home.id });
  const homeRow = await ctx.db.selectFrom('homes').select('org_path').where('id', '=', home.id).executeTakeFirstOrThrow();
  const id = newId();
  const now = new Date().toISOString();
  await ctx.db
    .insertInto('households')
    .values({ id, home_id: home.id, org_path: homeRow.org_path, head_resident_id: head.id, registration_type: 'local', created_at: now, updated_at: now })
    .execute();
  await ctx.db.updateTable('residents').set({ household_id: id, relation: '02' }).where('id', '=', head.id).execute();
  return { id, headId: head.id };
}
