import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { loadConfig } from '../platform/config.ts';
import { openRuntime, type Runtime } from '../platform/runtime.ts';
import { fixedClock, systemClock, type Clock } from '../platform/clock.ts';
import { buildApp } from '../app.ts';
import { seedDemo } from '../seed/demo.ts';
import type { RegistryScope } from '../seed/demo-registry.ts';
import { createTestDatabase, type TestDatabase } from './test-database.ts';
import type { SmsSender } from '../platform/sms/sms.ts';

export const DEMO_PASSWORD = 'Lingyan-Demo-2026!';

export type TestApp = {
  app: FastifyInstance;
  runtime: Runtime;
  clock: Clock;
  database: TestDatabase;
  /** Signs in through the real login route and returns a client carrying the cookie and CSRF token. */
  login(username: string, password?: string): Promise<Client>;
  anonymous: Client;
  /** The id of an org node by its statistical code. */
  orgId(code: string): Promise<string>;
  userId(username: string): Promise<string>;
  close(): Promise<void>;
};

export type Client = {
  csrfToken: string | null;
  cookie: string | null;
  request(method: InjectOptions['method'], url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  get(url: string, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  post(url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  patch(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  put(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  delete(url: string): Promise<LightMyRequestResponse>;
};

function client(app: FastifyInstance, cookie: string | null, csrfToken: string | null): Client {
  const request: Client['request'] = (method, url, body, headers = {}) =>
    app.inject({
      method,
      url,
      headers: { ...(cookie ? { cookie } : {}), ...(csrfToken ? { 'x-csrf-token': csrfToken } : {}), ...headers },
      ...(body === undefined ? {} : { payload: body as InjectOptions['payload'] }),
    });
  return {
    csrfToken,
    cookie,
    request,
    get: (url, headers) => request('GET', url, undefined, headers),
    post: (url, body, headers) => request('POST', url, body ?? {}, headers),
    patch: (url, body) => request('PATCH', url, body ?? {}),
    put: (url, body) => request('PUT', url, body ?? {}),
    delete: (url) => request('DELETE', url),
  };
}

export type TestAppOptions = {
  demo?: boolean;
  clock?: Clock | 'fixed';
  /** Where the built web app is served from; none by default. */
  webDistDir?: string;
  /** The demo's synthetic registry: 'none' (the default), 'small' (天山路社区 and 广场路社区) or 'full' (as `npm start`). */
  registry?: RegistryScope;
  /** Text messages go here instead of the server log (e.g. a RecordingSmsSender). */
  sms?: SmsSender;
};

/** A real app over a real, fresh database of the engine under test, with the Shawan demo seeded. */
export async function createTestApp(opts: TestAppOptions = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const clock = opts.clock === 'fixed' ? fixedClock('2026-11-26T02:00:00Z') : (opts.clock ?? systemClock);
  const config = {
    ...loadConfig({ LINGYAN_DATA_DIR: database.dataDir, ...(database.databaseUrl ? { DATABASE_URL: database.databaseUrl } : {}) }),
    webDistDir: opts.webDistDir ?? '/nonexistent',
  };
  const runtime = await openRuntime(config, clock);
  if (opts.sms) runtime.ctx.sms = opts.sms;
  if (opts.demo !== false)
    await seedDemo(runtime.ctx.db, DEMO_PASSWORD, clock.now().toISOString(), { crypto: runtime.ctx.crypto, registry: opts.registry ?? 'none' });
  const app = await buildApp(runtime.ctx);
  await app.ready();
  const db = runtime.ctx.db;
  return {
    app,
    runtime,
    clock,
    database,
    anonymous: client(app, null, null),
    async login(username, password = DEMO_PASSWORD) {
      const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });
      if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
      const cookie = res.cookies.find((c) => c.name === 'lingyan_session');
      return client(app, `lingyan_session=${cookie!.value}`, res.json().csrfToken as string);
    },
    async orgId(code) {
      const row = await db.selectFrom('org_nodes').select('id').where('code', '=', code).executeTakeFirstOrThrow();
      return row.id;
    },
    async userId(username) {
      const row = await db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow();
      return row.id;
    },
    async close() {
      await app.close();
      await runtime.close();
      await database.drop();
    },
  };
}
