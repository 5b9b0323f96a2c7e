// Product workload: every community's star standing (stars held, count, level, recommendations,
// vetoes) for a city of 10,000 communities, by communityStandings — the function the public
// board calls — in process on SQLite. The city is generated straight into a fresh database
// (schema from the app's migrations; townships × communities; each of the ten default stars held
// with a 60% chance, and its history row).
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { mkdirSync } from 'node:fs';
import { DEFAULT_STAR_CODES, DEFAULT_STAR_RULES } from '@lingyan/shared';
import { percentile, sortedCopy } from '../lib/stats.ts';
import type { BenchContext, Workload } from '../lib/types.ts';
import { cityConfig } from '../lib/resident-city.ts';
import { loadBetterSqlite } from '../lib/sqlite.ts';
import { openRuntime } from '../../apps/server/src/platform/runtime.ts';
import { communityStandings } from '../../apps/server/src/modules/stars/stars.standings.ts';

const HELD_SHARE = 0.6;

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A fresh data folder with `communities` communities in 20 townships, each holding random stars with their history. */
export async function buildStarCity(ctx: BenchContext, name: string, communities: number): Promise<{ dataDir: string; stars: number }> {
  const dataDir = path.join(ctx.tmpDir, name);
  mkdirSync(dataDir, { recursive: true });
  const runtime = await openRuntime(cityConfig(dataDir)); // the schema, by the app's own migrations
  await runtime.close();
  const Database = loadBetterSqlite(ctx.rootDir);
  const db = new Database(path.join(dataDir, 'lingyan.sqlite'));
  const random = rng(20261126);
  const now = new Date().toISOString();
  let stars = 0;
  try {
    db.pragma('journal_mode = WAL');
    const node = db.prepare('insert into org_nodes (id, code, name, kind, parent_id, path, depth, sort_order, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)');
    const held = db.prepare('insert into community_stars (community_id, community_path, star_code, since) values (?, ?, ?, ?)');
    const history = db.prepare(
      `insert into star_history (id, community_id, community_path, star_code, change, at, actor_id, actor_name, reason, source_type, source_id)
       values (?, ?, ?, ?, 'awarded', ?, null, '市委', '年度评定授星', 'seed', null)`,
    );
    const townships = 20;
    const perTownship = Math.ceil(communities / townships);
    db.transaction(() => {
      const root = randomUUID();
      node.run(root, '659999', '基准市', 'city', null, `/${root}/`, 0, 0, now);
      let made = 0;
      for (let t = 0; t < townships && made < communities; t++) {
        const tid = randomUUID();
        const tpath = `/${root}/${tid}/`;
        const tcode = `659999${String(t + 1).padStart(3, '0')}`;
        node.run(tid, tcode, `第${t + 1}街道`, 'township', root, tpath, 1, t, now);
        for (let c = 0; c < perTownship && made < communities; c++, made++) {
          const cid = randomUUID();
          const cpath = `${tpath}${cid}/`;
          node.run(cid, `${tcode}${String(c + 1).padStart(3, '0')}`, `第${t + 1}-${c + 1}社区`, 'community', tid, cpath, 2, c, now);
          for (const code of DEFAULT_STAR_CODES) {
            if (random() >= HELD_SHARE) continue;
            const day = `2025-12-${String(10 + Math.floor(random() * 20)).padStart(2, '0')}`;
            held.run(cid, cpath, code, day);
            history.run(randomUUID(), cid, cpath, code, `${day}T04:00:00.000Z`);
            stars++;
          }
        }
      }
    })();
    db.exec('analyze');
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
  return { dataDir, stars };
}

export const starStanding: Workload = {
  name: 'star-standing',
  description:
    'communityStandings (stars.standings.ts: every community’s stars held, count, level, recommendations and vetoes — one query, then the rules) over a ' +
    'generated city of 10,000 communities (1,000 with --quick) holding each of the ten stars with a 60% chance, in process on SQLite; 1 warm-up then 5 runs.',
  target: { figure: 'p50Ms', op: '<', value: 500 },
  postgresGap:
    'its city is generated straight into the SQLite file with better-sqlite3 (cached); a PostgreSQL copy of that city, as resident-search makes for residents, is not written yet.',
  timeoutMs: 10 * 60_000,
  async run(ctx) {
    const communities = ctx.scale(10_000, 1_000);
    const city = await buildStarCity(ctx, 'star-standing', communities);
    const runtime = await openRuntime(cityConfig(city.dataDir));
    ctx.defer(() => runtime.close());
    const time = async () => {
      const started = performance.now();
      const rows = await communityStandings(runtime.ctx.db, DEFAULT_STAR_RULES);
      return { ms: performance.now() - started, rows };
    };
    await time();
    const samples: number[] = [];
    let good = 0;
    for (let i = 0; i < (ctx.quick ? 2 : 5); i++) {
      const { ms, rows } = await time();
      samples.push(ms);
      if (rows.length !== communities) throw new Error(`standings for ${rows.length} communities, the city has ${communities}`);
      const counted = rows.reduce((s, r) => s + r.count, 0);
      if (counted !== city.stars) throw new Error(`standings count ${counted} stars, the city holds ${city.stars}`);
      good = rows.filter((r) => r.level === 'good').length;
    }
    const sorted = sortedCopy(samples);
    ctx.log(`star-standing: p50 ${percentile(sorted, 50).toFixed(0)} ms for ${communities} communities`);
    return { p50Ms: percentile(sorted, 50), maxMs: sorted[sorted.length - 1]!, communities, stars: city.stars, good };
  },
};
