import { addCalendarDays, type PhaseSpan, type StarPhase } from '@lingyan/shared';
import type { AppContext } from '../platform/context.ts';
import { newId } from '../platform/ids.ts';
import { cycleInPhase, ensureCatalog } from '../modules/star-cycles/star-cycles.test-support.ts';

/**
 * The permission-matrix cases of the annual cycle (STAR CYCLES' part), spread into MATRIX.
 * Each case writes its own cycle whose phase today is the step's. Inside: 天山路社区; outside:
 * 体育场路社区 (another township). Nobody in the matrix reviews for a department (403).
 */
type Actor = 'anonymous' | 'admin' | 'secadmin' | 'auditor' | 'city' | 'tuanjie' | 'tianshan' | 'tianshan-window' | 'tianshan-grid1';
type Case = { name: string; make: () => Promise<{ url: string; body?: unknown }>; expect: Partial<Record<Actor, number>>; otherwise?: number };
type Helpers = { ctx: () => AppContext; code: (c: string) => Promise<string> };

const INSIDE = '654203002009';
const OUTSIDE = '654203001017';
const READERS = { city: 200, tuanjie: 200, tianshan: 200, 'tianshan-window': 200 } as const;
const EVERYONE_201 = {
  anonymous: 201,
  admin: 201,
  secadmin: 201,
  auditor: 201,
  city: 201,
  tuanjie: 201,
  tianshan: 201,
  'tianshan-window': 201,
  'tianshan-grid1': 201,
};
const ALL = ['organization', 'service', 'democracy', 'ethnic-unity', 'religious-harmony', 'safety', 'civility', 'co-building', 'environment', 'integrity'];

let createYear = 2030; // below the stars matrix's 2050+, within the API's 2000–2099

export function starCycleMatrixCases(h: Helpers): Record<string, Case[]> {
  /** A cycle in `phase` with 天山路社区 (and 体育场路社区) in `state`; the URL of the cycle, or of one entry plus `tail`. */
  const at = async (phase: StarPhase, state: string, f: { reviewState?: string; awarded?: string[]; outside?: boolean } = {}) => {
    const community = f.outside ? OUTSIDE : INSIDE;
    const { cycleId, entryIds } = await cycleInPhase(h.ctx(), phase, [{ code: community, state, ...f }]);
    return { cycleId, entryId: entryIds[0]!, entry: `/api/v1/star-cycles/${cycleId}/entries/${await h.code(community)}` };
  };
  const step = (
    phase: StarPhase,
    state: string,
    tail: string,
    body: unknown,
    expect: Partial<Record<Actor, number>>,
    outside: Partial<Record<Actor, number>>,
    f = {},
  ) => [
    { name: `in ${phase}, 天山路社区 ${state}`, make: async () => ({ url: (await at(phase, state, f)).entry + tail, body }), expect },
    {
      name: `in ${phase}, 体育场路社区 (outside)`,
      make: async () => ({ url: (await at(phase, state, { ...f, outside: true })).entry + tail, body }),
      expect: outside,
    },
  ];
  const scores = { stars: [{ starCode: 'organization', scores: { committee: 90, 'party-life': 90, 'visit-coverage': 90, 'resident-survey': 90 } }] };
  return {
    'GET /api/v1/star-cycles': [{ name: 'list', make: async () => ({ url: '/api/v1/star-cycles' }), expect: READERS }],
    'POST /api/v1/star-cycles': [
      {
        name: 'a new year',
        make: async () => {
          const year = createYear++;
          await ensureCatalog(h.ctx(), year);
          return { url: '/api/v1/star-cycles', body: { year, startsOn: '2040-01-01', communityIds: [await h.code(INSIDE)] } };
        },
        expect: { city: 201 },
      },
    ],
    'GET /api/v1/star-cycles/:id': [
      { name: 'a cycle', make: async () => ({ url: `/api/v1/star-cycles/${(await at('self-assessment', 'drafting')).cycleId}` }), expect: READERS },
    ],
    'PUT /api/v1/star-cycles/:id/phases/:phase': [
      {
        name: 'move the survey a day later',
        make: async () => {
          const { cycleId } = await at('self-assessment', 'drafting');
          const row = await h.ctx().db.selectFrom('star_cycles').select('phases').where('id', '=', cycleId).executeTakeFirstOrThrow();
          const survey = (JSON.parse(row.phases) as PhaseSpan[])[1]!;
          return { url: `/api/v1/star-cycles/${cycleId}/phases/resident-survey`, body: { startsOn: addCalendarDays(survey.startsOn, 1) } };
        },
        expect: { city: 200 },
      },
    ],
    'GET /api/v1/star-cycles/:id/entries/:communityId': [
      { name: '天山路社区', make: async () => ({ url: (await at('self-assessment', 'drafting')).entry }), expect: READERS },
      {
        name: '体育场路社区 (outside)',
        make: async () => ({ url: (await at('self-assessment', 'drafting', { outside: true })).entry }),
        expect: { city: 200, tuanjie: 404, tianshan: 404, 'tianshan-window': 404 },
      },
    ],
    'PUT /api/v1/star-cycles/:id/entries/:communityId/self-assessment': step(
      'self-assessment',
      'drafting',
      '/self-assessment',
      { stars: [{ starCode: 'organization', selfScores: { committee: 90 } }] },
      { tianshan: 200 },
      { tianshan: 404 },
    ),
    'POST /api/v1/star-cycles/:id/entries/:communityId/submit': step('self-assessment', 'drafting', '/submit', {}, { tianshan: 200 }, { tianshan: 404 }),
    'PUT /api/v1/star-cycles/:id/entries/:communityId/scores': step('township-scoring', 'submitted', '/scores', scores, { tuanjie: 200 }, { tuanjie: 404 }),
    'POST /api/v1/star-cycles/:id/entries/:communityId/submit-scores': step(
      'township-scoring',
      'submitted',
      '/submit-scores',
      {},
      { tuanjie: 200 },
      { tuanjie: 404 },
    ),
    'POST /api/v1/star-cycles/:id/entries/:communityId/stars/:starCode/accept': step('department-review', 'scored', '/stars/safety/accept', {}, {}, {}),
    'POST /api/v1/star-cycles/:id/entries/:communityId/stars/:starCode/return': step(
      'department-review',
      'scored',
      '/stars/safety/return',
      { reason: '材料不全' },
      {},
      {},
    ),
    'POST /api/v1/star-cycles/:id/entries/:communityId/approve': step(
      'city-approval',
      'reviewed',
      '/approve',
      {},
      { city: 200 },
      { city: 200 },
      { reviewState: 'accepted' },
    ),
    'GET /api/v1/star-cycles/:id/review-queue': [
      {
        name: 'department officers only',
        make: async () => ({ url: `/api/v1/star-cycles/${(await at('department-review', 'scored')).cycleId}/review-queue` }),
        expect: {},
      },
    ],
    'GET /api/v1/star-cycles/:id/objections': [
      {
        name: 'the city',
        make: async () => ({ url: `/api/v1/star-cycles/${(await at('public-notice', 'approved', { awarded: ALL })).cycleId}/objections` }),
        expect: { city: 200 },
      },
    ],
    'POST /api/v1/star-objections/:id/answer': [
      {
        name: 'an open objection',
        make: async () => {
          const { entryId } = await at('public-notice', 'approved', { awarded: ALL, reviewState: 'accepted' });
          const id = newId();
          await h
            .ctx()
            .db.insertInto('star_objections')
            .values({
              id,
              entry_id: entryId,
              star_code: 'safety',
              body: '有异议',
              contact_enc: null,
              submitted_at: new Date().toISOString(),
              outcome: null,
              answer: null,
              answered_by: null,
              answered_at: null,
            })
            .execute();
          return { url: `/api/v1/star-objections/${id}/answer`, body: { outcome: 'dismissed', answer: '经核实不属实' } };
        },
        expect: { city: 200 },
      },
    ],
    'POST /api/v1/star-cycles/:id/display': [
      {
        name: 'after the notice',
        make: async () => ({
          url: `/api/v1/star-cycles/${(await at('display', 'approved', { awarded: ALL, reviewState: 'accepted' })).cycleId}/display`,
          body: {},
        }),
        expect: { city: 200 },
      },
    ],
    'GET /api/v1/public/star-notices/current': [
      {
        name: 'public',
        make: async () => ({ url: '/api/v1/public/star-notices/current' }),
        expect: Object.fromEntries(Object.keys(EVERYONE_201).map((a) => [a, 200])),
      },
    ],
    'POST /api/v1/public/star-objections': [
      {
        name: 'during the notice',
        make: async () => {
          await h.ctx().settings.set(h.ctx().db, 'public.rateLimits', { windowMinutes: 1, submit: 10_000, lookupFailures: 10_000, codeRequests: 10_000 }, null);
          const { entryId } = await at('public-notice', 'approved', { awarded: ALL, reviewState: 'accepted' });
          return { url: '/api/v1/public/star-objections', body: { entryId, starCode: 'safety', body: '该社区治安案件较多' } };
        },
        expect: EVERYONE_201,
      },
    ],
  };
}
