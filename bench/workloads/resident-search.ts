// Registry search in a city of 1,000,000 residents: GET /api/v1/residents?q=<pinyin initials> and
// ?q=<full ID number>, through the real app (routes, session, scope, query, count, presentation)
// with app.inject, for the whole-city administrator and for a community leader.
import { closeSync, openSync, readSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../apps/server/src/app.ts';
import { openRuntime } from '../../apps/server/src/platform/runtime.ts';
import { CITY_PASSWORD, cityConfig, ensureCity, type CityMeta } from '../lib/resident-city.ts';
import { copyCityToPostgres } from '../lib/resident-city-pg.ts';
import { percentile, sortedCopy } from '../lib/stats.ts';
import type { BenchContext, Figures, Target, Workload } from '../lib/types.ts';

/**
 * Reads the database file once so that it sits in the operating system's page cache, as it does
 * for a server that has been running: otherwise whichever workload ran before decides how many of
 * the 1.4 GB are cold, and the figures measure the disk instead of the search.
 */
function warmPageCache(file: string): void {
  const fd = openSync(file, 'r');
  const chunk = Buffer.allocUnsafe(16 * 1024 * 1024);
  try {
    while (readSync(fd, chunk, 0, chunk.length, null) > 0);
  } finally {
    closeSync(fd);
  }
}

const QUERIES = 300;
const WARMUP = 30;
/** A set stops early after this long (but not before MIN_QUERIES), so a slow path cannot stall the run. */
const BUDGET_MS = 60_000;
const MIN_QUERIES = 50;
const TARGET_MS = 20;

type Kind = 'initials' | 'id';
type Who = { label: 'City' | 'Leader'; username: string; samples: CityMeta['city'] };

async function login(app: FastifyInstance, username: string): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password: CITY_PASSWORD } });
  if (res.statusCode !== 200) throw new Error(`login ${username}: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'lingyan_session');
  if (!cookie) throw new Error(`login ${username}: no session cookie`);
  return `lingyan_session=${cookie.value}`;
}

/** Runs the four query sets against one running app; figures are named e.g. `initialsCityP95Ms`. */
async function measure(ctx: BenchContext, app: FastifyInstance, meta: CityMeta, engine: string): Promise<Figures> {
  const figures: Figures = {};
  const people: Who[] = [
    { label: 'City', username: 'city', samples: meta.city },
    { label: 'Leader', username: 'tianshan', samples: meta.leader },
  ];
  for (const who of people) {
    const cookie = await login(app, who.username);
    for (const kind of ['initials', 'id'] as Kind[]) {
      const pool = kind === 'initials' ? who.samples.initials : who.samples.ids;
      if (pool.length === 0) throw new Error(`no ${kind} samples for ${who.username}`);
      const run = async (q: string) => {
        const started = performance.now();
        const res = await app.inject({ method: 'GET', url: `/api/v1/residents?q=${encodeURIComponent(q)}`, headers: { cookie } });
        const ms = performance.now() - started;
        if (res.statusCode !== 200) throw new Error(`GET /api/v1/residents?q=… as ${who.username}: ${res.statusCode} ${res.body.slice(0, 200)}`);
        const total = (res.json() as { total: number }).total;
        // A full ID number of a resident in scope finds exactly that resident.
        if (kind === 'id' && total !== 1) throw new Error(`an ID search as ${who.username} found ${total} residents, expected 1`);
        return { ms, total };
      };
      const warmupStarted = performance.now();
      for (let i = 0; i < WARMUP && performance.now() - warmupStarted < BUDGET_MS / 4; i++) await run(pool[(i * 7) % pool.length]!);
      const samples: number[] = [];
      let matched = 0;
      const started = performance.now();
      for (let i = 0; i < QUERIES && (i < MIN_QUERIES || performance.now() - started < BUDGET_MS); i++) {
        const { ms, total } = await run(pool[i % pool.length]!);
        samples.push(ms);
        matched += total;
      }
      const sorted = sortedCopy(samples);
      const name = `${kind}${who.label}`;
      figures[`${name}P50Ms`] = percentile(sorted, 50);
      figures[`${name}P95Ms`] = percentile(sorted, 95);
      figures[`${name}P99Ms`] = percentile(sorted, 99);
      figures[`${name}Queries`] = samples.length;
      if (kind === 'initials') figures[`${name}AvgTotal`] = matched / samples.length;
      ctx.log(
        `  ${engine} ${who.username} q=${kind}: p50 ${figures[`${name}P50Ms`]!.toFixed(1)} ms, p95 ${figures[`${name}P95Ms`]!.toFixed(1)} ms, ` +
          `p99 ${figures[`${name}P99Ms`]!.toFixed(1)} ms over ${samples.length} queries${kind === 'initials' ? `, ${(matched / samples.length).toFixed(0)} matches on average` : ''}`,
      );
    }
  }
  return figures;
}

async function withApp<T>(ctx: BenchContext, dataDir: string, databaseUrl: string | null, fn: (app: FastifyInstance) => Promise<T>): Promise<T> {
  const runtime = await openRuntime(cityConfig(dataDir, databaseUrl));
  try {
    const app = await buildApp(runtime.ctx);
    await app.ready();
    try {
      return await fn(app);
    } finally {
      await app.close();
    }
  } finally {
    await runtime.close();
  }
}

const targets: Target[] = ['initialsCity', 'idCity', 'initialsLeader', 'idLeader'].map((name) => ({ figure: `${name}P95Ms`, op: '<', value: TARGET_MS }));

export const residentSearch: Workload = {
  name: 'resident-search',
  description:
    'GET /api/v1/residents?q= by pinyin initials (2–3 letters of real rows) and by full ID number, 300 queries each via app.inject ' +
    '(a set stops after 60 s, but not before 50 queries), ' +
    'as the city administrator (whole city) and as the 天山路社区 leader, over 1,000,000 residents in all grids of 沙湾市 ' +
    "(100,000 with --quick) in the app's SQLite database (generated once, cached in bench/results/.cache; the file is read once " +
    'before measuring so that it is in the page cache, as for a running server). ' +
    'On PostgreSQL the same city is copied into a fresh database (same rows, blind indexes and key) and measured there.',
  target: targets,
  engines: ['sqlite', 'postgres'],
  timeoutMs: 30 * 60_000,
  async run(ctx) {
    const residents = ctx.scale(1_000_000, 100_000);
    const city = await ensureCity(ctx, residents);
    warmPageCache(path.join(city.dataDir, 'lingyan.sqlite'));
    const figures: Figures = { residents, generationSeconds: city.cached ? 0 : city.meta.generationSeconds };
    if (ctx.engine === 'postgres') {
      // The same rows, blind indexes and key, copied into this run's fresh database.
      const pg = await copyCityToPostgres(ctx, city.dataDir, await ctx.freshPgDatabase('lingyan_city'));
      figures.pgCopySeconds = pg.seconds;
      Object.assign(figures, await withApp(ctx, city.dataDir, pg.url, (app) => measure(ctx, app, city.meta, 'postgres')));
    } else {
      Object.assign(figures, await withApp(ctx, city.dataDir, null, (app) => measure(ctx, app, city.meta, 'sqlite')));
    }
    return figures;
  },
};
