import type { Kysely } from 'kysely';
import type { DB } from '../platform/db/schema.ts';
import { newId } from '../platform/ids.ts';
import { buildCatalog, buildCycle, buildEntry } from '../modules/stars/stars.test-support.ts';
import { ensureDefaultDepartments } from '../modules/stars/stars.repo.ts';

/**
 * The permission-matrix cases of the star routes (the `stars` module's part), spread into MATRIX.
 * Inside: 天山路社区; outside: 体育场路社区 (another township).
 */
type Actor = 'anonymous' | 'admin' | 'secadmin' | 'auditor' | 'city' | 'tuanjie' | 'tianshan' | 'tianshan-window' | 'tianshan-grid1';
type Case = { name: string; make: () => Promise<{ url: string; body?: unknown }>; expect: Partial<Record<Actor, number>>; otherwise?: number };
type Helpers = { db: () => Kysely<DB>; code: (c: string) => Promise<string> };

const INSIDE = '654203002009';
const OUTSIDE = '654203001017';
const SIGNED_IN = { admin: 200, secadmin: 200, auditor: 200, city: 200, tuanjie: 200, tianshan: 200, 'tianshan-window': 200, 'tianshan-grid1': 200 } as const;
const READERS = { city: 200, tuanjie: 200, tianshan: 200, 'tianshan-window': 200 } as const;
const OUTSIDE_READ = { city: 200, tuanjie: 404, tianshan: 404, 'tianshan-window': 404 } as const;
const EXPORTERS = { city: 200, tuanjie: 200 } as const;

// Each make() runs once per actor: fresh years and codes keep the successful call meaningful.
let year = 2050;
/** Cycles written straight into the tables need no API-valid year: kept apart from every other star test's years. */
let cycleYear = 4000;
let serial = 0;

export function starMatrixCases(h: Helpers): Record<string, Case[]> {
  const community = async (code: string) => `/api/v1/communities/${await h.code(code)}/stars`;
  const cycleWithEntries = async () => {
    const id = await buildCycle(h.db(), cycleYear++);
    await buildEntry(h.db(), id, INSIDE, 'displayed', ['organization', 'service']);
    await buildEntry(h.db(), id, OUTSIDE, 'displayed', ['organization']);
    return id;
  };
  const department = async () => {
    const id = newId();
    await h
      .db()
      .insertInto('departments')
      .values({ id, code: `matrix-${serial++}`, name: '矩阵部门', created_at: new Date().toISOString() })
      .execute();
    return id;
  };
  return {
    'POST /api/v1/stars/preview': [
      { name: 'known stars', make: async () => ({ url: '/api/v1/stars/preview', body: { stars: ['organization', 'safety'] } }), expect: SIGNED_IN },
      {
        name: 'an unknown star',
        make: async () => ({ url: '/api/v1/stars/preview', body: { stars: ['nothing'] } }),
        expect: Object.fromEntries(Object.keys(SIGNED_IN).map((a) => [a, 400])),
      },
    ],
    'GET /api/v1/stars/rules': [{ name: 'read', make: async () => ({ url: '/api/v1/stars/rules' }), expect: READERS }],
    'PUT /api/v1/stars/rules': [
      {
        name: 'pay coefficients',
        make: async () => ({ url: '/api/v1/stars/rules', body: { payCoefficients: { good: 1.2, 'fairly-good': 1.1, average: 1, poor: 0.9 } } }),
        expect: { city: 200 },
      },
    ],
    'GET /api/v1/stars/communities': [{ name: 'in scope', make: async () => ({ url: '/api/v1/stars/communities' }), expect: READERS }],
    'GET /api/v1/communities/:id/stars': [
      { name: '天山路社区', make: async () => ({ url: await community(INSIDE) }), expect: READERS },
      { name: '体育场路社区 (outside)', make: async () => ({ url: await community(OUTSIDE) }), expect: OUTSIDE_READ },
    ],
    'GET /api/v1/communities/:id/stars/certificate.pdf': [
      { name: '天山路社区', make: async () => ({ url: `${await community(INSIDE)}/certificate.pdf` }), expect: READERS },
      { name: '体育场路社区 (outside)', make: async () => ({ url: `${await community(OUTSIDE)}/certificate.pdf` }), expect: OUTSIDE_READ },
    ],
    'GET /api/v1/public/star-board': [{ name: 'no login', make: async () => ({ url: '/api/v1/public/star-board' }), expect: { anonymous: 200, ...SIGNED_IN } }],
    'GET /api/v1/star-cycles/:id/honours': [
      { name: 'a cycle', make: async () => ({ url: `/api/v1/star-cycles/${await cycleWithEntries()}/honours` }), expect: READERS },
      {
        name: 'no such cycle',
        make: async () => ({ url: `/api/v1/star-cycles/${newId()}/honours` }),
        expect: { city: 404, tuanjie: 404, tianshan: 404, 'tianshan-window': 404 },
      },
    ],
    'GET /api/v1/star-cycles/:id/assessment.xlsx': [
      { name: 'a cycle', make: async () => ({ url: `/api/v1/star-cycles/${await cycleWithEntries()}/assessment.xlsx` }), expect: EXPORTERS },
    ],
    'GET /api/v1/star-catalogs': [{ name: 'years', make: async () => ({ url: '/api/v1/star-catalogs' }), expect: READERS }],
    'GET /api/v1/star-catalogs/:year': [
      {
        name: 'a year',
        make: async () => {
          await buildCatalog(h.db(), 2049);
          return { url: '/api/v1/star-catalogs/2049' };
        },
        expect: READERS,
      },
    ],
    'POST /api/v1/star-catalogs': [{ name: 'a new year', make: async () => ({ url: '/api/v1/star-catalogs', body: { year: year++ } }), expect: { city: 201 } }],
    'PUT /api/v1/star-catalogs/:year': [
      {
        name: 'an unlocked year',
        make: async () => {
          await ensureDefaultDepartments(h.db(), new Date().toISOString());
          const y = year++;
          await buildCatalog(h.db(), y);
          const row = await h.db().selectFrom('star_catalogs').select('content').where('year', '=', y).executeTakeFirstOrThrow();
          return { url: `/api/v1/star-catalogs/${y}`, body: { content: JSON.parse(row.content) } };
        },
        expect: { city: 200 },
      },
    ],
    'GET /api/v1/departments': [{ name: 'list', make: async () => ({ url: '/api/v1/departments' }), expect: READERS }],
    'POST /api/v1/departments': [
      {
        name: 'a new code',
        make: async () => ({ url: '/api/v1/departments', body: { code: `matrix-new-${serial++}`, name: '新部门' } }),
        expect: { city: 201 },
      },
    ],
    'PUT /api/v1/departments/:id/members': [
      { name: 'no members', make: async () => ({ url: `/api/v1/departments/${await department()}/members`, body: { userIds: [] } }), expect: { city: 200 } },
    ],
  };
}
