// Baseline: raw better-sqlite3 bulk insert, the ceiling for any import through the app's data layer.
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { openWalDatabase } from '../lib/sqlite.ts';
import type { Workload } from '../lib/types.ts';

type ResidentRow = [id: string, name: string, phone: string, building: number, unit: number, room: string, bornYear: number, createdAt: string];

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴'];
const GIVEN = ['伟', '芳', '娜', '秀英', '敏', '静', '丽', '强', '磊', '洋', '艳', '勇'];

// Rows are generated before the clock starts: we time SQLite, not the data generator.
function makeRows(count: number): ResidentRow[] {
  const createdAt = new Date().toISOString();
  return Array.from({ length: count }, (_, i): ResidentRow => [
    randomUUID(),
    `${SURNAMES[i % SURNAMES.length]}${GIVEN[(i * 7) % GIVEN.length]}`,
    `13${String(800_000_000 + i).padStart(9, '0')}`,
    1 + (i % 40),
    1 + (i % 6),
    `${1 + (i % 33)}0${1 + (i % 4)}`,
    1930 + (i % 90),
    createdAt,
  ]);
}

export const sqliteInsert: Workload = {
  name: 'sqlite-insert',
  description:
    'Raw better-sqlite3: 200,000 resident-like rows (20,000 with --quick), UUID text primary key, ' +
    'into a temp-file database (WAL, synchronous=NORMAL), one transaction, one prepared statement.',
  async run(ctx) {
    const count = ctx.scale(200_000, 20_000);
    const rows = makeRows(count);
    const db = openWalDatabase(ctx.rootDir, path.join(ctx.tmpDir, 'insert.db'));
    ctx.defer(() => void db.close());
    db.exec(`CREATE TABLE resident (
      id TEXT PRIMARY KEY, name TEXT NOT NULL, phone TEXT NOT NULL, building INTEGER NOT NULL,
      unit INTEGER NOT NULL, room TEXT NOT NULL, born_year INTEGER NOT NULL, created_at TEXT NOT NULL)`);
    const insert = db.prepare('INSERT INTO resident VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    const insertAll = db.transaction((batch: readonly ResidentRow[]) => {
      for (const row of batch) insert.run(row);
    });
    ctx.log(`sqlite-insert: ${count.toLocaleString('en-US')} rows`);
    const started = process.hrtime.bigint();
    insertAll(rows);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const stored = (db.prepare('SELECT count(*) AS n FROM resident').get() as { n: number }).n;
    if (stored !== count) throw new Error(`expected ${count} rows, found ${stored}`);
    return { rowsPerSec: count / seconds, rows: count };
  },
};
