import type { AppContext } from '../platform/context.ts';
import { chinaDate } from '../platform/auth/actor.ts';
import { newId } from '../platform/ids.ts';
import { buildHousehold, buildSurveyCycle, phasesAround } from '../modules/star-survey/star-survey.test-support.ts';
import { householdKey } from '../modules/star-survey/star-survey.results.ts';
import { codeDigest } from '../modules/star-survey/star-survey.commands.ts';

/**
 * The permission-matrix cases of the resident survey (STAR-SURVEY's part), spread into MATRIX.
 * One cycle in its survey phase with entries for 天山路社区 (inside) and 体育场路社区 (outside);
 * households in 天山路社区第一网格, so the grid worker reaches them too.
 */
type Actor = 'anonymous' | 'admin' | 'secadmin' | 'auditor' | 'city' | 'tuanjie' | 'tianshan' | 'tianshan-window' | 'tianshan-grid1';
type Case = { name: string; make: () => Promise<{ url: string; body?: unknown }>; expect: Partial<Record<Actor, number>>; otherwise?: number };

const INSIDE = '654203002009';
const OUTSIDE = '654203001017';
const GRID = '654203002009001';
const ANSWERS = { organization: 'satisfied', service: 'basically-satisfied', safety: 'dissatisfied' };
const EVERYONE = (status: number) =>
  ({
    anonymous: status,
    admin: status,
    secadmin: status,
    auditor: status,
    city: status,
    tuanjie: status,
    tianshan: status,
    'tianshan-window': status,
    'tianshan-grid1': status,
  }) as const;
/** star:read at or above the community. */
const READERS_INSIDE = { city: 200, tuanjie: 200, tianshan: 200, 'tianshan-window': 200 } as const;
const READERS_OUTSIDE = { city: 200, tuanjie: 404, tianshan: 404, 'tianshan-window': 404 } as const;
/** star:survey at the community or in one of its grids. */
const WORKERS = (status: number) => ({ tianshan: status, 'tianshan-window': status, 'tianshan-grid1': status });

export function starSurveyMatrixCases(h: { ctx: () => AppContext }): Record<string, Case[]> {
  let serial = 0;
  let cycle: Awaited<ReturnType<typeof buildSurveyCycle>> | null = null;
  const survey = async () => {
    const ctx = h.ctx();
    cycle ??= await buildSurveyCycle(ctx, { communityCodes: [INSIDE, OUTSIDE], phases: phasesAround(chinaDate(ctx.clock.now()), 2) });
    await ctx.settings.set(ctx.db, 'public.rateLimits', { windowMinutes: 1, submit: 10_000, lookupFailures: 10_000, codeRequests: 10_000 }, null);
    return cycle;
  };
  const staff = async (code: string, tail = '') => {
    const c = await survey();
    return `/api/v1/star-cycles/${c.cycleId}/entries/${c.entries.get(code)!.communityId}/survey${tail}`;
  };
  const pub = async (tail = '') => `/api/v1/public/star-surveys/${(await survey()).entries.get(INSIDE)!.token}${tail}`;
  /** A fresh household of the grid with a household code handed out, so every caller can answer once. */
  const withCode = async () => {
    const ctx = h.ctx();
    const entryId = (await survey()).entries.get(INSIDE)!.entryId;
    const household = await buildHousehold(ctx, GRID);
    const code = `MATRIX${++serial}`;
    await ctx.db
      .insertInto('star_survey_codes')
      .values({
        id: newId(),
        entry_id: entryId,
        household_key: householdKey(ctx.crypto, entryId, household.id),
        code_hash: codeDigest(ctx.crypto, entryId, code),
        issued_by: null,
        issued_at: new Date().toISOString(),
        used_at: null,
      })
      .execute();
    return code;
  };
  const household = async (grid = GRID) => (await buildHousehold(h.ctx(), grid)).id;

  return {
    // The public survey page: no login, a signed-in caller is not used.
    'GET /api/v1/public/star-surveys/:token': [{ name: 'questionnaire', make: async () => ({ url: await pub() }), expect: EVERYONE(200) }],
    'POST /api/v1/public/star-surveys/:token/code': [
      { name: 'send a code', make: async () => ({ url: await pub('/code'), body: { phone: '13800001111' } }), expect: EVERYONE(202) },
    ],
    'POST /api/v1/public/star-surveys/:token/responses': [
      {
        name: 'answer with a household code',
        make: async () => ({ url: await pub('/responses'), body: { verification: { kind: 'household-code', code: await withCode() }, answers: ANSWERS } }),
        expect: EVERYONE(201),
      },
    ],
    'GET /api/v1/star-surveys': [
      {
        name: 'the surveys in scope',
        make: async () => ({ url: `/api/v1/star-surveys?year=${(await survey()).year}` }),
        expect: { ...READERS_INSIDE, 'tianshan-grid1': 200 },
      },
    ],
    'GET /api/v1/star-cycles/:id/entries/:communityId/survey': [
      { name: 'results, 天山路社区', make: async () => ({ url: await staff(INSIDE) }), expect: READERS_INSIDE },
      { name: 'results, 体育场路社区 (outside)', make: async () => ({ url: await staff(OUTSIDE) }), expect: READERS_OUTSIDE },
    ],
    'GET /api/v1/star-cycles/:id/entries/:communityId/survey/qr.svg': [
      { name: 'QR code, 天山路社区', make: async () => ({ url: await staff(INSIDE, '/qr.svg') }), expect: READERS_INSIDE },
      { name: 'QR code, 体育场路社区 (outside)', make: async () => ({ url: await staff(OUTSIDE, '/qr.svg') }), expect: READERS_OUTSIDE },
    ],
    'GET /api/v1/star-cycles/:id/entries/:communityId/survey/households': [
      { name: 'households, 天山路社区', make: async () => ({ url: await staff(INSIDE, '/households') }), expect: WORKERS(200) },
      { name: 'households, 体育场路社区 (outside)', make: async () => ({ url: await staff(OUTSIDE, '/households') }), expect: WORKERS(404) },
    ],
    'POST /api/v1/star-cycles/:id/entries/:communityId/survey/household-codes': [
      {
        name: 'a household of 天山路社区第一网格',
        make: async () => ({ url: await staff(INSIDE, '/household-codes'), body: { householdId: await household() } }),
        expect: WORKERS(201),
      },
      {
        name: '体育场路社区 (outside)',
        make: async () => ({ url: await staff(OUTSIDE, '/household-codes'), body: { householdId: await household('654203001017001') } }),
        expect: WORKERS(404),
      },
    ],
    'POST /api/v1/star-cycles/:id/entries/:communityId/survey/paper': [
      {
        name: 'a household of 天山路社区第一网格',
        make: async () => ({ url: await staff(INSIDE, '/paper'), body: { householdId: await household(), answers: ANSWERS } }),
        expect: WORKERS(201),
      },
      {
        name: '体育场路社区 (outside)',
        make: async () => ({ url: await staff(OUTSIDE, '/paper'), body: { householdId: await household('654203001017001'), answers: ANSWERS } }),
        expect: WORKERS(404),
      },
    ],
  };
}
