// Copies the cached resident city (SQLite) into a fresh PostgreSQL database on LINGYAN_BENCH_PG_URL,
// so the same rows, with the same blind indexes (same data folder, same key), are measured there.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import pg from 'pg';
import { openRuntime } from '../../apps/server/src/platform/runtime.ts';
import { seedDemo } from '../../apps/server/src/seed/demo.ts';
import { CITY_PASSWORD, cityConfig } from './resident-city.ts';
import { loadBetterSqlite } from './sqlite.ts';
import type { BenchContext } from './types.ts';

const ROWS_PER_STATEMENT = 1000; // 32 columns: 32,000 parameters, under PostgreSQL's 65,535

export async function copyCityToPostgres(ctx: BenchContext, dataDir: string, serverUrl: string): Promise<{ url: string; seconds: number }> {
  const started = performance.now();
  const name = `lingyan_bench_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  ctx.defer(async () => {
    const c = new pg.Client({ connectionString: serverUrl });
    await c.connect();
    await c.query(`drop database if exists ${name} with (force)`);
    await c.end();
  });
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;

  // Schema and tree through the app, as for SQLite; the org ids differ, so grids map by code.
  const runtime = await openRuntime(cityConfig(dataDir, url.toString()));
  await seedDemo(runtime.ctx.db, CITY_PASSWORD, new Date().toISOString(), { registry: 'none' });
  const pgGrids = new Map((await runtime.ctx.db.selectFrom('org_nodes').select(['id', 'path', 'code']).execute()).map((g) => [g.code, g]));
  await runtime.close();

  const Database = loadBetterSqlite(ctx.rootDir);
  const sqlite = new Database(path.join(dataDir, 'lingyan.sqlite'), { readonly: true });
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    const gridOf = new Map<string, { id: string; path: string }>();
    for (const g of sqlite.prepare(`select id, code from org_nodes`).all() as { id: string; code: string }[]) {
      const target = pgGrids.get(g.code);
      if (target) gridOf.set(g.id, target);
    }
    const indexes = (
      await client.query<{ indexname: string; indexdef: string }>(
        `select indexname, indexdef from pg_indexes where tablename = 'residents' and indexname <> 'residents_pkey'`,
      )
    ).rows;
    for (const ix of indexes) await client.query(`drop index ${ix.indexname}`);
    const columns = (sqlite.prepare(`select name from pragma_table_info('residents') order by cid`).all() as { name: string }[]).map((c) => c.name);
    const gridCol = columns.indexOf('grid_id');
    const pathCol = columns.indexOf('org_path');
    const placeholders = (rows: number) =>
      Array.from({ length: rows }, (_, r) => `(${columns.map((_, c) => `$${r * columns.length + c + 1}`).join(', ')})`).join(', ');
    const full = placeholders(ROWS_PER_STATEMENT);
    let batch: unknown[] = [];
    let rows = 0;
    let copied = 0;
    const flush = async () => {
      if (rows === 0) return;
      await client.query(`insert into residents (${columns.join(', ')}) values ${rows === ROWS_PER_STATEMENT ? full : placeholders(rows)}`, batch);
      copied += rows;
      batch = [];
      rows = 0;
    };
    await client.query('begin');
    for (const row of sqlite.prepare(`select * from residents`).raw().iterate() as IterableIterator<unknown[]>) {
      const grid = gridOf.get(row[gridCol] as string);
      if (!grid) throw new Error('a resident grid has no match in PostgreSQL');
      row[gridCol] = grid.id;
      row[pathCol] = grid.path;
      batch.push(...row);
      if (++rows === ROWS_PER_STATEMENT) await flush();
      if (copied % 100_000 === 0 && rows === 0 && copied > 0) ctx.log(`  postgres: ${copied.toLocaleString('en-US')} residents copied`);
    }
    await flush();
    await client.query('commit');
    ctx.log(`  postgres: rebuilding ${indexes.length} indexes, vacuum analyze`);
    for (const ix of indexes) await client.query(ix.indexdef);
    // Autovacuum would vacuum (visibility map: index-only scans) and analyze a table this size soon after the load; do it now.
    await client.query('vacuum analyze residents');
  } finally {
    await client.end();
    sqlite.close();
  }
  return { url: url.toString(), seconds: (performance.now() - started) / 1000 };
}
