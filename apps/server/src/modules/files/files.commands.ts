import type { Kysely, Transaction } from 'kysely';
import type { Readable } from 'node:stream';
import { sniffFileType, type FileRef } from '@lingyan/shared';
import type { AppContext } from '../../platform/context.ts';
import type { AuditContext } from '../../platform/audit/audit.ts';
import type { DB, FilesTable } from '../../platform/db/schema.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { newStorageName, removeStored, storeStream } from './files.store.ts';

export type Upload = { fileName: string; stream: Readable & { truncated?: boolean } };

/** The name shown for an upload: the client's base name, without control characters, bounded. */
function displayName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const clean = base.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return (clean || 'file').slice(0, 200);
}

export const presentFile = (f: Pick<FilesTable, 'id' | 'name' | 'content_type' | 'size'>): FileRef => ({
  id: f.id,
  name: f.name,
  contentType: f.content_type,
  size: Number(f.size),
});

/**
 * Stores an upload under a random name and records it, unattached: a photo or PDF judged by its
 * first bytes, no larger than the `files.upload` setting. What is refused leaves nothing behind.
 */
export async function uploadFile(ctx: AppContext, audit: AuditContext, actor: Actor, upload: Upload | undefined, maxFileMb: number): Promise<FileRef> {
  if (!upload) throw new AppError('FILE_MISSING');
  const storageName = newStorageName();
  let row: FilesTable;
  try {
    let stored;
    try {
      stored = await storeStream(ctx, storageName, upload.stream);
    } catch (err) {
      if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw new AppError('FILE_TOO_LARGE', { maxMb: maxFileMb });
      throw err;
    }
    if (upload.stream.truncated) throw new AppError('FILE_TOO_LARGE', { maxMb: maxFileMb });
    if (stored.size === 0) throw new AppError('FILE_EMPTY');
    const contentType = sniffFileType(stored.head);
    if (!contentType) throw new AppError('FILE_TYPE_NOT_ALLOWED');
    row = {
      id: newId(),
      storage_name: storageName,
      name: displayName(upload.fileName),
      content_type: contentType,
      size: stored.size,
      sha256: stored.sha256,
      uploaded_by: actor.userId,
      uploaded_at: ctx.clock.now().toISOString(),
      record_type: null,
      record_id: null,
      record_org_path: null,
    };
    await ctx.db.transaction().execute(async (trx) => {
      await trx.insertInto('files').values(row).execute();
      await ctx.audit(trx, audit, {
        action: 'file.upload',
        targetType: 'file',
        targetId: row.id,
        details: { contentType, size: stored.size },
      });
    });
  } catch (err) {
    removeStored(ctx, storageName);
    throw err;
  }
  return presentFile(row);
}

/**
 * Attaches the actor's own unattached uploads to a record, inside the caller's transaction. A file
 * that is unknown or someone else's is FILE_NOT_FOUND; one already attached is FILE_ALREADY_ATTACHED.
 * From then on the record's org path decides who may download it.
 */
export async function attachFiles(
  db: Kysely<DB> | Transaction<DB>,
  actor: Actor,
  fileIds: string[],
  to: { type: string; id: string; orgPath: string },
): Promise<void> {
  const ids = [...new Set(fileIds)];
  if (ids.length === 0) return;
  const rows = await db.selectFrom('files').select(['id', 'uploaded_by', 'record_id']).where('id', 'in', ids).execute();
  for (const id of ids) {
    const row = rows.find((r) => r.id === id);
    if (!row || row.uploaded_by !== actor.userId) throw new AppError('FILE_NOT_FOUND', {}, { id });
    if (row.record_id !== null) throw new AppError('FILE_ALREADY_ATTACHED', {}, { id });
  }
  const result = await db
    .updateTable('files')
    .set({ record_type: to.type, record_id: to.id, record_org_path: to.orgPath })
    .where('id', 'in', ids)
    .where('uploaded_by', '=', actor.userId)
    .where('record_id', 'is', null)
    .executeTakeFirst();
  // Another request attached one of them in between.
  if (Number(result.numUpdatedRows) !== ids.length) throw new AppError('FILE_ALREADY_ATTACHED');
}

/** The files attached to each of the records, oldest first; records without files are absent from the map. */
export async function filesOf(db: Kysely<DB> | Transaction<DB>, type: string, ids: string[]): Promise<Map<string, FileRef[]>> {
  const out = new Map<string, FileRef[]>();
  if (ids.length === 0) return out;
  const rows = await db
    .selectFrom('files')
    .select(['id', 'name', 'content_type', 'size', 'record_id'])
    .where('record_type', '=', type)
    .where('record_id', 'in', [...new Set(ids)])
    .orderBy('uploaded_at')
    .orderBy('id')
    .execute();
  for (const r of rows) {
    const list = out.get(r.record_id!) ?? [];
    list.push(presentFile(r));
    out.set(r.record_id!, list);
  }
  return out;
}
