import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import { idsOfPath } from '@lingyan/shared';
import type { AppContext } from '../../platform/context.ts';
import type { AuditContext } from '../../platform/audit/audit.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { scopePaths } from '../../platform/policy/policy.ts';
import { countLines, SpreadsheetError, sniffFile, type FileKind } from './spreadsheet.ts';
import { openXlsx } from './xlsx-reader.ts';
import { newUploadPath, removeImportFiles } from './import-files.ts';
import { runCheck, type Log } from './import-check.ts';

export type Upload = { fileName: string; stream: Readable & { truncated?: boolean } };

const MB = 1024 * 1024;

/** The name shown for an upload: the client's base name, without control characters, bounded. */
function displayName(name: string): string {
  const base = name.split(/[/\\]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const clean = base.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return (clean || 'upload').slice(0, 200);
}

/**
 * Receives a resident file: stores it under a random name, refuses what is not an .xlsx or CSV
 * or is too big, records the import (status `checking`) and starts the check in the background.
 */
export async function createResidentImport(ctx: AppContext, audit: AuditContext, actor: Actor, upload: Upload | undefined, log: Log): Promise<string> {
  if (!upload) throw new AppError('IMPORT_FILE_INVALID', { reason: 'importFile.no-file' });
  const { maxRows, maxFileMb } = await ctx.settings.get('registry.import');
  const id = newId();
  const dest = newUploadPath(ctx, id);
  try {
    try {
      await pipeline(upload.stream, fs.createWriteStream(dest, { mode: 0o600 }));
    } catch (err) {
      if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw new AppError('IMPORT_FILE_TOO_LARGE', { maxMb: maxFileMb });
      throw err;
    }
    if (upload.stream.truncated) throw new AppError('IMPORT_FILE_TOO_LARGE', { maxMb: maxFileMb });
    const { kind, totalRows } = await inspect(dest);
    if (totalRows !== null && totalRows > maxRows) throw new AppError('IMPORT_TOO_MANY_ROWS', { max: maxRows }, { max: maxRows });
    const scope = scopePaths(actor, 'registry:import');
    const top = scope[0];
    if (!top) throw new AppError('FORBIDDEN');
    const orgId = idsOfPath(top).at(-1)!;
    const now = ctx.clock.now().toISOString();
    await ctx.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('imports')
        .values({
          id,
          kind: 'residents',
          status: 'checking',
          file_name: displayName(upload.fileName),
          org_id: orgId,
          org_path: top,
          created_by: actor.userId,
          created_at: now,
          total_rows: totalRows ?? 0,
          checked_rows: 0,
          error_count: 0,
          errors: null,
          committed_rows: 0,
          finished_at: null,
          failure: null,
        })
        .execute();
      const bytes = fs.statSync(dest).size;
      await ctx.audit(trx, audit, {
        action: 'import.upload',
        targetType: 'import',
        targetId: id,
        orgId,
        details: { kind: 'residents', format: kind.kind, bytes },
      });
    });
    void runCheck(ctx, { id, uploadPath: dest, file: kind, scopePaths: scope, maxRows, totalRows }, log);
    return id;
  } catch (err) {
    removeImportFiles(ctx, id);
    throw err;
  }

  /** What the file is, and (cheaply, before any row is checked) how many data rows it has. */
  async function inspect(file: string): Promise<{ kind: FileKind; totalRows: number | null }> {
    try {
      const kind = await sniffFile(file);
      if (kind.kind === 'xlsx') {
        const rows = (await openXlsx(file, 64 * MB)).totalRows;
        return { kind, totalRows: rows === null ? null : Math.max(0, rows - 1) };
      }
      return { kind, totalRows: Math.max(0, (await countLines(file, kind.bom)) - 1) };
    } catch (err) {
      // Only the file is read here: whatever goes wrong is the file's fault.
      if (err instanceof SpreadsheetError) throw new AppError('IMPORT_FILE_INVALID', { reason: err.reason, ...err.params });
      throw new AppError('IMPORT_FILE_INVALID', { reason: 'importFile.zip' });
    }
  }
}
