import type { Kysely } from 'kysely';
import { translate, type ImportRowError, type ImportStatus, type Locale } from '@lingyan/shared';
import type { DB, ImportsTable } from '../../platform/db/schema.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { inScope } from '../../platform/policy/scope.ts';
import { abilitiesOf } from '../../platform/policy/policy.ts';
import { importAbilities } from './imports.policy.ts';

/** At most this many problems are kept with an import; all are counted. */
export const MAX_STORED_ERRORS = 1000;

/** Why an import failed: a catalog key (importFile.*) and its parameters, kept as JSON in `failure`. */
export type Failure = { reason: string; params?: Record<string, string | number> };

/** An import the actor may see: their own, or one at a node where they hold registry:import. Else undefined (a 404). */
export async function findImport(db: Kysely<DB>, actor: Actor, id: string): Promise<ImportsTable | undefined> {
  return db
    .selectFrom('imports')
    .selectAll()
    .where('id', '=', id)
    .where((eb) => eb.or([eb('created_by', '=', actor.userId), inScope(eb, 'org_path', actor, 'registry:import')]))
    .executeTakeFirst();
}

/** The caller's own recent imports, newest first. */
export async function listOwnImports(db: Kysely<DB>, actor: Actor, limit = 20): Promise<ImportsTable[]> {
  return db.selectFrom('imports').selectAll().where('created_by', '=', actor.userId).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
}

export async function setProgress(db: Kysely<DB>, id: string, checkedRows: number, totalRows: number | null): Promise<void> {
  await db
    .updateTable('imports')
    .set({ checked_rows: checkedRows, ...(totalRows !== null ? { total_rows: totalRows } : {}) })
    .where('id', '=', id)
    .execute();
}

export async function markFailed(db: Kysely<DB>, id: string, now: string, failure: Failure): Promise<void> {
  await db
    .updateTable('imports')
    .set({ status: 'failed', failure: JSON.stringify(failure), finished_at: now })
    .where('id', '=', id)
    // A committed import keeps its rows and its state, whoever asks to fail it.
    .where('status', '!=', 'committed')
    .execute();
}

/**
 * On start, an import still `checking` or `committing` was cut off by a stop or crash: its
 * transaction (if any) never committed, so it is marked failed. Returns the ids marked.
 */
export async function failInterruptedImports(db: Kysely<DB>, now: string): Promise<string[]> {
  const rows = await db.selectFrom('imports').select('id').where('status', 'in', ['checking', 'committing']).execute();
  if (rows.length === 0) return [];
  await db
    .updateTable('imports')
    .set({ status: 'failed', failure: JSON.stringify({ reason: 'importFile.interrupted' } satisfies Failure), finished_at: now })
    .where('status', 'in', ['checking', 'committing'])
    .where(
      'id',
      'in',
      rows.map((r) => r.id),
    )
    .execute();
  return rows.map((r) => r.id);
}

function failureOf(row: ImportsTable, locale: Locale) {
  if (!row.failure) return null;
  const f = JSON.parse(row.failure) as Failure;
  return { reason: f.reason.replace(/^importFile\./, ''), message: translate(locale, f.reason, f.params) };
}

export function presentImportSummary(actor: Actor, row: ImportsTable, locale: Locale) {
  return {
    id: row.id,
    kind: row.kind,
    status: row.status as ImportStatus,
    fileName: row.file_name,
    totalRows: row.total_rows > 0 || row.status !== 'checking' ? Number(row.total_rows) : null,
    checkedRows: Number(row.checked_rows),
    errorCount: Number(row.error_count),
    committedRows: Number(row.committed_rows),
    failure: failureOf(row, locale),
    createdAt: row.created_at,
    finishedAt: row.finished_at,
    abilities: abilitiesOf(importAbilities, actor, row),
  };
}

export function presentImport(actor: Actor, row: ImportsTable, locale: Locale) {
  return { ...presentImportSummary(actor, row, locale), errors: row.errors ? (JSON.parse(row.errors) as ImportRowError[]) : [] };
}
