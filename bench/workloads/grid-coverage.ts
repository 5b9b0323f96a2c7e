// Product workload: visit coverage (入户走访覆盖率) per grid over a city of 10,000 grids and
// 1,000,000 households with a quarter's visits, read by coverageByGrid — the function the visit
// pages and the grid map call — for the whole city and for one community.
//
// The city is generated straight into SQLite (schema from the app's migrations; a synthetic tree of
// 20 townships × 25 communities × 20 grids; homes, households, visits and each household's last
// visit written with better-sqlite3 in big transactions, secondary indexes rebuilt after the load),
// cached under bench/results/.cache/ like the resident city.
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { percentile, sortedCopy } from '../lib/stats.ts';
import type { BenchContext, Workload } from '../lib/types.ts';
import { cityConfig } from '../lib/resident-city.ts';
import { loadBetterSqlite } from '../lib/sqlite.ts';
import { openRuntime } from '../../apps/server/src/platform/runtime.ts';
import { coverageByGrid } from '../../apps/server/src/modules/visits/visits.coverage.ts';

/** Raise when the generated data changes: the cache is keyed by it. */
const VERSION = 'v1';
const TOWNSHIPS = 20;
const COMMUNITIES_PER_TOWNSHIP = 25;
const PERIOD = { from: '2026-10-01', to: '2026-12-31' };
/** The quarter's visits reach 72% of households; a quarter of those twice. */
const VISITED_SHARE = 0.72;

type Meta = { version: string; grids: number; households: number; visits: number; visited: number; generationSeconds: number };

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

async function ensureCoverageCity(ctx: BenchContext, grids: number, households: number): Promise<{ dataDir: string; meta: Meta }> {
  const dataDir = path.join(ctx.rootDir, 'bench', 'results', '.cache', `grid-coverage-${VERSION}-${grids}-${households}`);
  const metaFile = path.join(dataDir, 'meta.json');
  if (existsSync(metaFile)) {
    const meta = JSON.parse(readFileSync(metaFile, 'utf8')) as Meta;
    ctx.log(`  coverage city: cached ${path.relative(ctx.rootDir, dataDir)}`);
    return { dataDir, meta };
  }
  const partial = `${dataDir}.partial-${process.pid}`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  ctx.defer(() => rmSync(partial, { recursive: true, force: true }));
  const started = performance.now();
  const runtime = await openRuntime(cityConfig(partial)); // the schema, by the app's own migrations
  const visitor = randomUUID();
  const now = new Date().toISOString();
  await runtime.ctx.db
    .insertInto('users')
    .values({
      id: visitor,
      username: 'bench-visitor',
      display_name: '走访员',
      password_hash: 'x',
      status: 'active',
      must_change_password: 0,
      failed_logins: 0,
      created_at: now,
      updated_at: now,
    })
    .execute();
  await runtime.close();

  const Database = loadBetterSqlite(ctx.rootDir);
  const db = new Database(path.join(partial, 'lingyan.sqlite'));
  const random = rng(20261126);
  let visits = 0;
  let visited = 0;
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = OFF');
    db.pragma('cache_size = -262144');
    db.pragma('temp_store = MEMORY');
    db.pragma('foreign_keys = OFF');
    const tables = ['homes', 'households', 'visits', 'household_last_visits'];
    const indexes = db
      .prepare(`select name, sql from sqlite_master where type = 'index' and tbl_name in (${tables.map(() => '?').join(',')}) and sql is not null`)
      .all(...tables) as { name: string; sql: string }[];
    for (const ix of indexes) db.exec(`drop index ${ix.name}`);

    const node = db.prepare('insert into org_nodes (id, code, name, kind, parent_id, path, depth, sort_order, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)');
    const home = db.prepare(
      `insert into homes (id, grid_id, org_path, building_id, unit_id, kind, name, room_no, address, area_m2, use, ownership, is_rented, created_at, updated_at)
       values (?, ?, ?, null, null, 'home', null, ?, ?, null, 'residential', 'private', 0, ?, ?)`,
    );
    const household = db.prepare(
      `insert into households (id, home_id, org_path, head_resident_id, registration_type, created_at, updated_at) values (?, ?, ?, null, 'local', ?, ?)`,
    );
    const visit = db.prepare(
      `insert into visits (id, household_id, grid_id, org_path, visited_on, kind, notes, visitor_id, raised_type, raised_id, created_at)
       values (?, ?, ?, ?, ?, 'routine', null, ?, null, null, ?)`,
    );
    const last = db.prepare('insert into household_last_visits (household_id, org_path, last_visited_on) values (?, ?, ?)');
    const day = (offset: number) => new Date(Date.UTC(2026, 9, 1) + offset * 86_400_000).toISOString().slice(0, 10);

    const gridList: { id: string; path: string }[] = [];
    db.transaction(() => {
      const root = randomUUID();
      node.run(root, '659999', '基准市', 'city', null, `/${root}/`, 0, 0, now);
      const perCommunity = grids / (TOWNSHIPS * COMMUNITIES_PER_TOWNSHIP);
      for (let t = 0; t < TOWNSHIPS; t++) {
        const tid = randomUUID();
        const tpath = `/${root}/${tid}/`;
        node.run(tid, `659999${String(t + 1).padStart(3, '0')}`, `第${t + 1}街道`, 'township', root, tpath, 1, t, now);
        for (let c = 0; c < COMMUNITIES_PER_TOWNSHIP; c++) {
          const cid = randomUUID();
          const cpath = `${tpath}${cid}/`;
          const ccode = `659999${String(t + 1).padStart(3, '0')}${String(c + 1).padStart(3, '0')}`;
          node.run(cid, ccode, `第${t + 1}-${c + 1}社区`, 'community', tid, cpath, 2, c, now);
          for (let g = 0; g < perCommunity; g++) {
            const gid = randomUUID();
            node.run(gid, `${ccode}${String(g + 1).padStart(3, '0')}`, `第${g + 1}网格`, 'grid', cid, `${cpath}${gid}/`, 3, g, now);
            gridList.push({ id: gid, path: `${cpath}${gid}/` });
          }
        }
      }
    })();

    const perGrid = households / gridList.length;
    const BATCH = 50_000;
    let done = 0;
    let lastLog = performance.now();
    const writeBatch = db.transaction((from: number, to: number) => {
      for (let i = from; i < to; i++) {
        const g = gridList[Math.floor(i / perGrid)]!;
        const homeId = randomUUID();
        const hhId = randomUUID();
        home.run(homeId, g.id, g.path, String(100 + (i % 900)), `基准小区${i}`, now, now);
        household.run(hhId, homeId, g.path, now, now);
        if (random() < VISITED_SHARE) {
          visited++;
          let latest = day(Math.floor(random() * 56));
          visit.run(randomUUID(), hhId, g.id, g.path, latest, visitor, now);
          visits++;
          if (random() < 0.25) {
            const again = day(Math.floor(random() * 56));
            visit.run(randomUUID(), hhId, g.id, g.path, again, visitor, now);
            visits++;
            if (again > latest) latest = again;
          }
          last.run(hhId, g.path, latest);
        }
      }
    });
    while (done < households) {
      const to = Math.min(households, done + BATCH);
      writeBatch(done, to);
      done = to;
      if (performance.now() - lastLog > 10_000) {
        ctx.log(`  coverage city: ${done.toLocaleString('en-US')} / ${households.toLocaleString('en-US')} households`);
        lastLog = performance.now();
      }
    }
    ctx.log(`  coverage city: rows written, rebuilding ${indexes.length} indexes`);
    for (const ix of indexes) db.exec(ix.sql);
    db.exec('analyze');
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
  const meta: Meta = { version: VERSION, grids, households, visits, visited, generationSeconds: (performance.now() - started) / 1000 };
  writeFileSync(path.join(partial, 'meta.json'), `${JSON.stringify(meta, null, 1)}\n`);
  rmSync(dataDir, { recursive: true, force: true });
  renameSync(partial, dataDir);
  ctx.log(`  coverage city: generated in ${meta.generationSeconds.toFixed(1)} s`);
  return { dataDir, meta };
}

export const gridCoverage: Workload = {
  name: 'grid-coverage',
  description:
    'coverageByGrid (visits.coverage.ts: households and households visited per grid for a period, as the visit pages and the grid map read it) ' +
    'over a synthetic city of 10,000 grids and 1,000,000 households (1,000 grids and 100,000 with --quick) with a quarter of visits reaching 72% of them ' +
    '(cached), in process on SQLite: the whole city (every grid, 1 warm-up then 5 runs) and one community of 20 grids (50 communities, after 5 warm-ups).',
  target: [
    { figure: 'cityP50Ms', op: '<', value: 2000 },
    { figure: 'communityP95Ms', op: '<', value: 50 },
  ],
  postgresGap:
    'its city is generated straight into the SQLite file with better-sqlite3 (cached); a PostgreSQL copy of that city, as resident-search makes for residents, is not written yet.',
  timeoutMs: 20 * 60_000,
  async run(ctx) {
    const grids = ctx.scale(10_000, 1_000);
    const households = ctx.scale(1_000_000, 100_000);
    const city = await ensureCoverageCity(ctx, grids, households);
    const runtime = await openRuntime(cityConfig(city.dataDir));
    ctx.defer(() => runtime.close());
    const db = runtime.ctx.db;
    const all = await db.selectFrom('org_nodes').select(['id', 'parent_id']).where('kind', '=', 'grid').execute();
    const byCommunity = new Map<string, string[]>();
    for (const g of all) byCommunity.set(g.parent_id!, [...(byCommunity.get(g.parent_id!) ?? []), g.id]);
    const ids = all.map((g) => g.id);

    const time = async (gridIds: string[]) => {
      const started = performance.now();
      const result = await coverageByGrid(db, gridIds, PERIOD);
      return { ms: performance.now() - started, result };
    };
    await time(ids);
    const citySamples: number[] = [];
    let totals = { households: 0, visited: 0 };
    for (let i = 0; i < (ctx.quick ? 2 : 5); i++) {
      const { ms, result } = await time(ids);
      citySamples.push(ms);
      totals = { households: 0, visited: 0 };
      for (const c of result.values()) {
        totals.households += c.households;
        totals.visited += c.visited;
      }
    }
    if (totals.households !== city.meta.households || totals.visited !== city.meta.visited)
      throw new Error(`coverage counted ${JSON.stringify(totals)}, the city has ${city.meta.households} households, ${city.meta.visited} visited`);
    const communities = [...byCommunity.values()];
    for (let i = 0; i < 5; i++) await time(communities[i]!);
    const communitySamples: number[] = [];
    for (let i = 0; i < 50; i++) communitySamples.push((await time(communities[(i * 7) % communities.length]!)).ms);
    const cs = sortedCopy(citySamples);
    const ms = sortedCopy(communitySamples);
    const figures = {
      cityP50Ms: percentile(cs, 50),
      cityMaxMs: cs[cs.length - 1]!,
      communityP50Ms: percentile(ms, 50),
      communityP95Ms: percentile(ms, 95),
      grids,
      households,
      visits: city.meta.visits,
      coveragePct: Math.round((totals.visited / totals.households) * 1000) / 10,
    };
    ctx.log(`grid-coverage: city p50 ${figures.cityP50Ms.toFixed(0)} ms, community p95 ${figures.communityP95Ms.toFixed(1)} ms`);
    return figures;
  },
};
