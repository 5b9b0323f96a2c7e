import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, DEMO_PASSWORD, type Client, type TestApp } from './harness.ts';
import { newId } from '../platform/ids.ts';
import type { Access } from '../platform/http/access.ts';
import { storagePath } from '../modules/files/files.store.ts';
import { PNG_1X1 } from '../modules/files/files.test-support.ts';
import { buildBuilding, buildHome, buildResident, buildServiceRequest, buildTenancy } from './factories.ts';
import { eventMatrixCases } from './matrix-events.ts';
import { visitMatrixCases } from './matrix-visits.ts';
import { starCycleMatrixCases } from './matrix-star-cycles.ts';
import { starCheckMatrixCases } from './matrix-star-checks.ts';
import { starMatrixCases } from './matrix-stars.ts';
import { starSurveyMatrixCases } from './matrix-star-survey.ts';
import { CANARY_PROBES, EXAMPLE_CANARIES, leakedMarkers, plantCanaries, residentMarkers, type Canaries } from './matrix-canary.ts';
import { matrixAttackSuites } from './matrix-attacks.ts';

/**
 * Every route × every demo role, inside and outside its scope, with the status each must get.
 * The expectations are written here by hand; a route that has no entry fails the suite.
 */
const ACTORS = ['anonymous', 'admin', 'secadmin', 'auditor', 'city', 'tuanjie', 'tianshan', 'tianshan-window', 'tianshan-grid1'] as const;
type ActorName = (typeof ACTORS)[number];
type Req = { url: string; body?: unknown };
type Case = { name: string; make: () => Promise<Req>; expect: Partial<Record<ActorName, number>>; otherwise?: number; freshSession?: boolean };

let t: TestApp;
let canaries: Canaries;
const sessions = new Map<ActorName, Client>();
const code = (c: string) => t.orgId(c);
const user = (u: string) => t.userId(u);

/** A throwaway account to act upon, so destructive cases never disturb the demo users. */
async function throwawayUser(): Promise<string> {
  const id = newId();
  const now = new Date().toISOString();
  await t.runtime.ctx.db
    .insertInto('users')
    .values({
      id,
      username: `tmp-${id.slice(-12)}`,
      display_name: 'tmp',
      password_hash: 'x',
      status: 'active',
      must_change_password: 0,
      failed_logins: 0,
      created_at: now,
      updated_at: now,
    })
    .execute();
  return id;
}
async function throwawayAssignment(): Promise<string> {
  const id = newId();
  await t.runtime.ctx.db
    .insertInto('assignments')
    .values({
      id,
      user_id: await throwawayUser(),
      role: 'window-worker',
      org_id: await code('654203002009'),
      valid_from: null,
      valid_to: null,
      created_at: new Date().toISOString(),
      created_by: null,
    })
    .execute();
  return id;
}
async function throwawayToken(): Promise<string> {
  const id = newId();
  await t.runtime.ctx.db
    .insertInto('api_tokens')
    .values({
      id,
      user_id: await user('city'),
      name: 'tmp',
      token_hash: newId(),
      created_at: new Date().toISOString(),
      created_by: null,
      expires_at: null,
      last_used_at: null,
      revoked_at: null,
    })
    .execute();
  return id;
}

const ALL_SIGNED_IN = {
  admin: 200,
  secadmin: 200,
  auditor: 200,
  city: 200,
  tuanjie: 200,
  tianshan: 200,
  'tianshan-window': 200,
  'tianshan-grid1': 200,
} as const;
const ORG_READERS = { admin: 200, secadmin: 200, city: 200, tuanjie: 200, tianshan: 200, 'tianshan-window': 200, 'tianshan-grid1': 200 } as const;

const INSIDE_GRID = '654203002009001';
const OUTSIDE_GRID = '654203001017001';
const REGISTRY_READERS = { city: 200, tuanjie: 200, tianshan: 200, 'tianshan-window': 200, 'tianshan-grid1': 200 } as const;
const REGISTRY_WRITERS = { tianshan: 200, 'tianshan-window': 200, 'tianshan-grid1': 200 } as const;
const REVEALERS = { tuanjie: 200, tianshan: 200, 'tianshan-window': 200, 'tianshan-grid1': 200 } as const;
const OUTSIDE_READ = { city: 200, tuanjie: 404, tianshan: 404, 'tianshan-window': 404, 'tianshan-grid1': 404 } as const;

async function householdFixture(): Promise<string> {
  const home = await buildHome(t.runtime.ctx);
  const head = await buildResident(t.runtime.ctx, { home_id: home.id, relation: '02' });
  const id = newId();
  const now = new Date().toISOString();
  const g = await t.runtime.ctx.db.selectFrom('homes').select('org_path').where('id', '=', home.id).executeTakeFirstOrThrow();
  await t.runtime.ctx.db
    .insertInto('households')
    .values({ id, home_id: home.id, org_path: g.org_path, head_resident_id: head.id, registration_type: 'local', created_at: now, updated_at: now })
    .execute();
  return id;
}

const IMPORTERS = { tianshan: 200, 'tianshan-window': 200 } as const;
/** An import row as the upload leaves it, by `username` at the community `orgCode`. */
async function importFixture(username: string, orgCode: string, overrides: { status?: string; error_count?: number } = {}): Promise<string> {
  const id = newId();
  const org = await t.runtime.ctx.db.selectFrom('org_nodes').select(['id', 'path']).where('code', '=', orgCode).executeTakeFirstOrThrow();
  await t.runtime.ctx.db
    .insertInto('imports')
    .values({
      id,
      kind: 'residents',
      status: overrides.status ?? 'checked',
      file_name: 'matrix.xlsx',
      org_id: org.id,
      org_path: org.path,
      created_by: await user(username),
      created_at: new Date().toISOString(),
      total_rows: 1,
      checked_rows: 1,
      error_count: overrides.error_count ?? 0,
      committed_rows: 0,
    })
    .execute();
  return id;
}

let yearSerial = 0;
const itemId = async (c: string) => (await t.runtime.ctx.db.selectFrom('service_items').select('id').where('code', '=', c).executeTakeFirstOrThrow()).id;
const REQUEST_VIEWERS_ALL = { city: 200, tuanjie: 200, tianshan: 200, 'tianshan-window': 200, 'tianshan-grid1': 200 } as const;
const REQUEST_VIEWERS = { city: 200, tuanjie: 200, tianshan: 200, 'tianshan-window': 200, 'tianshan-grid1': 404 } as const;
/** Who may take a step on a 天山路社区 request owned by its window worker: handlers in scope (the grid worker cannot see it; the city only reads). */
const HANDLERS = { city: 403, tuanjie: 200, tianshan: 200, 'tianshan-window': 200, 'tianshan-grid1': 404 } as const;
const LEADER_ONLY = { city: 403, tuanjie: 403, tianshan: 200, 'tianshan-window': 403, 'tianshan-grid1': 404 } as const;
const OWNER_OR_LEADER = { city: 403, tuanjie: 403, tianshan: 200, 'tianshan-window': 200, 'tianshan-grid1': 404 } as const;

/** A request of 天山路社区, owned and handled by its window worker, in the given state. */
async function requestIn(state: string, extra: (id: string) => Promise<void> = async () => undefined): Promise<string> {
  const window = await user('tianshan-window');
  const r = await buildServiceRequest(t.runtime.ctx, '654203002009', {
    state,
    owner_id: window,
    handler_id: window,
    paused_on: state === 'waiting' ? '2026-11-02' : null,
    completed_at: ['completed', 'informed', 'rated', 'closed'].includes(state) ? '2026-11-05' : null,
    informed_at: ['informed', 'rated', 'closed'].includes(state) ? '2026-11-05' : null,
    rating: ['rated', 'closed'].includes(state) ? 'dissatisfied' : null,
    follow_up_needed: ['rated', 'closed'].includes(state) ? 1 : 0,
  });
  await extra(r.id);
  return r.id;
}
const withAgency = async (id: string) => {
  await t.runtime.ctx.db
    .insertInto('agency_authorizations')
    .values({
      id: newId(),
      request_id: id,
      scope: '代办',
      valid_until: '2099-12-31',
      signed_how: 'written',
      recorded_by: await user('tianshan-window'),
      recorded_at: new Date().toISOString(),
    })
    .execute();
};
const withVisit = async (id: string) => {
  await t.runtime.ctx.db
    .insertInto('home_visits')
    .values({
      id: `visit-${id}`,
      request_id: id,
      scheduled_for: '2026-11-28',
      assignee_id: await user('tianshan-grid1'),
      outcome: null,
      done_at: null,
      created_at: new Date().toISOString(),
    })
    .execute();
};
const ALL_SIGNED_IN_201 = Object.fromEntries(Object.keys(ALL_SIGNED_IN).map((a) => [a, 201]));
/** The matrix speaks from one address: lift the public per-address limits out of its way. */
const generousPublicLimits = () =>
  t.runtime.ctx.settings.set(t.runtime.ctx.db, 'public.rateLimits', { windowMinutes: 1, submit: 10_000, lookupFailures: 10_000, codeRequests: 10_000 }, null);
/** A request of 天山路社区 in `state`, with the number and last four digits a resident follows it by. */
async function publicProof(state: string): Promise<{ number: string; phoneLast4: string }> {
  const id = await requestIn(state);
  await t.runtime.ctx.db.updateTable('service_requests').set({ contact_phone_last4: '5678' }).where('id', '=', id).execute();
  const row = await t.runtime.ctx.db.selectFrom('service_requests').select('number').where('id', '=', id).executeTakeFirstOrThrow();
  return { number: row.number, phoneLast4: '5678' };
}
type ActionCase = [string, string, (requestId: string) => Promise<unknown>, Partial<Record<ActorName, number>>, ((id: string) => Promise<void>)?];
const ACTION_CASES: ActionCase[] = [
  ['accept', 'received', async () => ({}), HANDLERS],
  ['refuse', 'received', async () => ({ reason: '不属于受理范围' }), HANDLERS],
  ['transfer', 'accepted', async () => ({ toUserId: await user('tianshan-grid1') }), HANDLERS],
  ['pause', 'accepted', async () => ({ reason: '待补充材料' }), HANDLERS],
  ['resume', 'waiting', async () => ({}), HANDLERS],
  ['complete', 'accepted', async () => ({ result: '已办结' }), HANDLERS],
  ['inform', 'completed', async () => ({ method: 'phone' }), HANDLERS],
  ['rate', 'informed', async () => ({ rating: 'satisfied' }), HANDLERS],
  ['close', 'informed', async () => ({}), OWNER_OR_LEADER],
  ['reopen', 'closed', async () => ({ reason: '复核属实' }), LEADER_ONLY],
  ['trip', 'accepted', async () => ({}), HANDLERS],
  ['authorize-agency', 'accepted', async () => ({ scope: '代为申请', validUntil: '2099-01-01', signedHow: 'written' }), HANDLERS],
  ['agency-step', 'accepted', async () => ({ step: '代为提交' }), HANDLERS, withAgency],
  ['schedule-visit', 'accepted', async () => ({ scheduledFor: '2026-11-30', assigneeId: await user('tianshan-grid1') }), HANDLERS],
  // The visit is the grid worker's: its assignee records the outcome, though the request is not theirs.
  ['record-visit', 'accepted', async (id) => ({ visitId: `visit-${id}`, outcome: '已上门' }), { ...HANDLERS, 'tianshan-grid1': 200 }, withVisit],
  ['follow-up', 'rated', async () => ({ result: 'unfounded', note: '回访无异议' }), HANDLERS],
  ['exclude', 'accepted', async () => ({ excluded: true, reason: '重复件' }), LEADER_ONLY],
];

/** A photo uploaded by tianshan-window, attached (or not) to a record of 天山路社区. */
async function fileFixture(attached: boolean): Promise<string> {
  const ctx = t.runtime.ctx;
  const id = newId();
  const storageName = `matrix/${id}`;
  fs.mkdirSync(path.dirname(storagePath(ctx, storageName)), { recursive: true });
  fs.writeFileSync(storagePath(ctx, storageName), PNG_1X1);
  const org = await ctx.db.selectFrom('org_nodes').select('path').where('code', '=', '654203002009').executeTakeFirstOrThrow();
  await ctx.db
    .insertInto('files')
    .values({
      id,
      storage_name: storageName,
      name: 'matrix.png',
      content_type: 'image/png',
      size: PNG_1X1.length,
      sha256: '-',
      uploaded_by: await user('tianshan-window'),
      uploaded_at: new Date().toISOString(),
      record_type: attached ? 'matrix-record' : null,
      record_id: attached ? newId() : null,
      record_org_path: attached ? org.path : null,
    })
    .execute();
  return id;
}

const GRID_READERS = { city: 200, tuanjie: 200, tianshan: 200, 'tianshan-window': 200, 'tianshan-grid1': 200 } as const;
const GRID_OUTSIDE_READ = { city: 200, tuanjie: 404, tianshan: 404, 'tianshan-window': 404, 'tianshan-grid1': 404 } as const;
const GRID_MANAGERS = { tuanjie: 200, tianshan: 200 } as const;
const GRID_OUTSIDE_MANAGE = { tuanjie: 404, tianshan: 404 } as const;
const farSquare = {
  type: 'Polygon',
  coordinates: [
    [
      [80, 40],
      [80.001, 40],
      [80.001, 40.001],
      [80, 40.001],
      [80, 40],
    ],
  ],
};
/** A liaison of a grid, entered directly, for the edit and delete cases. */
async function gridPersonIn(gridCode: string): Promise<string> {
  const grid = await t.runtime.ctx.db.selectFrom('org_nodes').select(['id', 'path']).where('code', '=', gridCode).executeTakeFirstOrThrow();
  const id = newId();
  await t.runtime.ctx.db
    .insertInto('grid_people')
    .values({
      id,
      grid_id: grid.id,
      org_path: grid.path,
      role: 'liaison',
      user_id: null,
      resident_id: null,
      name: '楼栋长',
      building_id: null,
      party_role: null,
      valid_from: '2026-01-01',
      valid_to: null,
      created_at: new Date().toISOString(),
      created_by: null,
    })
    .execute();
  return id;
}

/** A task sent by 天山路社区 to one of its grids (tianshan-grid1's, or the second), optionally reported done. */
async function gridTaskFixture(gridCode: string, reported = false): Promise<string> {
  const db = t.runtime.ctx.db;
  const id = newId();
  const now = new Date().toISOString();
  const org = await db.selectFrom('org_nodes').select(['id', 'path']).where('code', '=', '654203002009').executeTakeFirstOrThrow();
  const grid = await db.selectFrom('org_nodes').select(['id', 'path']).where('code', '=', gridCode).executeTakeFirstOrThrow();
  await db
    .insertInto('grid_tasks')
    .values({
      id,
      title: 'matrix',
      description: 'matrix',
      due_date: '2099-12-31',
      admitted_item_ref: null,
      sender_org_id: org.id,
      sender_org_path: org.path,
      created_by: await user('tianshan'),
      created_at: now,
      state: 'open',
      closed_at: null,
      updated_at: now,
    })
    .execute();
  await db
    .insertInto('grid_task_targets')
    .values({
      id: newId(),
      task_id: id,
      grid_id: grid.id,
      grid_path: grid.path,
      state: reported ? 'done' : 'pending',
      note: reported ? 'done' : null,
      reported_by: reported ? await user('tianshan-grid1') : null,
      reported_at: reported ? now : null,
      returned_reason: null,
      updated_at: now,
    })
    .execute();
  return id;
}

/** A notice of 天山路社区 to tianshan-grid1. */
async function noticeFixture(): Promise<string> {
  const db = t.runtime.ctx.db;
  const id = newId();
  const org = await db.selectFrom('org_nodes').select(['id', 'path']).where('code', '=', '654203002009').executeTakeFirstOrThrow();
  const grid = await db.selectFrom('org_nodes').select(['id', 'path']).where('code', '=', INSIDE_GRID).executeTakeFirstOrThrow();
  await db
    .insertInto('notices')
    .values({
      id,
      title: 'matrix',
      body: 'matrix',
      sender_org_id: org.id,
      sender_org_path: org.path,
      created_by: await user('tianshan'),
      created_at: new Date().toISOString(),
    })
    .execute();
  await db
    .insertInto('notice_recipients')
    .values({ id: newId(), notice_id: id, user_id: await user('tianshan-grid1'), grid_id: grid.id, grid_path: grid.path, acknowledged_at: null })
    .execute();
  return id;
}
const TASK_SIDES = { tuanjie: 200, tianshan: 200, 'tianshan-grid1': 200 } as const;
const TASK_SENDERS = { tuanjie: 200, tianshan: 200 } as const;

const MATRIX: Record<string, Case[]> = {
  'GET /api/v1/grids': [
    { name: 'in scope', make: async () => ({ url: '/api/v1/grids' }), expect: GRID_READERS },
    { name: 'another township', make: async () => ({ url: `/api/v1/grids?orgId=${await code('654203001')}` }), expect: GRID_OUTSIDE_READ },
  ],
  'GET /api/v1/grids/map': [
    { name: 'in scope', make: async () => ({ url: '/api/v1/grids/map?figure=households' }), expect: GRID_READERS },
    { name: 'another township', make: async () => ({ url: `/api/v1/grids/map?orgId=${await code('654203001')}` }), expect: GRID_OUTSIDE_READ },
  ],
  'GET /api/v1/grids/:id': [
    { name: 'inside', make: async () => ({ url: `/api/v1/grids/${await code(INSIDE_GRID)}` }), expect: GRID_READERS },
    { name: 'outside', make: async () => ({ url: `/api/v1/grids/${await code(OUTSIDE_GRID)}` }), expect: GRID_OUTSIDE_READ },
  ],
  'PATCH /api/v1/grids/:id': [
    { name: 'inside', make: async () => ({ url: `/api/v1/grids/${await code(INSIDE_GRID)}`, body: { type: 'basic' } }), expect: GRID_MANAGERS },
    { name: 'outside', make: async () => ({ url: `/api/v1/grids/${await code(OUTSIDE_GRID)}`, body: { type: 'basic' } }), expect: GRID_OUTSIDE_MANAGE },
  ],
  'PUT /api/v1/grids/:id/boundary': [
    { name: 'inside', make: async () => ({ url: `/api/v1/grids/${await code(INSIDE_GRID)}/boundary`, body: { geometry: farSquare } }), expect: GRID_MANAGERS },
    {
      name: 'outside',
      make: async () => ({ url: `/api/v1/grids/${await code(OUTSIDE_GRID)}/boundary`, body: { geometry: farSquare } }),
      expect: GRID_OUTSIDE_MANAGE,
    },
  ],
  'POST /api/v1/grids/import': [
    {
      name: 'inside',
      make: async () => ({
        url: '/api/v1/grids/import',
        body: {
          orgId: await code('654203002009'),
          collection: { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { code: INSIDE_GRID }, geometry: farSquare }] },
        },
      }),
      expect: GRID_MANAGERS,
    },
    {
      name: 'outside',
      make: async () => ({
        url: '/api/v1/grids/import',
        body: {
          orgId: await code('654203001017'),
          collection: { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { code: OUTSIDE_GRID }, geometry: farSquare }] },
        },
      }),
      expect: GRID_OUTSIDE_MANAGE,
    },
  ],
  'GET /api/v1/grids/:id/people': [
    { name: 'inside', make: async () => ({ url: `/api/v1/grids/${await code(INSIDE_GRID)}/people` }), expect: GRID_READERS },
    { name: 'outside', make: async () => ({ url: `/api/v1/grids/${await code(OUTSIDE_GRID)}/people` }), expect: GRID_OUTSIDE_READ },
  ],
  'GET /api/v1/grids/:id/people/candidates': [
    { name: 'inside', make: async () => ({ url: `/api/v1/grids/${await code(INSIDE_GRID)}/people/candidates` }), expect: { tuanjie: 200, tianshan: 200 } },
    { name: 'outside', make: async () => ({ url: `/api/v1/grids/${await code(OUTSIDE_GRID)}/people/candidates` }), expect: GRID_OUTSIDE_MANAGE },
  ],
  'POST /api/v1/grids/:id/people': [
    {
      name: 'inside',
      make: async () => ({ url: `/api/v1/grids/${await code(INSIDE_GRID)}/people`, body: { role: 'liaison', name: '楼栋长', validFrom: '2026-01-01' } }),
      expect: { tuanjie: 201, tianshan: 201 },
    },
    {
      name: 'outside',
      make: async () => ({ url: `/api/v1/grids/${await code(OUTSIDE_GRID)}/people`, body: { role: 'liaison', name: '楼栋长', validFrom: '2026-01-01' } }),
      expect: GRID_OUTSIDE_MANAGE,
    },
  ],
  'PATCH /api/v1/grids/:id/people/:personId': [
    {
      name: 'inside',
      make: async () => ({ url: `/api/v1/grids/${await code(INSIDE_GRID)}/people/${await gridPersonIn(INSIDE_GRID)}`, body: { validTo: '2026-12-31' } }),
      expect: GRID_MANAGERS,
    },
    {
      name: 'outside',
      make: async () => ({ url: `/api/v1/grids/${await code(OUTSIDE_GRID)}/people/${await gridPersonIn(OUTSIDE_GRID)}`, body: { validTo: '2026-12-31' } }),
      expect: GRID_OUTSIDE_MANAGE,
    },
  ],
  'DELETE /api/v1/grids/:id/people/:personId': [
    {
      name: 'inside',
      make: async () => ({ url: `/api/v1/grids/${await code(INSIDE_GRID)}/people/${await gridPersonIn(INSIDE_GRID)}` }),
      expect: GRID_MANAGERS,
    },
    {
      name: 'outside',
      make: async () => ({ url: `/api/v1/grids/${await code(OUTSIDE_GRID)}/people/${await gridPersonIn(OUTSIDE_GRID)}` }),
      expect: GRID_OUTSIDE_MANAGE,
    },
  ],
  'PUT /api/v1/grids/:id/party': [
    {
      name: 'inside',
      make: async () => ({ url: `/api/v1/grids/${await code(INSIDE_GRID)}/party`, body: { kind: 'group', name: '第一网格党小组' } }),
      expect: GRID_MANAGERS,
    },
    {
      name: 'outside',
      make: async () => ({ url: `/api/v1/grids/${await code(OUTSIDE_GRID)}/party`, body: { kind: 'group', name: '党小组' } }),
      expect: GRID_OUTSIDE_MANAGE,
    },
  ],
  'GET /api/health': [{ name: 'public', make: async () => ({ url: '/api/health' }), expect: { anonymous: 200, ...ALL_SIGNED_IN } }],
  'GET /api/openapi.json': [{ name: 'public', make: async () => ({ url: '/api/openapi.json' }), expect: { anonymous: 200, ...ALL_SIGNED_IN } }],
  'POST /api/v1/auth/login': [
    {
      name: 'public',
      make: async () => ({ url: '/api/v1/auth/login', body: { username: 'city', password: DEMO_PASSWORD } }),
      expect: { anonymous: 200, ...ALL_SIGNED_IN },
    },
  ],
  'POST /api/v1/auth/logout': [{ name: 'own session', make: async () => ({ url: '/api/v1/auth/logout' }), expect: ALL_SIGNED_IN, freshSession: true }],
  'GET /api/v1/auth/me': [{ name: 'own', make: async () => ({ url: '/api/v1/auth/me' }), expect: ALL_SIGNED_IN }],
  'POST /api/v1/auth/password': [
    {
      name: 'wrong current password',
      make: async () => ({ url: '/api/v1/auth/password', body: { currentPassword: 'not-it', newPassword: 'Another-Pass-2027' } }),
      expect: { admin: 422, secadmin: 422, auditor: 422, city: 422, tuanjie: 422, tianshan: 422, 'tianshan-window': 422, 'tianshan-grid1': 422 },
    },
  ],
  'GET /api/v1/orgs': [
    { name: 'scope tops', make: async () => ({ url: '/api/v1/orgs' }), expect: ORG_READERS },
    {
      name: 'children of 广场路社区 (outside 天山路)',
      make: async () => ({ url: `/api/v1/orgs?parentId=${await code('654203002015')}` }),
      expect: { admin: 200, secadmin: 200, city: 200, tuanjie: 200, tianshan: 404, 'tianshan-window': 404, 'tianshan-grid1': 404 },
    },
  ],
  'GET /api/v1/orgs/:id': [
    { name: '天山路第一网格 (inside all)', make: async () => ({ url: `/api/v1/orgs/${await code('654203002009001')}` }), expect: ORG_READERS },
    {
      name: '体育场路社区 (outside 团结街道)',
      make: async () => ({ url: `/api/v1/orgs/${await code('654203001017')}` }),
      expect: { admin: 200, secadmin: 200, city: 200, tuanjie: 404, tianshan: 404, 'tianshan-window': 404, 'tianshan-grid1': 404 },
    },
  ],
  'GET /api/v1/orgs/:id/summary': [
    {
      name: '天山路第一网格 (inside)',
      make: async () => ({ url: `/api/v1/orgs/${await code('654203002009001')}/summary` }),
      expect: { city: 200, tuanjie: 200, tianshan: 200, 'tianshan-window': 200, 'tianshan-grid1': 200 },
    },
    {
      name: '体育场路社区 (outside)',
      make: async () => ({ url: `/api/v1/orgs/${await code('654203001017')}/summary` }),
      expect: { city: 200, tuanjie: 404, tianshan: 404, 'tianshan-window': 404, 'tianshan-grid1': 404 },
    },
  ],
  'GET /api/v1/users': [{ name: 'list', make: async () => ({ url: '/api/v1/users' }), expect: { admin: 200, secadmin: 200 } }],
  'GET /api/v1/users/:id': [{ name: 'one', make: async () => ({ url: `/api/v1/users/${await user('tianshan')}` }), expect: { admin: 200, secadmin: 200 } }],
  'POST /api/v1/users': [
    {
      name: 'create',
      make: async () => ({ url: '/api/v1/users', body: { username: `u${newId().slice(-10)}`, displayName: '新用户', password: 'Brand-New-2027' } }),
      expect: { admin: 201 },
    },
  ],
  'PATCH /api/v1/users/:id': [
    { name: 'rename', make: async () => ({ url: `/api/v1/users/${await throwawayUser()}`, body: { displayName: '改名' } }), expect: { admin: 200 } },
  ],
  'POST /api/v1/users/:id/reset-password': [
    {
      name: 'reset',
      make: async () => ({ url: `/api/v1/users/${await throwawayUser()}/reset-password`, body: { newPassword: 'Reset-Pass-2027' } }),
      expect: { admin: 200 },
    },
  ],
  'GET /api/v1/assignments': [{ name: 'list', make: async () => ({ url: '/api/v1/assignments' }), expect: { admin: 200, secadmin: 200 } }],
  'POST /api/v1/assignments': [
    {
      name: 'grant',
      make: async () => ({ url: '/api/v1/assignments', body: { userId: await throwawayUser(), role: 'grid-worker', orgId: await code('654203002009002') } }),
      expect: { secadmin: 201 },
    },
  ],
  'DELETE /api/v1/assignments/:id': [
    { name: 'revoke', make: async () => ({ url: `/api/v1/assignments/${await throwawayAssignment()}` }), expect: { secadmin: 200 } },
  ],
  'GET /api/v1/roles': [{ name: 'list', make: async () => ({ url: '/api/v1/roles' }), expect: { admin: 200, secadmin: 200 } }],
  'PUT /api/v1/roles/:code': [
    {
      name: 'edit',
      make: async () => ({ url: '/api/v1/roles/department-officer', body: { permissions: ['org:read', 'org:summary'] } }),
      expect: { secadmin: 200 },
    },
  ],
  'GET /api/v1/audit': [{ name: 'read', make: async () => ({ url: '/api/v1/audit' }), expect: { auditor: 200 } }],
  'GET /api/v1/settings': [{ name: 'read', make: async () => ({ url: '/api/v1/settings' }), expect: { admin: 200, secadmin: 200, city: 200 } }],
  'PUT /api/v1/settings/:key': [
    {
      name: 'edit',
      make: async () => ({ url: '/api/v1/settings/auth.session', body: { value: { idleMinutes: 30, absoluteHours: 12 } } }),
      expect: { admin: 200 },
    },
  ],
  'GET /api/v1/api-tokens': [{ name: 'list', make: async () => ({ url: '/api/v1/api-tokens' }), expect: { admin: 200 } }],
  'POST /api/v1/api-tokens': [
    { name: 'create', make: async () => ({ url: '/api/v1/api-tokens', body: { userId: await user('city'), name: 'matrix' } }), expect: { admin: 201 } },
  ],
  'DELETE /api/v1/api-tokens/:id': [{ name: 'revoke', make: async () => ({ url: `/api/v1/api-tokens/${await throwawayToken()}` }), expect: { admin: 200 } }],
  // Registry. Inside: 天山路社区第一网格 (every business role's scope). Outside: 体育场路社区第一网格 (桃园街道).
  'GET /api/v1/residents': [{ name: 'list', make: async () => ({ url: '/api/v1/residents' }), expect: REGISTRY_READERS }],
  'GET /api/v1/residents/:id': [
    { name: 'inside', make: async () => ({ url: `/api/v1/residents/${(await buildResident(t.runtime.ctx)).id}` }), expect: REGISTRY_READERS },
    {
      name: 'outside',
      make: async () => ({ url: `/api/v1/residents/${(await buildResident(t.runtime.ctx, { gridCode: OUTSIDE_GRID })).id}` }),
      expect: OUTSIDE_READ,
    },
  ],
  'POST /api/v1/residents': [
    {
      name: 'inside',
      make: async () => ({ url: '/api/v1/residents', body: { gridId: await code(INSIDE_GRID), name: '新居民' } }),
      expect: { tianshan: 201, 'tianshan-window': 201, 'tianshan-grid1': 201 },
    },
    {
      name: 'outside',
      make: async () => ({ url: '/api/v1/residents', body: { gridId: await code(OUTSIDE_GRID), name: '新居民' } }),
      expect: { tianshan: 404, 'tianshan-window': 404, 'tianshan-grid1': 404 },
    },
  ],
  'PATCH /api/v1/residents/:id': [
    {
      name: 'inside',
      make: async () => ({ url: `/api/v1/residents/${(await buildResident(t.runtime.ctx)).id}`, body: { occupation: '教师' } }),
      expect: REGISTRY_WRITERS,
    },
    {
      name: 'outside',
      make: async () => ({ url: `/api/v1/residents/${(await buildResident(t.runtime.ctx, { gridCode: OUTSIDE_GRID })).id}`, body: { occupation: '教师' } }),
      expect: { tianshan: 404, 'tianshan-window': 404, 'tianshan-grid1': 404 },
    },
  ],
  'POST /api/v1/residents/:id/reveal': [
    {
      name: 'inside',
      make: async () => ({ url: `/api/v1/residents/${(await buildResident(t.runtime.ctx)).id}/reveal`, body: { field: 'idNumber', reason: '核实身份' } }),
      expect: REVEALERS,
    },
    {
      name: 'outside',
      make: async () => ({
        url: `/api/v1/residents/${(await buildResident(t.runtime.ctx, { gridCode: OUTSIDE_GRID })).id}/reveal`,
        body: { field: 'phone', reason: '核实身份' },
      }),
      expect: { tuanjie: 404, tianshan: 404, 'tianshan-window': 404, 'tianshan-grid1': 404 },
    },
  ],
  'GET /api/v1/residents/:id/history': [
    { name: 'inside', make: async () => ({ url: `/api/v1/residents/${(await buildResident(t.runtime.ctx)).id}/history` }), expect: REGISTRY_READERS },
  ],
  'GET /api/v1/tags': [{ name: 'list', make: async () => ({ url: '/api/v1/tags' }), expect: REGISTRY_READERS }],
  'POST /api/v1/tags': [
    {
      name: 'create',
      make: async () => ({ url: '/api/v1/tags', body: { code: `t${newId().slice(-8)}`, zh: '新标签', en: 'New tag' } }),
      expect: { city: 201 },
    },
  ],
  'GET /api/v1/buildings': [{ name: 'list', make: async () => ({ url: '/api/v1/buildings' }), expect: REGISTRY_READERS }],
  'GET /api/v1/buildings/:id': [
    { name: 'inside', make: async () => ({ url: `/api/v1/buildings/${(await buildBuilding(t.runtime.ctx)).id}` }), expect: REGISTRY_READERS },
    { name: 'outside', make: async () => ({ url: `/api/v1/buildings/${(await buildBuilding(t.runtime.ctx, OUTSIDE_GRID)).id}` }), expect: OUTSIDE_READ },
  ],
  'POST /api/v1/buildings': [
    {
      name: 'inside',
      make: async () => ({ url: '/api/v1/buildings', body: { gridId: await code(INSIDE_GRID), name: `楼${newId().slice(-8)}`, units: ['1单元'] } }),
      expect: { tianshan: 201, 'tianshan-window': 201, 'tianshan-grid1': 201 },
    },
  ],
  'GET /api/v1/homes': [{ name: 'list', make: async () => ({ url: '/api/v1/homes' }), expect: REGISTRY_READERS }],
  'GET /api/v1/homes/:id': [
    { name: 'inside', make: async () => ({ url: `/api/v1/homes/${(await buildHome(t.runtime.ctx)).id}` }), expect: REGISTRY_READERS },
    { name: 'outside', make: async () => ({ url: `/api/v1/homes/${(await buildHome(t.runtime.ctx, OUTSIDE_GRID)).id}` }), expect: OUTSIDE_READ },
  ],
  'POST /api/v1/homes': [
    {
      name: 'inside',
      make: async () => ({ url: '/api/v1/homes', body: { gridId: await code(INSIDE_GRID), address: '天山路1号', kind: 'shop', name: '便民超市' } }),
      expect: { tianshan: 201, 'tianshan-window': 201, 'tianshan-grid1': 201 },
    },
  ],
  'PATCH /api/v1/homes/:id': [
    { name: 'inside', make: async () => ({ url: `/api/v1/homes/${(await buildHome(t.runtime.ctx)).id}`, body: { areaM2: 90 } }), expect: REGISTRY_WRITERS },
  ],
  'GET /api/v1/households': [
    { name: 'by home', make: async () => ({ url: `/api/v1/households?homeId=${(await buildHome(t.runtime.ctx)).id}` }), expect: REGISTRY_READERS },
  ],
  'GET /api/v1/households/:id': [{ name: 'inside', make: async () => ({ url: `/api/v1/households/${await householdFixture()}` }), expect: REGISTRY_READERS }],
  'POST /api/v1/households': [
    {
      name: 'inside',
      make: async () => {
        const home = await buildHome(t.runtime.ctx);
        const head = await buildResident(t.runtime.ctx, { home_id: home.id });
        return { url: '/api/v1/households', body: { homeId: home.id, headResidentId: head.id } };
      },
      expect: { tianshan: 201, 'tianshan-window': 201, 'tianshan-grid1': 201 },
    },
  ],
  'GET /api/v1/tenancies': [{ name: 'list', make: async () => ({ url: '/api/v1/tenancies' }), expect: REGISTRY_READERS }],
  'POST /api/v1/tenancies': [
    {
      name: 'inside',
      make: async () => ({
        url: '/api/v1/tenancies',
        body: {
          homeId: (await buildHome(t.runtime.ctx, INSIDE_GRID, { isRented: true })).id,
          tenantId: (await buildResident(t.runtime.ctx)).id,
          startDate: '2026-11-01',
        },
      }),
      expect: { tianshan: 201, 'tianshan-window': 201, 'tianshan-grid1': 201 },
    },
  ],
  'POST /api/v1/tenancies/:id/end': [
    {
      name: 'inside',
      make: async () => {
        const home = await buildHome(t.runtime.ctx, INSIDE_GRID, { isRented: true });
        const tenancy = await buildTenancy(t.runtime.ctx, home.id, (await buildResident(t.runtime.ctx)).id);
        return { url: `/api/v1/tenancies/${tenancy.id}/end`, body: { endDate: '2026-11-20' } };
      },
      expect: REGISTRY_WRITERS,
    },
  ],
  'GET /api/v1/rentals/attention': [{ name: 'list', make: async () => ({ url: '/api/v1/rentals/attention' }), expect: REGISTRY_READERS }],
  // Imports (registry:import: 天山路社区 leader and window) and export (registry:export: also the city and 团结街道).
  'GET /api/v1/imports/residents/template.xlsx': [
    { name: 'template', make: async () => ({ url: '/api/v1/imports/residents/template.xlsx' }), expect: IMPORTERS },
  ],
  'POST /api/v1/imports/residents': [
    // The matrix sends JSON: an importer passes the access check and is told to send a file.
    { name: 'not multipart', make: async () => ({ url: '/api/v1/imports/residents', body: {} }), expect: { tianshan: 415, 'tianshan-window': 415 } },
  ],
  'GET /api/v1/imports': [{ name: 'own', make: async () => ({ url: '/api/v1/imports' }), expect: IMPORTERS }],
  'GET /api/v1/imports/:id': [
    {
      name: 'inside (by 天山路社区窗口)',
      make: async () => ({ url: `/api/v1/imports/${await importFixture('tianshan-window', '654203002009')}` }),
      expect: IMPORTERS,
    },
    {
      name: 'outside (by 体育场路社区书记)',
      make: async () => ({ url: `/api/v1/imports/${await importFixture('tiyuchang', '654203001017')}` }),
      expect: { tianshan: 404, 'tianshan-window': 404 },
    },
  ],
  'POST /api/v1/imports/:id/commit': [
    {
      name: "天山路社区窗口's, with bad rows",
      make: async () => ({ url: `/api/v1/imports/${await importFixture('tianshan-window', '654203002009', { error_count: 1 })}/commit` }),
      expect: { tianshan: 403, 'tianshan-window': 409 },
    },
    {
      name: 'outside (by 体育场路社区书记)',
      make: async () => ({ url: `/api/v1/imports/${await importFixture('tiyuchang', '654203001017')}/commit` }),
      expect: { tianshan: 404, 'tianshan-window': 404 },
    },
  ],
  'GET /api/v1/residents/export.xlsx': [
    {
      name: 'masked',
      make: async () => ({ url: '/api/v1/residents/export.xlsx' }),
      expect: { city: 200, tuanjie: 200, tianshan: 200, 'tianshan-window': 200 },
    },
    {
      name: 'unmasked, with a reason (needs registry:reveal)',
      make: async () => ({ url: `/api/v1/residents/export.xlsx?unmasked=true&reason=${encodeURIComponent('核对名单')}` }),
      expect: { city: 403, tuanjie: 200, tianshan: 200, 'tianshan-window': 200 },
    },
  ],
  // Calendar: the due-date arithmetic is public; editing is the city administrator's.
  'GET /api/v1/calendar/add-working-days': [
    { name: 'public', make: async () => ({ url: '/api/v1/calendar/add-working-days?from=2026-09-30&days=1' }), expect: { anonymous: 200, ...ALL_SIGNED_IN } },
  ],
  'GET /api/v1/calendar/status': [{ name: 'signed in', make: async () => ({ url: '/api/v1/calendar/status' }), expect: ALL_SIGNED_IN }],
  'GET /api/v1/calendar/years/:year': [{ name: 'signed in', make: async () => ({ url: '/api/v1/calendar/years/2026' }), expect: ALL_SIGNED_IN }],
  'PUT /api/v1/calendar/overrides/:date': [
    { name: 'edit', make: async () => ({ url: '/api/v1/calendar/overrides/2031-01-02', body: { kind: 'holiday' } }), expect: { city: 200 } },
  ],
  'DELETE /api/v1/calendar/overrides/:date': [{ name: 'remove', make: async () => ({ url: '/api/v1/calendar/overrides/2031-01-02' }), expect: { city: 200 } }],
  'POST /api/v1/calendar/years/:year/confirm': [
    { name: 'confirm', make: async () => ({ url: `/api/v1/calendar/years/${2040 + ++yearSerial}/confirm` }), expect: { city: 200 } },
  ],
  // Service catalog: read by everyone signed in (and the public), edited by the city.
  'GET /api/v1/service-items': [{ name: 'list', make: async () => ({ url: '/api/v1/service-items' }), expect: ALL_SIGNED_IN }],
  'GET /api/v1/public/service-items': [
    { name: 'public', make: async () => ({ url: '/api/v1/public/service-items' }), expect: { anonymous: 200, ...ALL_SIGNED_IN } },
  ],
  'POST /api/v1/service-items': [
    {
      name: 'create',
      make: async () => ({
        url: '/api/v1/service-items',
        body: { code: `T-${newId().slice(-8)}`, name: '测试事项', category: '综合服务', department: '社区', limitDays: 3 },
      }),
      expect: { city: 201 },
    },
  ],
  'PATCH /api/v1/service-items/:id': [
    { name: 'edit', make: async () => ({ url: `/api/v1/service-items/${await itemId('ZM-03')}`, body: { limitDays: 5 } }), expect: { city: 200 } },
  ],
  // The resident pages: public, acting with no one's authority (a signed-in caller is not used).
  'GET /api/v1/public/communities': [
    { name: 'public', make: async () => ({ url: '/api/v1/public/communities' }), expect: { anonymous: 200, ...ALL_SIGNED_IN } },
  ],
  'POST /api/v1/public/requests': [
    {
      name: 'submit online',
      make: async () => {
        await generousPublicLimits();
        return {
          url: '/api/v1/public/requests',
          body: { orgId: await code('654203002009'), itemId: await itemId('JY-01'), name: '李梅', phone: '13812345678', description: '失业登记' },
        };
      },
      expect: { anonymous: 201, ...ALL_SIGNED_IN_201 },
    },
  ],
  'POST /api/v1/public/requests/lookup': [
    {
      name: 'follow',
      make: async () => ({ url: '/api/v1/public/requests/lookup', body: await publicProof('received') }),
      expect: { anonymous: 200, ...ALL_SIGNED_IN },
    },
  ],
  'POST /api/v1/public/requests/code': [
    {
      name: 'send a code',
      make: async () => {
        await generousPublicLimits();
        return { url: '/api/v1/public/requests/code', body: { number: (await publicProof('received')).number } };
      },
      expect: { anonymous: 200, ...ALL_SIGNED_IN },
    },
  ],
  'POST /api/v1/public/requests/rate': [
    {
      name: 'rate',
      make: async () => ({ url: '/api/v1/public/requests/rate', body: { ...(await publicProof('informed')), rating: 'satisfied' } }),
      expect: { anonymous: 200, ...ALL_SIGNED_IN },
    },
  ],
  // Service requests at 天山路社区 (received by its window worker). Readers: city, 团结街道, the community; the grid worker sees only those it owns, handles or visits.
  'GET /api/v1/service-requests': [{ name: 'board', make: async () => ({ url: '/api/v1/service-requests' }), expect: REQUEST_VIEWERS_ALL }],
  'GET /api/v1/service-requests/:id': [
    { name: 'inside', make: async () => ({ url: `/api/v1/service-requests/${await requestIn('received')}` }), expect: REQUEST_VIEWERS },
    {
      name: 'inside, with a home visit for the grid worker',
      make: async () => ({ url: `/api/v1/service-requests/${await requestIn('accepted', withVisit)}` }),
      expect: REQUEST_VIEWERS_ALL,
    },
  ],
  'POST /api/v1/service-requests': [
    {
      name: 'receive at 天山路社区',
      make: async () => ({
        url: '/api/v1/service-requests',
        body: { orgId: await code('654203002009'), itemId: await itemId('JY-01'), visitorName: '来访群众', description: '咨询就业登记' },
      }),
      // The grid worker receives only for residents of their grid.
      expect: { tianshan: 201, 'tianshan-window': 201, 'tianshan-grid1': 422 },
    },
    {
      name: 'for a resident of 天山路社区第一网格',
      make: async () => ({
        url: '/api/v1/service-requests',
        body: {
          orgId: await code('654203002009'),
          itemId: await itemId('JY-01'),
          residentId: (await buildResident(t.runtime.ctx)).id,
          description: '走访收集',
        },
      }),
      expect: { tianshan: 201, 'tianshan-window': 201, 'tianshan-grid1': 201 },
    },
    {
      name: 'for a resident of 天山路社区第二网格',
      make: async () => ({
        url: '/api/v1/service-requests',
        body: {
          orgId: await code('654203002009'),
          itemId: await itemId('JY-01'),
          residentId: (await buildResident(t.runtime.ctx, { gridCode: '654203002009002' })).id,
          description: '走访收集',
        },
      }),
      expect: { tianshan: 201, 'tianshan-window': 201, 'tianshan-grid1': 404 },
    },
  ],
  'GET /api/v1/service-requests/:id/transfer-targets': [
    { name: 'inside', make: async () => ({ url: `/api/v1/service-requests/${await requestIn('accepted')}/transfer-targets` }), expect: HANDLERS },
    {
      name: 'inside, the grid worker only visits',
      make: async () => ({ url: `/api/v1/service-requests/${await requestIn('accepted', withVisit)}/transfer-targets` }),
      expect: { ...HANDLERS, 'tianshan-grid1': 403 },
    },
  ],
  'GET /api/v1/service-requests/stats': [
    { name: 'figures', make: async () => ({ url: '/api/v1/service-requests/stats' }), expect: { city: 200, tuanjie: 200, tianshan: 200 } },
  ],
  'GET /api/v1/grid-tasks': [{ name: 'list', make: async () => ({ url: '/api/v1/grid-tasks' }), expect: TASK_SIDES }],
  'GET /api/v1/grid-tasks/:id': [
    { name: 'sent to tianshan-grid1’s grid', make: async () => ({ url: `/api/v1/grid-tasks/${await gridTaskFixture(INSIDE_GRID)}` }), expect: TASK_SIDES },
    {
      name: 'sent to another grid',
      make: async () => ({ url: `/api/v1/grid-tasks/${await gridTaskFixture('654203002009002')}` }),
      expect: { ...TASK_SENDERS, 'tianshan-grid1': 404 },
    },
  ],
  'POST /api/v1/grid-tasks': [
    {
      name: 'from 天山路社区',
      make: async () => ({ url: '/api/v1/grid-tasks', body: { orgId: await code('654203002009'), title: 't', description: 'd', dueDate: '2099-12-31' } }),
      expect: { tuanjie: 201, tianshan: 201 },
    },
    {
      name: 'from 体育场路社区 (outside)',
      make: async () => ({ url: '/api/v1/grid-tasks', body: { orgId: await code('654203001017'), title: 't', description: 'd', dueDate: '2099-12-31' } }),
      expect: { tuanjie: 404, tianshan: 404 },
    },
  ],
  'POST /api/v1/grid-tasks/:id/report': [
    {
      name: 'own grid',
      make: async () => ({ url: `/api/v1/grid-tasks/${await gridTaskFixture(INSIDE_GRID)}/report`, body: { note: 'done' } }),
      expect: { 'tianshan-grid1': 200 },
    },
    {
      name: 'another grid',
      make: async () => ({ url: `/api/v1/grid-tasks/${await gridTaskFixture('654203002009002')}/report`, body: { note: 'done' } }),
      expect: { 'tianshan-grid1': 404 },
    },
  ],
  'POST /api/v1/grid-tasks/:id/return': [
    {
      name: 'a reported grid',
      make: async () => ({
        url: `/api/v1/grid-tasks/${await gridTaskFixture(INSIDE_GRID, true)}/return`,
        body: { gridId: await code(INSIDE_GRID), reason: 'r' },
      }),
      expect: TASK_SENDERS,
    },
  ],
  'POST /api/v1/grid-tasks/:id/close': [
    { name: 'open task', make: async () => ({ url: `/api/v1/grid-tasks/${await gridTaskFixture(INSIDE_GRID)}/close`, body: {} }), expect: TASK_SENDERS },
  ],
  'GET /api/v1/notices': [{ name: 'list', make: async () => ({ url: '/api/v1/notices' }), expect: TASK_SIDES }],
  'GET /api/v1/notices/:id': [{ name: 'to tianshan-grid1', make: async () => ({ url: `/api/v1/notices/${await noticeFixture()}` }), expect: TASK_SIDES }],
  'POST /api/v1/notices': [
    {
      name: 'from 天山路社区',
      make: async () => ({ url: '/api/v1/notices', body: { orgId: await code('654203002009'), title: 't', body: 'b' } }),
      expect: { tuanjie: 201, tianshan: 201 },
    },
    {
      name: 'from 体育场路社区 (outside)',
      make: async () => ({ url: '/api/v1/notices', body: { orgId: await code('654203001017'), title: 't', body: 'b' } }),
      expect: { tuanjie: 404, tianshan: 404 },
    },
  ],
  'POST /api/v1/notices/:id/acknowledge': [
    {
      name: 'to tianshan-grid1',
      make: async () => ({ url: `/api/v1/notices/${await noticeFixture()}/acknowledge`, body: {} }),
      expect: { 'tianshan-grid1': 200 },
    },
  ],
  'POST /api/v1/files': [
    {
      name: 'not multipart',
      make: async () => ({ url: '/api/v1/files', body: {} }),
      expect: { city: 415, tuanjie: 415, tianshan: 415, 'tianshan-window': 415, 'tianshan-grid1': 415 },
    },
  ],
  'GET /api/v1/files/:id': [
    {
      name: 'attached to a record of 天山路社区',
      make: async () => ({ url: `/api/v1/files/${await fileFixture(true)}` }),
      expect: { city: 200, tuanjie: 200, tianshan: 200, 'tianshan-window': 200 },
      otherwise: 404,
    },
    {
      name: 'not attached yet',
      make: async () => ({ url: `/api/v1/files/${await fileFixture(false)}` }),
      expect: { 'tianshan-window': 200 },
      otherwise: 404,
    },
  ],
  ...eventMatrixCases({ db: () => t.runtime.ctx.db, code }),
  ...visitMatrixCases({ db: () => t.runtime.ctx.db, code }),
  ...starCycleMatrixCases({ ctx: () => t.runtime.ctx, code }),
  ...starCheckMatrixCases({ db: () => t.runtime.ctx.db, code }),
  ...starMatrixCases({ db: () => t.runtime.ctx.db, code }),
  ...starSurveyMatrixCases({ ctx: () => t.runtime.ctx }),
  ...Object.fromEntries(
    ACTION_CASES.map(([action, state, body, expectation, extra]) => [
      `POST /api/v1/service-requests/:id/${action}`,
      [
        {
          name: `from ${state}`,
          make: async () => {
            const id = await requestIn(state, extra);
            return { url: `/api/v1/service-requests/${id}/${action}`, body: await body(id) };
          },
          expect: expectation,
        },
      ],
    ]),
  ),
};

// Searches and filters aimed at the canaries of 体育场路社区, beside each route's own cases.
for (const probe of CANARY_PROBES) {
  const first = MATRIX[probe.route]![0]!;
  MATRIX[probe.route]!.push({
    name: `probing the 体育场路社区 canary (${probe.url(EXAMPLE_CANARIES).split('?')[1]})`,
    make: async () => ({ url: probe.url(canaries) }),
    expect: probe.expect ?? first.expect,
  });
}

function describeAccess(a: Access | null): string {
  if (!a) return 'NONE';
  if (a.kind === 'permission') return `permission ${a.permission}`;
  return a.kind === 'authenticated' && a.duringPasswordChange ? 'authenticated (also during a forced password change)' : a.kind;
}

beforeAll(async () => {
  t = await createTestApp();
  for (const a of ACTORS) if (a !== 'anonymous') sessions.set(a, await t.login(a));
  canaries = await plantCanaries(t.runtime.ctx);
});
afterAll(() => t.close());

describe('route table', () => {
  it('matches the reviewed snapshot of every route and its access rule', async () => {
    const lines = t.app.routeTable
      .filter((r) => !r.url.startsWith('/api/docs'))
      .map((r) => `${r.method.padEnd(6)} ${r.url.padEnd(40)} ${describeAccess(r.access)}`);
    await expect([...new Set(lines)].sort().join('\n') + '\n').toMatchFileSnapshot('./__snapshots__/routes.txt');
  });

  it('every route declares its access and has an entry in this matrix', () => {
    const routes = t.app.routeTable.filter((r) => !r.url.startsWith('/api/docs'));
    for (const r of routes) {
      expect(r.access, `${r.method} ${r.url} declares no access`).not.toBeNull();
      expect(MATRIX[`${r.method} ${r.url}`], `${r.method} ${r.url} has no permission-matrix entry`).toBeDefined();
    }
    expect(Object.keys(MATRIX).sort()).toEqual([...new Set(routes.map((r) => `${r.method} ${r.url}`))].sort());
  });
});

describe.each(Object.entries(MATRIX))('%s', (route, cases) => {
  const method = route.split(' ')[0]!;
  for (const c of cases) {
    it.each(ACTORS)(`${c.name} — %s`, async (actor) => {
      const req = await c.make();
      const isPublic = actor === 'anonymous' && c.expect.anonymous !== undefined;
      const expected = c.expect[actor] ?? (actor === 'anonymous' && !isPublic ? 401 : (c.otherwise ?? 403));
      const client = actor === 'anonymous' ? t.anonymous : c.freshSession ? await t.login(actor) : sessions.get(actor)!;
      const res = await client.request(method as 'GET', req.url, req.body);
      expect(res.statusCode, res.body.slice(0, 200)).toBe(expected);
      if (expected >= 400) expect(res.json().error.code).toMatch(/^[A-Z_]+$/);
      // Only the city's scope holds 体育场路社区; the separated administrators hold no resident at all.
      if (res.statusCode < 300 && actor !== 'city') {
        const admins = actor === 'admin' || actor === 'secadmin' || actor === 'auditor';
        const markers = admins ? [...canaries.markers, ...(await residentMarkers(t.runtime.ctx))] : canaries.markers;
        expect(await leakedMarkers(res, markers), `${actor} was sent data from outside its scope`).toEqual([]);
      }
    });
  }
});

describe('canaries', () => {
  it('the city (whose scope holds 体育场路社区) finds every canary search, so the scan can fail', async () => {
    const city = sessions.get('city')!;
    for (const probe of CANARY_PROBES.filter((p) => !p.expect)) {
      const res = await city.get(probe.url(canaries));
      expect(res.statusCode, probe.url(canaries)).toBe(200);
      expect(await leakedMarkers(res, canaries.markers), probe.url(canaries)).not.toEqual([]);
    }
  });
});

matrixAttackSuites({ matrix: MATRIX, t: () => t, sessions, canaries: () => canaries });

describe('CSRF', () => {
  // Public routes act with no one's authority, so a forged cross-site request gains nothing.
  it.each(Object.keys(MATRIX).filter((r) => !r.startsWith('GET') && r !== 'POST /api/v1/auth/login' && !r.startsWith('POST /api/v1/public/')))(
    '%s refuses a session request without the token',
    async (route) => {
      const [method, url] = route.split(' ') as ['POST', string];
      const c = sessions.get('admin')!;
      const res = await t.app.inject({
        method,
        url: url.replace(':id', newId()).replace(':code', 'grid-worker').replace(':key', 'auth.session'),
        headers: { cookie: c.cookie! },
        payload: {},
      });
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('AUTH_CSRF_INVALID');
    },
  );
});
