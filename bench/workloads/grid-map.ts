// Product workload: the grid map of a township (GET /api/v1/grids/map) — every grid's boundary
// (GeoJSON) and its figure — for 团结街道 as its township leader (`tuanjie`), on the demo city as
// `npm start` seeds it (the real tree, the 14 urban communities' registry, the demo grids with
// their boundaries and people, visits and events as their modules seed them), through the real
// server (child process, SQLite). Each sample asks for one of the three figures in turn
// (households, visit coverage, open events).
import path from 'node:path';
import { mkdirSync } from 'node:fs';
import { percentile, sortedCopy } from '../lib/stats.ts';
import type { Workload } from '../lib/types.ts';
import { api, login, startLingyan } from './request-intake.ts';

const QUERIES = 60;
const WARMUP = 6;
const FIGURES = ['households', 'coverage', 'events'] as const;
const TUANJIE = '654203002';

export const gridMap: Workload = {
  name: 'grid-map',
  description:
    'GET /api/v1/grids/map?orgId=<团结街道>&figure=… as `tuanjie` on the demo city (seeded on first start, as `npm start`): all the township’s grids with their ' +
    'GeoJSON boundaries and the chosen figure (households, visit coverage, open events, in turn); 6 warm-up then 60 sequential requests.',
  target: { figure: 'p95Ms', op: '<', value: 100 },
  engines: ['sqlite', 'postgres'],
  timeoutMs: 15 * 60_000,
  async run(ctx) {
    const dataDir = path.join(ctx.tmpDir, 'demo');
    mkdirSync(dataDir, { recursive: true });
    const seeded = performance.now();
    const server = await startLingyan(ctx, dataDir);
    ctx.log(`  demo city seeded and started in ${((performance.now() - seeded) / 1000).toFixed(1)} s`);
    const session = await login(server, 'tuanjie');
    const orgs = await api<{ items: { id: string; code: string }[] }>(server, session, '/api/v1/orgs');
    const tuanjie = orgs.items.find((o) => o.code === TUANJIE);
    if (!tuanjie) throw new Error('团结街道 is not in scope of tuanjie');
    let grids = 0;
    let drawn = 0;
    let positions = 0;
    const once = async (i: number) => {
      const figure = FIGURES[i % FIGURES.length]!;
      const started = performance.now();
      const res = await fetch(`${server.url}/api/v1/grids/map?orgId=${tuanjie.id}&figure=${figure}`, { headers: { cookie: session.cookie } });
      const body = (await res.json()) as { features: { geometry: { coordinates: unknown } | null }[] };
      const ms = performance.now() - started;
      if (res.status !== 200) throw new Error(`GET map: ${res.status} ${JSON.stringify(body).slice(0, 200)}`);
      grids = body.features.length;
      drawn = body.features.filter((f) => f.geometry).length;
      positions = JSON.stringify(body.features.map((f) => f.geometry?.coordinates ?? [])).split('],[').length;
      return ms;
    };
    for (let i = 0; i < (ctx.quick ? 1 : WARMUP); i++) await once(i);
    const samples: number[] = [];
    for (let i = 0; i < (ctx.quick ? 12 : QUERIES); i++) samples.push(await once(i));
    if (grids < 10 || drawn !== grids) throw new Error(`the map had ${grids} grids, ${drawn} with a boundary`);
    const sorted = sortedCopy(samples);
    return {
      p50Ms: percentile(sorted, 50),
      p95Ms: percentile(sorted, 95),
      maxMs: sorted[sorted.length - 1]!,
      grids,
      positions,
      samples: samples.length,
    };
  },
};
