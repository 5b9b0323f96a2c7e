// The floor under any resident import: raw better-sqlite3 inserts into the app's real schema.
import path from 'node:path';
import { migrateToLatest, openDatabase } from '../../apps/server/src/platform/db/database.ts';
import { openWalDatabase } from '../lib/sqlite.ts';
import type { Workload } from '../lib/types.ts';

/** A small seeded generator (mulberry32): keys as random as HMACs and UUIDs, without their cost. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const registryInsert: Workload = {
  name: 'registry-insert',
  description:
    "Raw better-sqlite3 into the app's own schema (all migrations, every index of `residents`, foreign keys on, 64 MiB page " +
    'cache as the app sets it): 200,000 residents (20,000 with --quick) with values as wide as the stored ones (ciphertexts, ' +
    'blind indexes, pinyin) and random index keys, plus one history row each, in one transaction of multi-row INSERTs. ' +
    'No checking, encryption or JSON: the ceiling for the import through this schema on this machine.',
  baseline: 'sqlite-insert',
  postgresGap: 'it is the SQLite floor under an import by definition (raw better-sqlite3 into the app schema).',
  timeoutMs: 300_000,
  async run(ctx) {
    const count = ctx.scale(200_000, 20_000);
    const file = path.join(ctx.tmpDir, 'registry.sqlite');
    const handle = openDatabase({ sqliteFile: file } as Parameters<typeof openDatabase>[0]);
    await migrateToLatest(handle.db);
    await handle.close();
    const db = openWalDatabase(ctx.rootDir, file);
    ctx.defer(() => void db.close());
    db.pragma('foreign_keys = ON');
    db.pragma('cache_size = -65536');
    db.exec(
      "insert into org_nodes (id, code, name, kind, parent_id, path, depth, sort_order, created_at) values ('g', 'g', 'g', 'grid', null, '/g/', 0, 0, 'x')",
    );
    const columnsOf = (table: string) => (db.prepare(`select name from pragma_table_info('${table}')`).all() as { name: string }[]).map((c) => c.name);
    const cols = columnsOf('residents');
    const hcols = columnsOf('resident_history');
    const perStatement = Math.floor(30_000 / cols.length);
    const statement = (table: string, c: string[]) =>
      db.prepare(`insert into ${table} (${c.join(',')}) values ${Array.from({ length: perStatement }, () => `(${c.map(() => '?').join(',')})`).join(',')}`);
    const insertResidents = statement('residents', cols);
    const insertHistory = statement('resident_history', hcols);
    const r = rng(20261126);
    const key = (len: number) => {
      let s = '';
      while (s.length < len) s += Math.floor(r() * 2 ** 52).toString(36);
      return s.slice(0, len);
    };
    const value = (c: string, id: string, seq: number): string | null => {
      if (c === 'id') return id;
      if (c === 'grid_id') return 'g';
      if (c === 'org_path') return '/g/';
      if (c === 'status') return 'living';
      if (c === 'registration_type') return 'local';
      if (c.endsWith('_at')) return '2026-11-26T02:00:00.000Z';
      if (c.endsWith('_enc')) return `v1.aes256gcm.${key(16)}.${key(24)}.${key(22)}`;
      if (c.endsWith('_idx')) return key(43);
      if (c === 'name_pinyin') return key(10);
      if (c === 'name_initials') return key(3);
      if (c === 'name') return key(3);
      if (c === 'id_last4') return key(4);
      if (c.endsWith('_masked')) return `6542**********${seq % 10_000}`;
      return null;
    };
    // Values are generated before the clock starts: this times SQLite, not the generator.
    const batches: { residents: (string | null)[]; history: (string | null)[] }[] = [];
    let seq = 0;
    for (let i = 0; i < count; i += perStatement) {
      const residents: (string | null)[] = [];
      const history: (string | null)[] = [];
      for (let j = 0; j < perStatement; j++, seq++) {
        // Time-ordered ids, as newId() makes them.
        const id = `${String(seq).padStart(12, '0')}-${key(20)}`;
        for (const c of cols) residents.push(value(c, id, seq));
        for (const c of hcols) history.push(c === 'id' ? `h${id}` : c === 'resident_id' ? id : c === 'fields' ? '[]' : 'x');
      }
      batches.push({ residents, history });
    }
    ctx.log(`registry-insert: ${seq.toLocaleString('en-US')} rows`);
    const started = process.hrtime.bigint();
    db.transaction(() => {
      for (const b of batches) {
        insertResidents.run(b.residents);
        insertHistory.run(b.history);
      }
    })();
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    return { rowsPerSec: seq / seconds, rows: seq };
  },
};
