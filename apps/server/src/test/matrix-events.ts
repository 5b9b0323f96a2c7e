import type { Kysely } from 'kysely';
import type { DB } from '../platform/db/schema.ts';
import { buildEvent } from '../modules/events/events.test-support.ts';

/**
 * The permission-matrix cases of the event routes (EVENTS' part), spread into MATRIX.
 * Inside: 天山路社区第一网格; outside: 体育场路社区 (another township).
 */
type Actor = 'anonymous' | 'admin' | 'secadmin' | 'auditor' | 'city' | 'tuanjie' | 'tianshan' | 'tianshan-window' | 'tianshan-grid1';
type Case = { name: string; make: () => Promise<{ url: string; body?: unknown }>; expect: Partial<Record<Actor, number>>; otherwise?: number };
type Helpers = { db: () => Kysely<DB>; code: (c: string) => Promise<string> };

const INSIDE = '654203002009001';
const INSIDE_OTHER_GRID = '654203002009002';
const OUTSIDE = '654203001017001';
const READERS = { city: 200, tuanjie: 200, tianshan: 200, 'tianshan-window': 200, 'tianshan-grid1': 200 } as const;
const DISPATCHERS = { tuanjie: 200, tianshan: 200 } as const;
const OUTSIDE_DISPATCHERS = { tuanjie: 404, tianshan: 404 } as const;
/** The unit an event is dispatched to (天山路社区): whoever handles events at exactly that node. */
const COMMUNITY_HANDLERS = { tianshan: 200, 'tianshan-window': 200 } as const;

let nextCode = 20;

export function eventMatrixCases(h: Helpers): Record<string, Case[]> {
  const ev = (grid: string, state: string) => buildEvent(h.db(), grid, state);
  const action = (
    a: string,
    state: string,
    body: () => Promise<unknown>,
    expect: Partial<Record<Actor, number>>,
    outside: Partial<Record<Actor, number>>,
  ): Case[] => [
    { name: `from ${state}`, make: async () => ({ url: `/api/v1/events/${await ev(INSIDE, state)}/${a}`, body: await body() }), expect },
    {
      name: `from ${state}, 体育场路社区 (outside)`,
      make: async () => ({ url: `/api/v1/events/${await ev(OUTSIDE, state)}/${a}`, body: await body() }),
      expect: outside,
    },
  ];
  const dispatchBody = async () => ({ orgId: await h.code('654203002009') });
  return {
    'GET /api/v1/event-categories': [{ name: 'list', make: async () => ({ url: '/api/v1/event-categories' }), expect: READERS }],
    'POST /api/v1/event-categories': [
      {
        name: 'a new top category',
        make: async () => ({
          url: '/api/v1/event-categories',
          body: {
            kind: 'event',
            code: String(nextCode++),
            name: '测试大类',
            registerLimit: { value: 1, unit: 'working-hours' },
            dispatchLimit: { value: 1, unit: 'working-hours' },
            handleLimit: { value: 1, unit: 'working-days' },
            closingCondition: '已处理',
          },
        }),
        expect: { city: 201 },
      },
    ],
    'PATCH /api/v1/event-categories/:id': [
      {
        name: 'a category',
        make: async () => {
          const c = await h.db().selectFrom('event_categories').select('id').where('kind', '=', 'event').where('code', '=', '0601').executeTakeFirstOrThrow();
          return { url: `/api/v1/event-categories/${c.id}`, body: { closingCondition: '问题已处理' } };
        },
        expect: { city: 200 },
      },
    ],
    'GET /api/v1/events': [{ name: 'list', make: async () => ({ url: '/api/v1/events' }), expect: READERS }],
    'POST /api/v1/events': [
      {
        name: 'in 天山路社区第一网格',
        make: async () => ({ url: '/api/v1/events', body: { gridId: await h.code(INSIDE), description: '井盖缺失' } }),
        expect: { tuanjie: 201, tianshan: 201, 'tianshan-window': 201, 'tianshan-grid1': 201 },
      },
      {
        name: 'in 体育场路社区 (outside)',
        make: async () => ({ url: '/api/v1/events', body: { gridId: await h.code(OUTSIDE), description: '井盖缺失' } }),
        expect: { tuanjie: 404, tianshan: 404, 'tianshan-window': 404, 'tianshan-grid1': 404 },
      },
    ],
    'GET /api/v1/events/stats': [
      { name: 'own scope', make: async () => ({ url: '/api/v1/events/stats' }), expect: { city: 200, tuanjie: 200, tianshan: 200 } },
      {
        name: '体育场路社区 (outside)',
        make: async () => ({ url: `/api/v1/events/stats?orgId=${await h.code('654203001017')}` }),
        expect: { city: 200, tuanjie: 404, tianshan: 404 },
      },
    ],
    'GET /api/v1/events/:id': [
      { name: 'in 天山路社区第一网格', make: async () => ({ url: `/api/v1/events/${await ev(INSIDE, 'reported')}` }), expect: READERS },
      {
        name: 'in another grid of 天山路社区',
        make: async () => ({ url: `/api/v1/events/${await ev(INSIDE_OTHER_GRID, 'reported')}` }),
        expect: { ...READERS, 'tianshan-grid1': 404 },
      },
      {
        name: 'in 体育场路社区 (outside)',
        make: async () => ({ url: `/api/v1/events/${await ev(OUTSIDE, 'reported')}` }),
        expect: { city: 200, tuanjie: 404, tianshan: 404, 'tianshan-window': 404, 'tianshan-grid1': 404 },
      },
    ],
    'GET /api/v1/events/:id/dispatch-targets': [
      { name: 'registered', make: async () => ({ url: `/api/v1/events/${await ev(INSIDE, 'registered')}/dispatch-targets` }), expect: DISPATCHERS },
      { name: 'outside', make: async () => ({ url: `/api/v1/events/${await ev(OUTSIDE, 'registered')}/dispatch-targets` }), expect: OUTSIDE_DISPATCHERS },
    ],
    'POST /api/v1/events/:id/register': action('register', 'reported', async () => ({}), DISPATCHERS, OUTSIDE_DISPATCHERS),
    'POST /api/v1/events/:id/void': action('void', 'reported', async () => ({ reason: '重复上报' }), DISPATCHERS, OUTSIDE_DISPATCHERS),
    'POST /api/v1/events/:id/dispatch': action('dispatch', 'registered', dispatchBody, DISPATCHERS, OUTSIDE_DISPATCHERS),
    'POST /api/v1/events/:id/return': action(
      'return',
      'dispatched',
      async () => ({ reason: '非本单位职责' }),
      { ...COMMUNITY_HANDLERS, tuanjie: 403, 'tianshan-grid1': 403 },
      {
        tuanjie: 404,
        ...{ tianshan: 404, 'tianshan-window': 404, 'tianshan-grid1': 404 },
      },
    ),
    'POST /api/v1/events/:id/feedback': action(
      'feedback',
      'dispatched',
      async () => ({ result: '已处置' }),
      { ...COMMUNITY_HANDLERS, tuanjie: 403, 'tianshan-grid1': 403 },
      {
        tuanjie: 404,
        ...{ tianshan: 404, 'tianshan-window': 404, 'tianshan-grid1': 404 },
      },
    ),
    'POST /api/v1/events/:id/verify': action('verify', 'fed-back', async () => ({}), DISPATCHERS, OUTSIDE_DISPATCHERS),
    'POST /api/v1/events/:id/rework': action('rework', 'fed-back', async () => ({ reason: '未处理到位' }), DISPATCHERS, OUTSIDE_DISPATCHERS),
    'POST /api/v1/events/:id/evaluate': action('evaluate', 'closed', async () => ({ grade: 'good' }), DISPATCHERS, OUTSIDE_DISPATCHERS),
  };
}
