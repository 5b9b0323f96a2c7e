// After the last restart: the database is sound, the audit chain holds, every acknowledged write is there, no import is half-applied.
import { sql } from 'kysely';
import { loadConfig } from '../../platform/config.ts';
import { openRuntime } from '../../platform/runtime.ts';
import { verifyAuditChain } from '../../platform/audit/audit.ts';
import type { Ledger } from './writers.ts';

export type Verdict = {
  integrity: string;
  audit: { ok: boolean; rows: number; reason?: string };
  missing: { requests: string[]; checks: string[]; imports: string[] };
  /** Imports whose rows in `residents` do not match their state (committed: all; otherwise none). */
  halfApplied: { id: string; status: string; expected: number; found: number }[];
  imports: Record<string, number>;
  importedRows: number;
  problems: string[];
};

const chunks = <T>(xs: T[], n = 500): T[][] => Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, i * n + n));

/** Opens the data with the server's own runtime (the server must be stopped on SQLite) and checks everything. */
export async function verify(dataDir: string, databaseUrl: string | null, ledger: Ledger): Promise<Verdict> {
  const env: NodeJS.ProcessEnv = { LINGYAN_DATA_DIR: dataDir, ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) };
  const rt = await openRuntime(loadConfig(env));
  try {
    const db = rt.ctx.db;
    let integrity = 'ok (PostgreSQL: no file-level check; WAL recovery is the server’s)';
    if (rt.ctx.engine === 'sqlite') {
      const rows = await sql<{ integrity_check: string }>`PRAGMA integrity_check`.execute(db);
      integrity = rows.rows.map((r) => r.integrity_check).join('; ');
    }
    const audit = await verifyAuditChain(db, rt.ctx.crypto);
    const present = async (table: 'service_requests' | 'star_checks' | 'imports', ids: string[]) => {
      const found = new Set<string>();
      for (const part of chunks(ids)) for (const r of await db.selectFrom(table).select('id').where('id', 'in', part).execute()) found.add(r.id);
      return ids.filter((id) => !found.has(id));
    };
    const missing = {
      requests: await present(
        'service_requests',
        ledger.requests.map((r) => r.id),
      ),
      checks: await present(
        'star_checks',
        ledger.checks.map((c) => c.id),
      ),
      imports: [] as string[],
    };
    // Request numbers are the ones the client was given.
    const numbers = new Map<string, string>();
    for (const part of chunks(ledger.requests.map((r) => r.id)))
      for (const r of await db.selectFrom('service_requests').select(['id', 'number']).where('id', 'in', part).execute()) numbers.set(r.id, r.number);
    const problems: string[] = [];
    for (const r of ledger.requests)
      if (numbers.has(r.id) && numbers.get(r.id) !== r.number) problems.push(`request ${r.id} number ${numbers.get(r.id)} ≠ ${r.number}`);

    const imports = await db.selectFrom('imports').select(['id', 'status', 'total_rows', 'committed_rows']).execute();
    const counts = new Map(
      (
        await db
          .selectFrom('residents')
          .select(['import_id', (eb) => eb.fn.countAll<number>().as('n')])
          .where('import_id', 'is not', null)
          .groupBy('import_id')
          .execute()
      ).map((r) => [r.import_id!, Number(r.n)]),
    );
    const halfApplied: Verdict['halfApplied'] = [];
    const byStatus: Record<string, number> = {};
    let importedRows = 0;
    for (const i of imports) {
      byStatus[i.status] = (byStatus[i.status] ?? 0) + 1;
      const found = counts.get(i.id) ?? 0;
      const expected = i.status === 'committed' ? Number(i.total_rows) : 0;
      if (found !== expected || (i.status === 'committed' && Number(i.committed_rows) !== found))
        halfApplied.push({ id: i.id, status: i.status, expected, found });
      if (i.status === 'committed') importedRows += found;
      // A stopped server leaves nothing in flight: recovery marks it failed at the next start.
      if (i.status === 'checking' || i.status === 'committing') problems.push(`import ${i.id} left ${i.status}`);
    }
    const committed = new Map(imports.filter((i) => i.status === 'committed').map((i) => [i.id, Number(i.total_rows)]));
    for (const i of ledger.imports) if (committed.get(i.id) !== i.rows) missing.imports.push(i.id);
    for (const id of counts.keys()) if (!imports.some((i) => i.id === id)) problems.push(`residents of unknown import ${id}`);
    return {
      integrity,
      audit: { ok: audit.ok, rows: audit.rows, ...(audit.ok ? {} : { reason: `${audit.brokenAt}: ${audit.reason}` }) },
      missing,
      halfApplied,
      imports: byStatus,
      importedRows,
      problems,
    };
  } finally {
    await rt.close();
  }
}
