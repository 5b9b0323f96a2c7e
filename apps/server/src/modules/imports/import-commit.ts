import fs from 'node:fs';
import readline from 'node:readline';
import { CompiledQuery, type Transaction } from 'kysely';
import type { ImportRowError } from '@lingyan/shared';
import type { AppContext } from '../../platform/context.ts';
import type { AuditContext } from '../../platform/audit/audit.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import type { DB, ImportsTable } from '../../platform/db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { retryWhileUnavailable } from '../../platform/db/unavailable.ts';
import { authorizeAbility, can } from '../../platform/policy/policy.ts';
import { IDX_COLUMN, STAGED_COLUMNS, type Log, type Plan, type StagedValue } from './import-check.ts';
import { householdsForHomes } from './households-batch.ts';
import { planPath, removeImportFiles, stagedRowsPath } from './import-files.ts';
import { importAbilities } from './imports.policy.ts';
import { markFailed, MAX_STORED_ERRORS } from './imports.repo.ts';

/**
 * The commit: every staged row inserted in ONE transaction — households, residents (in
 * multi-row statements), their tags and history, one audit row — or nothing at all. It runs in
 * the background; the import's status says where it is.
 */

/** Staged rows inserted together (one duplicate re-check, one INSERT per table). */
const BATCH = 500;
const RESIDENT_COLUMNS = [...STAGED_COLUMNS, 'household_id', 'status', 'import_id', 'created_at', 'updated_at'] as const;
const HISTORY_COLUMNS = ['id', 'resident_id', 'at', 'actor_id', 'actor_name', 'action', 'fields', 'note'] as const;
const TAG_COLUMNS = ['resident_id', 'tag'] as const;

/** Rows already inserted by commits still running in this process (for progress). */
const live = new Map<string, number>();
export const commitProgress = (id: string): number | undefined => live.get(id);

class DuplicatesAtCommit extends Error {
  constructor(
    readonly errors: ImportRowError[],
    readonly count: number,
  ) {
    super('duplicates at commit');
  }
}

/** Checks that the import may be committed by this actor, claims it, and starts the commit. */
export async function startCommit(ctx: AppContext, audit: AuditContext, actor: Actor, row: ImportsTable, log: Log): Promise<void> {
  if (row.created_by !== actor.userId) throw new AppError('FORBIDDEN');
  if (row.status !== 'checked') throw new AppError('IMPORT_NOT_READY');
  if (Number(row.error_count) > 0) throw new AppError('IMPORT_HAS_ERRORS', { count: Number(row.error_count) }, { count: Number(row.error_count) });
  authorizeAbility(importAbilities, 'commit', actor, row);
  let plan: Plan;
  try {
    plan = JSON.parse(fs.readFileSync(planPath(ctx, row.id), 'utf8')) as Plan;
  } catch {
    await markFailed(ctx.db, row.id, ctx.clock.now().toISOString(), { reason: 'importFile.expired' });
    throw new AppError('IMPORT_NOT_READY');
  }
  // The importer must still hold registry:import wherever the rows go.
  if (!plan.gridPaths.every((p) => can(actor, 'registry:import', p))) throw new AppError('FORBIDDEN');
  const claimed = await ctx.db.updateTable('imports').set({ status: 'committing' }).where('id', '=', row.id).where('status', '=', 'checked').executeTakeFirst();
  if (Number(claimed.numUpdatedRows) !== 1) throw new AppError('IMPORT_NOT_READY');
  live.set(row.id, 0);
  void runCommit(ctx, audit, row, plan, log);
}

async function runCommit(ctx: AppContext, audit: AuditContext, row: ImportsTable, plan: Plan, log: Log): Promise<void> {
  const now = ctx.clock.now().toISOString();
  try {
    await ctx.db.transaction().execute((trx) => insertAll(ctx, trx, audit, row, plan, now));
  } catch (err) {
    const duplicates = err instanceof DuplicatesAtCommit;
    if (!duplicates) log.error({ err: { message: (err as Error).message, code: (err as { code?: string }).code } }, 'import commit failed');
    // The files go first, then the new state and its audit row land together: whoever sees the import failed sees all of it.
    removeImportFiles(ctx, row.id);
    // While the database restarts, the outcome is written once it is back (else the import stays `committing`).
    await retryWhileUnavailable(() =>
      ctx.db.transaction().execute(async (trx) => {
        // A connection cut during COMMIT may hide a commit that landed: then there is nothing to undo.
        const current = await trx.selectFrom('imports').select('status').where('id', '=', row.id).executeTakeFirst();
        if (current?.status !== 'committing') return;
        if (duplicates) {
          // Someone registered some of these people since the check: back to `checked`, with the rows named.
          await trx
            .updateTable('imports')
            .set({ status: 'checked', error_count: err.count, errors: JSON.stringify(err.errors) })
            .where('id', '=', row.id)
            .execute();
        } else {
          await markFailed(trx, row.id, ctx.clock.now().toISOString(), { reason: 'importFile.commit-failed' });
        }
        await ctx.audit(trx, audit, {
          action: 'resident.import',
          outcome: 'failure',
          targetType: 'import',
          targetId: row.id,
          orgId: row.org_id,
          details: { importId: row.id, rows: plan.rows, reason: duplicates ? 'duplicates' : 'commit-failed' },
        });
      }),
    ).catch(() => undefined);
  } finally {
    live.delete(row.id);
    removeImportFiles(ctx, row.id);
  }
}

async function insertAll(ctx: AppContext, trx: Transaction<DB>, audit: AuditContext, row: ImportsTable, plan: Plan, now: string): Promise<number> {
  const households = await householdsForHomes(
    trx,
    now,
    Object.entries(plan.homes).map(([homeId, h]) => ({ homeId, orgPath: h.orgPath, registrationType: h.registrationType, headResidentId: h.head })),
  );
  const insert = bulkInserter(trx);
  const note = `批量导入 ${row.id}`;
  const duplicates: ImportRowError[] = [];
  let duplicateCount = 0;
  let inserted = 0;
  let batch: unknown[][] = [];

  const flush = async () => {
    if (batch.length === 0) return;
    const idxs = batch.map((v) => v[IDX_COLUMN] as string | null).filter((x): x is string => x !== null);
    const taken = new Set(
      idxs.length ? (await trx.selectFrom('residents').select('id_number_idx').where('id_number_idx', 'in', idxs).execute()).map((r) => r.id_number_idx) : [],
    );
    if (taken.size) {
      for (const v of batch)
        if (taken.has(v[IDX_COLUMN] as string)) {
          duplicateCount++;
          if (duplicates.length < MAX_STORED_ERRORS)
            duplicates.push({ row: v[0] as number, column: '公民身份号码', code: 'DUPLICATE_IN_DATABASE', message: '该公民身份号码已登记在系统中' });
        }
    }
    if (duplicateCount === 0) {
      const residents: unknown[] = [];
      const history: unknown[] = [];
      const tags: unknown[] = [];
      for (const v of batch) {
        const id = v[1] as string;
        const homeId = v[4] as string | null;
        for (let i = 1; i <= STAGED_COLUMNS.length; i++) residents.push(v[i]);
        residents.push(homeId && v[5] ? (households.get(homeId) ?? null) : null, 'living', row.id, now, now);
        history.push(newId(), id, now, audit.actorId, audit.actorName, 'import', '[]', note);
        for (const tag of v[1 + STAGED_COLUMNS.length] as string[]) tags.push(id, tag);
      }
      await insert('residents', RESIDENT_COLUMNS, residents);
      await insert('resident_tags', TAG_COLUMNS, tags);
      await insert('resident_history', HISTORY_COLUMNS, history);
      inserted += batch.length;
      live.set(row.id, inserted);
    }
    batch = [];
  };

  const lines = readline.createInterface({ input: fs.createReadStream(stagedRowsPath(ctx, row.id), { highWaterMark: 1024 * 1024 }), crlfDelay: Infinity });
  for await (const line of lines) {
    if (!line) continue;
    batch.push(JSON.parse(line) as unknown[]);
    if (batch.length >= BATCH) await flush();
  }
  await flush();
  if (duplicateCount > 0) throw new DuplicatesAtCommit(duplicates, duplicateCount);
  if (inserted !== plan.rows) throw new Error(`staged ${inserted} rows, expected ${plan.rows}`);
  await ctx.audit(trx, audit, {
    action: 'resident.import',
    targetType: 'import',
    targetId: row.id,
    orgId: row.org_id,
    details: { importId: row.id, rows: inserted },
  });
  await trx.updateTable('imports').set({ status: 'committed', committed_rows: inserted, finished_at: now }).where('id', '=', row.id).execute();
  return inserted;
}

/**
 * Multi-row INSERTs whose SQL is compiled by Kysely once per (table, row count) and then run with
 * each batch's values: building the query tree for 16,000 values a batch costs more than the insert.
 * `values` is the rows' values one after another, in `columns` order.
 */
function bulkInserter(trx: Transaction<DB>) {
  const compiled = new Map<string, string>();
  return async (table: 'residents' | 'resident_tags' | 'resident_history', columns: readonly string[], values: unknown[]) => {
    // Within SQLite's 32,766 bound parameters (and PostgreSQL's 65,535).
    const perStatement = Math.min(1000, Math.floor(30_000 / columns.length)) * columns.length;
    for (let i = 0; i < values.length; i += perStatement) {
      const chunk = values.length <= perStatement ? values : values.slice(i, i + perStatement);
      const rows = chunk.length / columns.length;
      const key = `${table}:${rows}`;
      let text = compiled.get(key);
      if (!text) {
        // Placeholder values ('' is always a bound parameter) fix the statement's shape.
        const template = Array.from({ length: rows }, () => Object.fromEntries(columns.map((c) => [c, ''])));
        const query = trx
          .insertInto(table)
          .values(template as never)
          .compile();
        if (query.parameters.length !== chunk.length) throw new Error('unexpected insert shape');
        text = query.sql;
        compiled.set(key, text);
      }
      await trx.executeQuery(CompiledQuery.raw(text, chunk as StagedValue[]));
    }
  };
}
