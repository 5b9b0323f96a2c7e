import type { AppContext } from '../../platform/context.ts';
import type { Job } from '../../platform/jobs.ts';
import fs from 'node:fs';
import path from 'node:path';
import { filesDir, removeStored } from './files.store.ts';

const SYSTEM = { actorId: null, actorName: 'system', requestId: null, ip: null };

/**
 * Uploads never attached to a record (a form abandoned after its photo was taken) are removed,
 * row and bytes, once older than the `files.unattached` setting. Returns how many went.
 */
export async function purgeUnattachedFiles(ctx: AppContext, batch = 500): Promise<number> {
  const { keepHours } = await ctx.settings.get('files.unattached');
  const before = new Date(ctx.clock.now().getTime() - keepHours * 3_600_000).toISOString();
  let removed = 0;
  for (;;) {
    const rows = await ctx.db
      .selectFrom('files')
      .select(['id', 'storage_name'])
      .where('record_id', 'is', null)
      .where('uploaded_at', '<', before)
      .orderBy('uploaded_at')
      .limit(batch)
      .execute();
    if (rows.length === 0) break;
    const ids = rows.map((r) => r.id);
    await ctx.db.transaction().execute(async (trx) => {
      // Only those still unattached: one may have been attached since the select.
      await trx.deleteFrom('files').where('id', 'in', ids).where('record_id', 'is', null).execute();
      await ctx.audit(trx, SYSTEM, { action: 'file.purge-unattached', targetType: 'file', details: { count: ids.length, olderThan: before } });
    });
    const still = new Set((await ctx.db.selectFrom('files').select('id').where('id', 'in', ids).execute()).map((r) => r.id));
    for (const r of rows) if (!still.has(r.id)) removeStored(ctx, r.storage_name);
    removed += rows.length - still.size;
    if (rows.length < batch) break;
  }
  return removed;
}

/**
 * Bytes on disk with no row: an upload cut off by a crash (the bytes were written, the row never
 * committed). Removed once older than the `files.unattached` setting, so that an upload still
 * being written is never touched. Returns how many went.
 */
export async function sweepOrphanFiles(ctx: AppContext): Promise<number> {
  const root = filesDir(ctx);
  if (!fs.existsSync(root)) return 0;
  const { keepHours } = await ctx.settings.get('files.unattached');
  const cutoff = ctx.clock.now().getTime() - keepHours * 3_600_000;
  let removed = 0;
  for (const dir of fs.readdirSync(root)) {
    if (!/^[0-9a-f]{2}$/.test(dir)) continue;
    const old = fs
      .readdirSync(path.join(root, dir))
      .filter((name) => /^[0-9a-f]{32}$/.test(name) && fs.statSync(path.join(root, dir, name)).mtimeMs < cutoff)
      .map((name) => `${dir}/${name}`);
    for (let i = 0; i < old.length; i += 500) {
      const part = old.slice(i, i + 500);
      const known = new Set((await ctx.db.selectFrom('files').select('storage_name').where('storage_name', 'in', part).execute()).map((r) => r.storage_name));
      for (const name of part)
        if (!known.has(name)) {
          removeStored(ctx, name);
          removed++;
        }
    }
  }
  return removed;
}

export function fileJobs(ctx: AppContext): Job[] {
  return [
    { name: 'purge-unattached-files', everyMs: 60 * 60_000, run: async () => void (await purgeUnattachedFiles(ctx)) },
    { name: 'sweep-orphan-files', everyMs: 6 * 60 * 60_000, run: async () => void (await sweepOrphanFiles(ctx)) },
  ];
}
