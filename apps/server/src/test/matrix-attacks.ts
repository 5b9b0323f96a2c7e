import { beforeAll, describe, expect, it } from 'vitest';
import type { InjectOptions } from 'fastify';
import type { Client, TestApp } from './harness.ts';
import { newId, newToken } from '../platform/ids.ts';
import { tokenHash, SESSION_COOKIE } from '../platform/auth/sessions.ts';
import { changedTables, dbChecksum } from './db-checksum.ts';
import { plantMoreOutside, type Canaries } from './matrix-canary.ts';

/**
 * The permission matrix's attacker rows, generated from its cases (which the suite checks equal the
 * route table, so a new route is covered): expired and forged sessions, wrong CSRF tokens, and the
 * separated administrators (the system administrator reaches no resident route, the auditor writes nothing).
 */
export type MatrixActor = 'anonymous' | 'admin' | 'secadmin' | 'auditor' | 'city' | 'tuanjie' | 'tianshan' | 'tianshan-window' | 'tianshan-grid1';
export type MatrixCase = {
  name: string;
  make: () => Promise<{ url: string; body?: unknown }>;
  expect: Partial<Record<MatrixActor, number>>;
  otherwise?: number;
  freshSession?: boolean;
};
type Helpers = { matrix: Record<string, MatrixCase[]>; t: () => TestApp; sessions: Map<MatrixActor, Client>; canaries: () => Canaries };

/** What the matrix expects `actor` to get on case `c` (the same rule as the matrix's own test). */
export function expectedStatus(c: MatrixCase, actor: MatrixActor): number {
  if (c.expect[actor] !== undefined) return c.expect[actor]!;
  return actor === 'anonymous' ? 401 : (c.otherwise ?? 403);
}
const SIGNED_IN: MatrixActor[] = ['city', 'tuanjie', 'tianshan', 'tianshan-window', 'tianshan-grid1', 'admin', 'secadmin', 'auditor'];
/** The actor a case lets through (so only the attack under test can stop the request), else the city. */
const allowedActor = (c: MatrixCase): MatrixActor => SIGNED_IN.find((a) => expectedStatus(c, a) < 300) ?? 'city';

const split = (route: string) => route.split(' ') as [InjectOptions['method'] & string, string];
const isPublicRoute = (t: TestApp, route: string) => {
  const [method, url] = split(route);
  return t.app.routeTable.find((r) => r.method === method && r.url === url)?.access?.kind === 'public';
};

/** A session of `username` past its idle timeout (idle) or past its absolute lifetime (absolute), written as time would leave it. */
const userIds = new Map<string, string>();
async function agedSession(t: TestApp, username: string, how: 'idle' | 'absolute'): Promise<{ cookie: string; csrf: string }> {
  if (!userIds.has(username)) userIds.set(username, await t.userId(username));
  const { idleMinutes, absoluteHours } = await t.runtime.ctx.settings.get('auth.session');
  const now = t.clock.now().getTime();
  const created = how === 'idle' ? now - 60_000 * (idleMinutes + 5) : now - 3600_000 * (absoluteHours + 1);
  const lastSeen = how === 'idle' ? created : now - 60_000;
  const token = newToken();
  const csrf = newToken(24);
  await t.runtime.ctx.db
    .insertInto('sessions')
    .values({
      id: tokenHash(token),
      user_id: userIds.get(username)!,
      csrf_token: csrf,
      created_at: new Date(created).toISOString(),
      last_seen_at: new Date(lastSeen).toISOString(),
      expires_at: new Date(created + 3600_000 * absoluteHours).toISOString(),
      ip: null,
      user_agent: null,
    })
    .execute();
  return { cookie: `${SESSION_COOKIE}=${token}`, csrf };
}

export function matrixAttackSuites({ matrix, t, sessions, canaries }: Helpers): void {
  const routes = Object.keys(matrix);

  const CONTROL = [
    'GET /api/v1/residents',
    'GET /api/v1/service-requests',
    'GET /api/v1/service-requests/stats',
    'GET /api/v1/events',
    'GET /api/v1/events/stats',
  ];
  describe('figures and lists outside the scope', () => {
    // Every GET route without a path id, as the township (the widest scoped actor): records added in another township change no byte it is sent.
    // Downloads carry their time (the canary scan covers them); public routes are not scoped.
    const lists = routes.filter(
      (r) => r.startsWith('GET ') && !r.includes(':') && !/\.(xlsx|pdf|svg)$/.test(r) && expectedStatus(matrix[r]![0]!, 'tuanjie') === 200,
    );
    it('answers to 团结街道 are the same before and after more records of 体育场路社区 (the city’s change)', async () => {
      const reqs: { route: string; url: string }[] = [];
      for (const route of lists.filter((r) => !isPublicRoute(t(), r))) reqs.push({ route, url: (await matrix[route]![0]!.make()).url });
      const read = async (actor: MatrixActor, rs: typeof reqs) => Promise.all(rs.map(async (r) => (await sessions.get(actor)!.get(r.url)).body));
      // The city's scope holds 体育场路社区: these of its answers do move, so the comparison can fail.
      const control = reqs.filter((r) => CONTROL.includes(r.route));
      const [township, city] = [await read('tuanjie', reqs), await read('city', control)];
      await plantMoreOutside(t().runtime.ctx, canaries());
      const [townshipAfter, cityAfter] = [await read('tuanjie', reqs), await read('city', control)];
      expect(reqs.filter((_, i) => township[i] !== townshipAfter[i]).map((r) => r.route)).toEqual([]);
      expect(control.filter((_, i) => city[i] === cityAfter[i]).map((r) => r.route)).toEqual([]);
    });
  });

  describe('expired and forged sessions', () => {
    // One test per route (not per actor): the session check comes before any role or scope.
    it.each(routes)('%s', async (route) => {
      const [method, url] = split(route);
      const c = matrix[route]![0]!;
      const anonymousStatus = c.expect.anonymous ?? 401;
      const attempts = [
        { how: 'idle', session: await agedSession(t(), allowedActor(c), 'idle'), code: 'AUTH_SESSION_EXPIRED' },
        { how: 'absolute', session: await agedSession(t(), allowedActor(c), 'absolute'), code: 'AUTH_SESSION_EXPIRED' },
        { how: 'forged', session: { cookie: `${SESSION_COOKIE}=${newToken()}`, csrf: newToken(24) }, code: 'AUTH_REQUIRED' },
      ];
      const isPublic = isPublicRoute(t(), route);
      // The session is judged before the route reads its input: a refused request needs no fixture, a public one runs and needs its own.
      const placeholder = { url: url.replace(/:[A-Za-z]+/g, () => newId()), body: method === 'GET' || method === 'DELETE' ? undefined : {} };
      for (const a of attempts) {
        const req = isPublic ? await c.make() : placeholder;
        const res = await t().app.inject({
          method,
          url: req.url,
          headers: { cookie: a.session.cookie, 'x-csrf-token': a.session.csrf },
          ...(req.body === undefined ? {} : { payload: req.body as InjectOptions['payload'] }),
        });
        // A public route serves an expired or forged session as it serves anyone.
        if (isPublic) {
          expect(res.statusCode, `${a.how}: ${res.body.slice(0, 200)}`).toBe(anonymousStatus);
          continue;
        }
        expect(res.statusCode, `${a.how}: ${res.body.slice(0, 200)} (${url})`).toBe(401);
        expect(res.json().error.code).toBe(a.code);
      }
    });
  });

  // Public routes act with no one's authority, and the login has no session yet.
  const stateChanging = routes.filter((r) => !r.startsWith('GET') && r !== 'POST /api/v1/auth/login' && !r.startsWith('POST /api/v1/public/'));

  describe('wrong CSRF token', () => {
    const prepared = new Map<string, { actor: MatrixActor; url: string; body?: unknown }>();
    let before: Awaited<ReturnType<typeof dbChecksum>>;
    beforeAll(async () => {
      for (const route of stateChanging) {
        const c = matrix[route]![0]!;
        prepared.set(route, { actor: allowedActor(c), ...(await c.make()) });
      }
      before = await dbChecksum(t().runtime.ctx.db);
    });
    it.each(stateChanging)('%s refuses a wrong token and another session’s token', async (route) => {
      const [method] = split(route);
      const p = prepared.get(route)!;
      const own = sessions.get(p.actor)!;
      const other = sessions.get(p.actor === 'city' ? 'tianshan' : 'city')!;
      for (const token of [newToken(24), other.csrfToken!]) {
        const res = await own.request(method, p.url, p.body, { 'x-csrf-token': token });
        expect(res.statusCode, res.body.slice(0, 200)).toBe(403);
        expect(res.json().error.code).toBe('AUTH_CSRF_INVALID');
      }
    });
    it('wrote nothing', async () => {
      expect(changedTables(before, await dbChecksum(t().runtime.ctx.db))).toEqual([]);
    });
  });

  describe('separated administrators', () => {
    /** Everything the system administrator may do: accounts, settings, tokens, the org tree to place accounts, and what every signed-in user may. */
    const ADMIN_ROUTES = [
      'DELETE /api/v1/api-tokens/:id',
      'GET /api/health',
      'GET /api/openapi.json',
      'GET /api/v1/api-tokens',
      'GET /api/v1/assignments',
      'GET /api/v1/auth/me',
      'GET /api/v1/calendar/add-working-days',
      'GET /api/v1/calendar/status',
      'GET /api/v1/calendar/years/:year',
      'GET /api/v1/orgs',
      'GET /api/v1/orgs/:id',
      'GET /api/v1/public/communities',
      'GET /api/v1/public/service-items',
      'GET /api/v1/public/star-board',
      'GET /api/v1/public/star-notices/current',
      'GET /api/v1/public/star-surveys/:token',
      'GET /api/v1/roles',
      'GET /api/v1/service-items',
      'GET /api/v1/settings',
      'GET /api/v1/users',
      'GET /api/v1/users/:id',
      'PATCH /api/v1/users/:id',
      'POST /api/v1/api-tokens',
      'POST /api/v1/auth/login',
      'POST /api/v1/auth/logout',
      'POST /api/v1/public/requests',
      'POST /api/v1/public/requests/code',
      'POST /api/v1/public/requests/lookup',
      'POST /api/v1/public/requests/rate',
      'POST /api/v1/public/star-objections',
      'POST /api/v1/public/star-surveys/:token/code',
      'POST /api/v1/public/star-surveys/:token/responses',
      'POST /api/v1/stars/preview',
      'POST /api/v1/users',
      'POST /api/v1/users/:id/reset-password',
      'PUT /api/v1/settings/:key',
    ];
    it('the system administrator passes only the account routes, its own and the public ones (no registry, request, event, visit or grid route)', () => {
      const passes = routes.filter((r) => matrix[r]!.some((c) => expectedStatus(c, 'admin') < 300));
      expect(passes.sort()).toEqual([...ADMIN_ROUTES].sort());
    });

    /** What the auditor may send besides reads: its own session and password, and a star count preview that writes nothing. */
    const AUDITOR_MAY = ['POST /api/v1/auth/login', 'POST /api/v1/auth/logout', 'POST /api/v1/auth/password', 'POST /api/v1/stars/preview'];
    const auditorAttempts = stateChanging.filter((r) => !AUDITOR_MAY.includes(r));
    it('the auditor is refused every state-changing route in every case of the matrix', () => {
      const allowed = stateChanging.filter((r) => matrix[r]!.some((c) => expectedStatus(c, 'auditor') !== 403));
      expect(allowed.sort()).toEqual(AUDITOR_MAY.filter((r) => r !== 'POST /api/v1/auth/login').sort());
    });
    // The matrix sends every case as the auditor; here one case per route, between two checksums.
    it('the auditor’s attempts on every state-changing route leave the database unchanged', async () => {
      const auditor = sessions.get('auditor')!;
      const requests = [];
      for (const route of auditorAttempts) requests.push({ route, ...(await matrix[route]![0]!.make()) });
      const before = await dbChecksum(t().runtime.ctx.db);
      for (const r of requests) {
        const res = await auditor.request(split(r.route)[0], r.url, r.body);
        expect(res.statusCode, `${r.route}: ${res.body.slice(0, 200)}`).toBe(403);
      }
      const after = await dbChecksum(t().runtime.ctx.db);
      expect(changedTables(before, after)).toEqual([]);
      // The checksum does see a write (one setting changed), so the comparison above can fail.
      await t().runtime.ctx.settings.set(t().runtime.ctx.db, 'registry.reveal', { showSeconds: 31 }, null);
      expect(changedTables(after, await dbChecksum(t().runtime.ctx.db))).toEqual(['settings']);
    });
  });
}
