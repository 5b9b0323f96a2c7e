// Product workload: the public star board (亮星榜, GET /api/v1/public/star-board, no login) for a
// city of 1,000 communities with their stars and history, through the real server (child process,
// SQLite) on a generated database (see star-standing.ts). Sequential requests, so the figure is
// the latency of one board, not of a queue.
import { percentile, sortedCopy } from '../lib/stats.ts';
import type { Workload } from '../lib/types.ts';
import { startLingyan } from './request-intake.ts';
import { buildStarCity } from './star-standing.ts';

const QUERIES = 100;
const WARMUP = 10;

export const starBoard: Workload = {
  name: 'star-board',
  description:
    'GET /api/v1/public/star-board without a login on a generated city of 1,000 communities (200 with --quick) holding each of the ten stars with a 60% ' +
    'chance, each with its history row, through the real server: 10 warm-up then 100 sequential requests.',
  target: { figure: 'p95Ms', op: '<', value: 50 },
  postgresGap:
    'its city is generated straight into the SQLite file with better-sqlite3 (cached); a PostgreSQL copy of that city, as resident-search makes for residents, is not written yet.',
  timeoutMs: 10 * 60_000,
  async run(ctx) {
    const communities = ctx.scale(1_000, 200);
    const city = await buildStarCity(ctx, 'star-board', communities);
    const server = await startLingyan(ctx, city.dataDir);
    let rows = 0;
    let bytes = 0;
    const once = async () => {
      const started = performance.now();
      const res = await fetch(`${server.url}/api/v1/public/star-board`);
      const text = await res.text();
      const ms = performance.now() - started;
      if (res.status !== 200) throw new Error(`GET star-board: ${res.status} ${text.slice(0, 200)}`);
      rows = (JSON.parse(text) as { communities: unknown[] }).communities.length;
      bytes = text.length;
      return ms;
    };
    for (let i = 0; i < (ctx.quick ? 2 : WARMUP); i++) await once();
    const samples: number[] = [];
    for (let i = 0; i < (ctx.quick ? 20 : QUERIES); i++) samples.push(await once());
    if (rows !== communities) throw new Error(`the board had ${rows} communities, the city has ${communities}`);
    const sorted = sortedCopy(samples);
    return {
      p50Ms: percentile(sorted, 50),
      p95Ms: percentile(sorted, 95),
      maxMs: sorted[sorted.length - 1]!,
      communities,
      kilobytes: Math.round(bytes / 1024),
    };
  },
};
