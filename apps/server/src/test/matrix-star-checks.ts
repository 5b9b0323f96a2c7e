import type { Kysely } from 'kysely';
import type { DB } from '../platform/db/schema.ts';
import { newId } from '../platform/ids.ts';
import { holdStars } from '../modules/star-checks/star-checks.test-support.ts';

/**
 * The permission-matrix cases of the star-check routes (quarterly checks, removal, applications),
 * spread into MATRIX. Inside: 天山路社区 and 广场路社区 (团结街道); outside: 体育场路社区.
 */
type Actor = 'anonymous' | 'admin' | 'secadmin' | 'auditor' | 'city' | 'tuanjie' | 'tianshan' | 'tianshan-window' | 'tianshan-grid1';
type Case = { name: string; make: () => Promise<{ url: string; body?: unknown }>; expect: Partial<Record<Actor, number>>; otherwise?: number };
type Helpers = { db: () => Kysely<DB>; code: (c: string) => Promise<string> };

const TIANSHAN = '654203002009';
const GUANGCHANG = '654203002015';
const OUTSIDE = '654203001017';
/** star:read: the city, the township, the community leader and its window (not the grid worker). */
const READERS = { city: 200, tuanjie: 200, tianshan: 200, 'tianshan-window': 200 } as const;
const OUTSIDE_READ = { city: 200, tuanjie: 404, tianshan: 404, 'tianshan-window': 404 } as const;

async function communityOf(db: Kysely<DB>, code: string) {
  return db.selectFrom('org_nodes').select(['id', 'path']).where('code', '=', code).executeTakeFirstOrThrow();
}

/** An application written straight into the table, in the given state. */
async function applicationIn(db: Kysely<DB>, code: string, state: string): Promise<string> {
  const c = await communityOf(db, code);
  const user = await db.selectFrom('users').select('id').where('username', '=', 'tianshan').executeTakeFirstOrThrow();
  const id = newId();
  const at = new Date().toISOString();
  // Other modules' cases may have given the community this star; an application is for a star not held.
  await db.deleteFrom('community_stars').where('community_id', '=', c.id).where('star_code', '=', 'democracy').execute();
  await db
    .insertInto('star_applications')
    .values({
      id,
      community_id: c.id,
      community_path: c.path,
      star_code: 'democracy',
      reason: '矩阵测试',
      state,
      applied_by: user.id,
      applied_at: at,
      updated_at: at,
    })
    .execute();
  return id;
}

export function starCheckMatrixCases(h: Helpers): Record<string, Case[]> {
  /** A community with no check this quarter: the results cover whatever it holds. */
  const checkBody = async (code: string) => {
    const c = await communityOf(h.db(), code);
    await h.db().deleteFrom('star_checks').where('community_id', '=', c.id).execute();
    const held = await h.db().selectFrom('community_stars').select('star_code').where('community_id', '=', c.id).execute();
    const quarter = `${new Date(Date.now() + 8 * 3600_000).getUTCFullYear()}-Q1`;
    return { communityId: c.id, quarter, results: held.map((s) => ({ starCode: s.star_code, result: 'kept' })) };
  };
  /** The community holds `safety`, and a check of last year's first quarter found it failed. */
  const removal = async (code: string) => {
    await holdStars(h.db(), code, ['safety', 'civility']);
    const c = await communityOf(h.db(), code);
    const quarter = `${new Date().getUTCFullYear() - 1}-Q1`;
    await h.db().deleteFrom('star_checks').where('community_id', '=', c.id).where('quarter', '=', quarter).execute();
    const checkId = newId();
    const checker = await h.db().selectFrom('users').select('id').where('username', '=', 'tuanjie').executeTakeFirstOrThrow();
    await h
      .db()
      .insertInto('star_checks')
      .values({
        id: checkId,
        community_id: c.id,
        community_path: c.path,
        quarter,
        results: JSON.stringify([
          { starCode: 'safety', result: 'failed', note: '', removalId: null },
          { starCode: 'civility', result: 'kept', note: '', removalId: null },
        ]),
        note: null,
        checked_by: checker.id,
        checked_at: new Date().toISOString(),
      })
      .execute();
    return { url: `/api/v1/communities/${c.id}/stars/safety/remove`, body: { reason: '矩阵测试', checkId } };
  };
  /** 天山路社区 lacks `integrity` and has no open application for it. */
  const applyBody = async (code: string) => {
    const c = await communityOf(h.db(), code);
    await h.db().deleteFrom('community_stars').where('community_id', '=', c.id).where('star_code', '=', 'integrity').execute();
    await h.db().updateTable('star_applications').set({ state: 'refused' }).where('community_id', '=', c.id).where('star_code', '=', 'integrity').execute();
    return { communityId: c.id, starCode: 'integrity', reason: '矩阵测试' };
  };
  const step = (step: string, state: string, body: unknown, inside: Partial<Record<Actor, number>>, outside: Partial<Record<Actor, number>>): Case[] => [
    {
      name: `from ${state}`,
      make: async () => ({ url: `/api/v1/star-applications/${await applicationIn(h.db(), TIANSHAN, state)}/${step}`, body }),
      expect: inside,
    },
    {
      name: `from ${state}, 体育场路社区 (outside)`,
      make: async () => ({ url: `/api/v1/star-applications/${await applicationIn(h.db(), OUTSIDE, state)}/${step}`, body }),
      expect: outside,
    },
  ];

  return {
    'GET /api/v1/star-checks': [
      { name: 'the whole scope', make: async () => ({ url: '/api/v1/star-checks' }), expect: READERS },
      { name: '体育场路社区 (outside)', make: async () => ({ url: `/api/v1/star-checks?orgId=${await h.code(OUTSIDE)}` }), expect: OUTSIDE_READ },
    ],
    'POST /api/v1/star-checks': [
      { name: '天山路社区', make: async () => ({ url: '/api/v1/star-checks', body: await checkBody(TIANSHAN) }), expect: { tuanjie: 201 } },
      { name: '体育场路社区 (outside)', make: async () => ({ url: '/api/v1/star-checks', body: await checkBody(OUTSIDE) }), expect: { tuanjie: 404 } },
    ],
    'POST /api/v1/communities/:id/stars/:code/remove': [
      { name: '广场路社区, citing a check', make: () => removal(GUANGCHANG), expect: { tuanjie: 200 } },
      { name: '体育场路社区 (outside)', make: () => removal(OUTSIDE), expect: { tuanjie: 404 } },
    ],
    'GET /api/v1/star-applications': [{ name: 'list', make: async () => ({ url: '/api/v1/star-applications' }), expect: READERS }],
    'GET /api/v1/star-applications/:id': [
      { name: '天山路社区', make: async () => ({ url: `/api/v1/star-applications/${await applicationIn(h.db(), TIANSHAN, 'applied')}` }), expect: READERS },
      {
        name: '体育场路社区 (outside)',
        make: async () => ({ url: `/api/v1/star-applications/${await applicationIn(h.db(), OUTSIDE, 'applied')}` }),
        expect: OUTSIDE_READ,
      },
    ],
    'POST /api/v1/star-applications': [
      { name: '天山路社区', make: async () => ({ url: '/api/v1/star-applications', body: await applyBody(TIANSHAN) }), expect: { tianshan: 201 } },
      { name: '体育场路社区 (outside)', make: async () => ({ url: '/api/v1/star-applications', body: await applyBody(OUTSIDE) }), expect: { tianshan: 404 } },
    ],
    // The township checks; no demo account in the matrix reviews (department officers are members of a department).
    'POST /api/v1/star-applications/:id/check': step('check', 'applied', { passed: true }, { tuanjie: 200 }, { tuanjie: 404 }),
    'POST /api/v1/star-applications/:id/review': step('review', 'checked', { accepted: true }, {}, {}),
    'POST /api/v1/star-applications/:id/approve': step('approve', 'reviewed', { approved: true }, { city: 200 }, { city: 200 }),
  };
}
