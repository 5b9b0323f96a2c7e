import type { Kysely } from 'kysely';
import { DEFAULT_VISIT_PERIOD_POLICY } from '@lingyan/shared';
import type { DB } from '../platform/db/schema.ts';
import { newId } from '../platform/ids.ts';

/**
 * The permission-matrix cases of the visit routes (VISITS' part), spread into MATRIX.
 * Inside: 天山路社区第一网格; outside: 体育场路社区 (another township).
 */
type Actor = 'anonymous' | 'admin' | 'secadmin' | 'auditor' | 'city' | 'tuanjie' | 'tianshan' | 'tianshan-window' | 'tianshan-grid1';
type Case = { name: string; make: () => Promise<{ url: string; body?: unknown }>; expect: Partial<Record<Actor, number>>; otherwise?: number };
type Helpers = { db: () => Kysely<DB>; code: (c: string) => Promise<string> };

const INSIDE = '654203002009001';
const OUTSIDE = '654203001017001';
const READERS = { city: 200, tuanjie: 200, tianshan: 200, 'tianshan-window': 200, 'tianshan-grid1': 200 } as const;
const OUTSIDE_READ = { city: 200, tuanjie: 404, tianshan: 404, 'tianshan-window': 404, 'tianshan-grid1': 404 } as const;

async function household(db: Kysely<DB>, gridCode: string): Promise<{ id: string; gridId: string; path: string }> {
  const g = await db.selectFrom('org_nodes').select(['id', 'path']).where('code', '=', gridCode).executeTakeFirstOrThrow();
  const now = new Date().toISOString();
  const home = newId();
  await db
    .insertInto('homes')
    .values({
      id: home,
      grid_id: g.id,
      org_path: g.path,
      building_id: null,
      unit_id: null,
      kind: 'home',
      name: null,
      room_no: '101',
      address: `矩阵测试${home.slice(-6)}`,
      area_m2: null,
      use: 'residential',
      ownership: 'private',
      is_rented: 0,
      created_at: now,
      updated_at: now,
    })
    .execute();
  const id = newId();
  await db
    .insertInto('households')
    .values({ id, home_id: home, org_path: g.path, head_resident_id: null, registration_type: 'local', created_at: now, updated_at: now })
    .execute();
  return { id, gridId: g.id, path: g.path };
}

async function visitIn(db: Kysely<DB>, gridCode: string): Promise<string> {
  const hh = await household(db, gridCode);
  const user = await db.selectFrom('users').select('id').where('username', '=', 'city').executeTakeFirstOrThrow();
  const id = newId();
  await db
    .insertInto('visits')
    .values({
      id,
      household_id: hh.id,
      grid_id: hh.gridId,
      org_path: hh.path,
      visited_on: '2026-11-01',
      kind: 'routine',
      notes: null,
      visitor_id: user.id,
      raised_type: null,
      raised_id: null,
      created_at: new Date().toISOString(),
    })
    .execute();
  return id;
}

async function needIn(db: Kysely<DB>, gridCode: string): Promise<string> {
  const hh = await household(db, gridCode);
  const user = await db.selectFrom('users').select('id').where('username', '=', 'city').executeTakeFirstOrThrow();
  const id = newId();
  const now = new Date().toISOString();
  await db
    .insertInto('needs')
    .values({
      id,
      household_id: hh.id,
      grid_id: hh.gridId,
      org_path: hh.path,
      visit_id: null,
      category: 'other',
      description: '矩阵',
      status: 'open',
      created_by: user.id,
      created_at: now,
      updated_at: now,
    })
    .execute();
  return id;
}

export function visitMatrixCases(h: Helpers): Record<string, Case[]> {
  const community = (grid: string) => h.code(grid.slice(0, 12));
  const listed = (url: string): Case[] => [
    { name: 'in scope', make: async () => ({ url }), expect: READERS },
    {
      name: '体育场路社区 (outside)',
      make: async () => ({ url: `${url}${url.includes('?') ? '&' : '?'}orgId=${await community(OUTSIDE)}` }),
      expect: OUTSIDE_READ,
    },
  ];
  return {
    'GET /api/v1/visits': listed('/api/v1/visits'),
    'GET /api/v1/visits/households': listed('/api/v1/visits/households'),
    'GET /api/v1/visits/due': listed('/api/v1/visits/due'),
    'GET /api/v1/needs': listed('/api/v1/needs'),
    'GET /api/v1/visits/:id': [
      { name: 'in 天山路社区第一网格', make: async () => ({ url: `/api/v1/visits/${await visitIn(h.db(), INSIDE)}` }), expect: READERS },
      { name: 'in 体育场路社区 (outside)', make: async () => ({ url: `/api/v1/visits/${await visitIn(h.db(), OUTSIDE)}` }), expect: OUTSIDE_READ },
    ],
    'POST /api/v1/visits': [
      {
        name: 'to a household of 天山路社区第一网格',
        make: async () => ({ url: '/api/v1/visits', body: { householdId: (await household(h.db(), INSIDE)).id, kind: 'routine' } }),
        expect: { tianshan: 201, 'tianshan-grid1': 201 },
      },
      {
        name: 'to a household of 体育场路社区 (outside)',
        make: async () => ({ url: '/api/v1/visits', body: { householdId: (await household(h.db(), OUTSIDE)).id, kind: 'routine' } }),
        expect: { tianshan: 404, 'tianshan-grid1': 404 },
      },
    ],
    'GET /api/v1/grids/:id/coverage': [
      { name: '天山路社区第一网格', make: async () => ({ url: `/api/v1/grids/${await h.code(INSIDE)}/coverage` }), expect: READERS },
      { name: '体育场路社区 (outside)', make: async () => ({ url: `/api/v1/grids/${await h.code(OUTSIDE)}/coverage` }), expect: OUTSIDE_READ },
    ],
    'GET /api/v1/visits/coverage': [
      {
        name: '天山路社区 (above the grid worker’s grid)',
        make: async () => ({ url: `/api/v1/visits/coverage?orgId=${await community(INSIDE)}` }),
        expect: { ...READERS, 'tianshan-grid1': 404 },
      },
      { name: '体育场路社区 (outside)', make: async () => ({ url: `/api/v1/visits/coverage?orgId=${await community(OUTSIDE)}` }), expect: OUTSIDE_READ },
    ],
    'GET /api/v1/visits/settings': [{ name: 'read', make: async () => ({ url: '/api/v1/visits/settings' }), expect: READERS }],
    'PUT /api/v1/visits/settings': [
      { name: 'the defaults', make: async () => ({ url: '/api/v1/visits/settings', body: DEFAULT_VISIT_PERIOD_POLICY }), expect: { city: 200 } },
    ],
    'PATCH /api/v1/needs/:id': [
      {
        name: 'in 天山路社区第一网格',
        make: async () => ({ url: `/api/v1/needs/${await needIn(h.db(), INSIDE)}`, body: { status: 'matched' } }),
        expect: { tianshan: 200, 'tianshan-grid1': 200 },
      },
      {
        name: 'in 体育场路社区 (outside)',
        make: async () => ({ url: `/api/v1/needs/${await needIn(h.db(), OUTSIDE)}`, body: { status: 'matched' } }),
        expect: { tianshan: 404, 'tianshan-grid1': 404 },
      },
    ],
  };
}
