import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { AppContext } from '../../platform/context.ts';
import type { Job } from '../../platform/jobs.ts';
import { failInterruptedImports, markFailed } from './imports.repo.ts';

/**
 * Where an import's files live: `<dataDir>/imports/<import id>/`, outside the web root. The
 * upload gets a random name (never the client's); the checked rows are staged beside it. The
 * folder is removed when the import is committed or fails, and by the job below after a day.
 */
export function importsRoot(ctx: AppContext): string {
  return path.join(ctx.config.dataDir, 'imports');
}

export function importDir(ctx: AppContext, id: string): string {
  if (!/^[0-9a-f-]{36}$/.test(id)) throw new Error('bad import id');
  return path.join(importsRoot(ctx), id);
}

export function newUploadPath(ctx: AppContext, id: string): string {
  const dir = importDir(ctx, id);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  return path.join(dir, `upload-${randomBytes(12).toString('hex')}`);
}

export const stagedRowsPath = (ctx: AppContext, id: string) => path.join(importDir(ctx, id), 'rows.ndjson');
export const planPath = (ctx: AppContext, id: string) => path.join(importDir(ctx, id), 'plan.json');

export function removeImportFiles(ctx: AppContext, id: string): void {
  fs.rmSync(importDir(ctx, id), { recursive: true, force: true });
}

const DAY_MS = 86_400_000;

/**
 * Removes the folders of finished imports (and of ones whose row is gone), and expires a checked
 * import left uncommitted for a day.
 */
export async function purgeImportFiles(ctx: AppContext): Promise<number> {
  const root = importsRoot(ctx);
  if (!fs.existsSync(root)) return 0;
  const now = ctx.clock.now();
  const cutoff = new Date(now.getTime() - DAY_MS).toISOString();
  let removed = 0;
  for (const id of fs.readdirSync(root)) {
    if (!/^[0-9a-f-]{36}$/.test(id)) continue;
    const row = await ctx.db.selectFrom('imports').select(['status', 'created_at']).where('id', '=', id).executeTakeFirst();
    const stale = row && row.created_at < cutoff;
    if (stale && row.status !== 'committed' && row.status !== 'failed') await markFailed(ctx.db, id, now.toISOString(), { reason: 'importFile.expired' });
    if (!row || row.status === 'committed' || row.status === 'failed' || stale) {
      removeImportFiles(ctx, id);
      removed++;
    }
  }
  return removed;
}

/**
 * For main.ts, once the database is open and before listening: imports cut off by the last stop
 * (still `checking` or `committing`) are marked failed, and files nobody needs are removed.
 * (With several server processes on one database, call it only where no other is running imports.)
 */
export async function recoverImports(ctx: AppContext): Promise<string[]> {
  const failed = await failInterruptedImports(ctx.db, ctx.clock.now().toISOString());
  await purgeImportFiles(ctx);
  return failed;
}

/** The module's background job; main.ts starts it with the platform's. */
export function importJobs(ctx: AppContext): Job[] {
  return [{ name: 'purge-import-files', everyMs: 60 * 60_000, run: async () => void (await purgeImportFiles(ctx)) }];
}
