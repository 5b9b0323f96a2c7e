import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Permission } from '@lingyan/shared';
import { createTestApp, type TestApp } from '../harness.ts';
import { chinaDate, loadActorAssignments, type Actor } from '../../platform/auth/actor.ts';
import { can } from '../../platform/policy/policy.ts';
import { operationsOf, opName, type Operation } from './openapi.ts';
import { fuzzSeed } from './prng.ts';
import { loadIdPool } from './ids.ts';
import { describeSent, runFuzz, type FuzzReport, type Session } from './runner.ts';
import { testEngine } from '../test-database.ts';
import { buildBuilding, buildHome, buildResident, buildServiceRequest, buildTenancy } from '../factories.ts';

/**
 * Fuzzing from the OpenAPI document the app serves: every operation gets malformed requests from
 * its own schema, as anonymous and as demo accounts of every level. Replay a failure with the
 * seed and request number its message names; LINGYAN_FUZZ_REQUESTS sets how many are sent.
 */
const SIGNED_IN = ['city', 'tuanjie', 'tianshan', 'tianshan-window', 'tianshan-grid1', 'admin', 'auditor'] as const;
const REQUESTS = Number(process.env.LINGYAN_FUZZ_REQUESTS ?? 10_000);
const ONLY = process.env.LINGYAN_FUZZ_ONLY ? new Set(process.env.LINGYAN_FUZZ_ONLY.split(',').map(Number)) : undefined;
const seed = fuzzSeed();

let t: TestApp;
let report: FuzzReport;
const sessions = new Map<string, Session>();

async function signIn(name: string): Promise<Session> {
  const c = await t.login(name);
  return { name, cookie: c.cookie, csrfToken: c.csrfToken };
}

/** The accounts whose access (as the route table declares it) lets them past the auth hook. */
async function relevantSessions(ops: Operation[]): Promise<Map<string, Session[]>> {
  const actors = new Map<string, Actor>();
  for (const name of SIGNED_IN) {
    const userId = await t.userId(name);
    const assignments = await loadActorAssignments(t.runtime.ctx.db, userId, chinaDate(t.clock.now()));
    actors.set(name, {
      userId,
      username: name,
      displayName: name,
      locale: null,
      mustChangePassword: false,
      assignments,
      via: 'session',
      sessionId: null,
      csrfToken: null,
    });
  }
  const access = new Map(t.app.routeTable.map((r) => [`${r.method} ${r.url.replace(/:(\w+)/g, '{$1}')}`, r.access]));
  const out = new Map<string, Session[]>();
  for (const op of ops) {
    const a = access.get(opName(op));
    const names =
      !a || a.kind === 'public'
        ? ['anonymous', ...SIGNED_IN]
        : a.kind === 'authenticated'
          ? [...SIGNED_IN]
          : SIGNED_IN.filter((n) => can(actors.get(n)!, a.permission as Permission));
    // Signing out always succeeds, so only the anonymous caller fuzzes it (it would end the sessions under test).
    const callers = opName(op) === 'POST /api/v1/auth/logout' ? ['anonymous'] : names;
    out.set(
      opName(op),
      callers.map((n) => sessions.get(n)!),
    );
  }
  return out;
}

describe(`fuzzing every operation of the OpenAPI document (${testEngine()})`, () => {
  beforeAll(async () => {
    console.log(`fuzz: seed ${seed} (replay with LINGYAN_FUZZ_SEED=${seed}), ${ONLY ? `only #${[...ONLY].join(',')}` : `${REQUESTS} requests`}`);
    // The demo without its registry (a checksum of it takes a tenth of the time), plus a few records in
    // 天山路社区 and in 体育场路社区 of another township, so paths name real records out of scope.
    t = await createTestApp({ clock: 'fixed' });
    for (const [community, grid] of [
      ['654203002009', '654203002009001'],
      ['654203001017', '654203001017001'],
    ] as const) {
      const building = await buildBuilding(t.runtime.ctx, grid);
      const home = await buildHome(t.runtime.ctx, grid, { buildingId: building.id, unitId: building.unitIds[0] });
      await buildResident(t.runtime.ctx, { gridCode: grid });
      const tenant = await buildResident(t.runtime.ctx, { gridCode: grid });
      await buildTenancy(t.runtime.ctx, home.id, tenant.id);
      await buildServiceRequest(t.runtime.ctx, community);
    }
    sessions.set('anonymous', { name: 'anonymous', cookie: null, csrfToken: null });
    for (const name of SIGNED_IN) sessions.set(name, await signIn(name));
    const doc = (await t.anonymous.get('/api/openapi.json')).json();
    const ops = operationsOf(doc);
    const ids = await loadIdPool(t.runtime.ctx.db, await Promise.all(SIGNED_IN.map((n) => t.userId(n))));
    const started = Date.now();
    report = await runFuzz({
      app: t.app,
      db: t.runtime.ctx.db,
      engine: testEngine(),
      seed,
      requests: REQUESTS,
      ops,
      relevant: await relevantSessions(ops),
      everyone: [...sessions.values()],
      ids,
      only: ONLY,
      settle: async () => {
        // An accepted upload or commit of an import goes on after its 202; its writes are its own.
        for (let i = 0; i < 500; i++) {
          const busy = await t.runtime.ctx.db.selectFrom('imports').select('id').where('status', 'in', ['checking', 'committing']).executeTakeFirst();
          if (!busy) break;
          await new Promise((r) => setTimeout(r, 20));
        }
        // A session that an accepted request ended (a password reset) is opened again.
        for (const name of SIGNED_IN) {
          const s = sessions.get(name)!;
          const me = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: s.cookie! } });
          if (me.statusCode !== 200) Object.assign(s, await signIn(name));
        }
      },
    });
    const statuses = [...report.statuses].sort((a, b) => a[0] - b[0]).map(([s, n]) => `${s}×${n}`);
    console.log(
      `fuzz: ${report.requests} requests over ${ops.length} operations in ${((Date.now() - started) / 1000).toFixed(1)} s, ` +
        `${report.checksums} checksums; statuses ${statuses.join(' ')}; accepted ${report.accepted.length}`,
    );
  }, 600_000);
  afterAll(async () => {
    await t?.close();
  });

  it('sends the requests it was asked to', () => {
    expect(report.requests).toBeGreaterThanOrEqual(ONLY ? ONLY.size : REQUESTS);
  });

  it('answers no request with a 5xx', () => {
    expect(report.serverErrors.map((s) => describeSent(seed, s))).toEqual([]);
  });

  it('answers every 4xx with a coded error body', () => {
    expect(report.uncoded.map((s) => describeSent(seed, s))).toEqual([]);
  });

  it('changes nothing in the database on a rejected request', () => {
    expect(report.writes.map((w) => `${describeSent(seed, w.sent)} — changed ${w.tables.join(', ')}`)).toEqual([]);
  });
});
