import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import multipart from '@fastify/multipart';
import { z } from 'zod';
import { idSchema, importSchema, importSummarySchema, residentListQuerySchema } from '@lingyan/shared';
import type { AppContext } from '../../platform/context.ts';
import { actorOf, auditContextOf, permission } from '../../platform/http/access.ts';
import { AppError } from '../../platform/errors.ts';
import { createResidentImport } from './imports.commands.ts';
import { findImport, listOwnImports, presentImport, presentImportSummary } from './imports.repo.ts';
import { commitProgress, startCommit } from './import-commit.ts';
import { attachment, exportResidents } from './export.ts';
import { residentTemplate } from './template.ts';

const params = z.object({ id: idSchema });
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const MB = 1024 * 1024;

export const exportQuerySchema = residentListQuerySchema.omit({ page: true, pageSize: true }).extend({
  /** Unmasked ID numbers, phones and ethnicity: needs registry:reveal over the whole export, and a reason. */
  unmasked: z.enum(['true', 'false']).optional(),
  reason: z.string().trim().max(200).optional(),
});

/** Resident import (upload → background check → commit) and export. */
export function registerImportRoutes(app: FastifyInstance, ctx: AppContext): void {
  // Encapsulated, so that only these routes accept multipart bodies.
  void app.register(async (scope) => {
    await scope.register(multipart, { limits: { files: 1, fields: 10, parts: 12 } });
    const r = scope.withTypeProvider<ZodTypeProvider>();

    r.get(
      '/api/v1/imports/residents/template.xlsx',
      { config: { access: permission('registry:import') }, schema: { tags: ['imports'] } },
      async (request, reply) => {
        const file = await residentTemplate(ctx, actorOf(request));
        return reply.type(XLSX).header('content-disposition', attachment('居民信息导入模板.xlsx', 'resident-import-template.xlsx')).send(file);
      },
    );

    r.post(
      '/api/v1/imports/residents',
      {
        config: { access: permission('registry:import') },
        schema: { tags: ['imports'], consumes: ['multipart/form-data'], response: { 202: z.object({ id: z.string() }) } },
      },
      async (request, reply) => {
        if (!request.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE');
        const { maxFileMb } = await ctx.settings.get('registry.import');
        const part = await request.file({ limits: { fileSize: maxFileMb * MB, files: 1 } });
        const upload = part ? { fileName: part.filename, stream: part.file } : undefined;
        const id = await createResidentImport(ctx, auditContextOf(request), actorOf(request), upload, request.log);
        reply.status(202);
        return { id };
      },
    );

    r.get(
      '/api/v1/imports',
      {
        config: { access: permission('registry:import') },
        schema: { tags: ['imports'], response: { 200: z.object({ items: z.array(importSummarySchema) }) } },
      },
      async (request) => {
        const actor = actorOf(request);
        const rows = await listOwnImports(ctx.db, actor);
        return { items: rows.map((row) => withProgress(presentImportSummary(actor, row, request.locale))) };
      },
    );

    r.get(
      '/api/v1/imports/:id',
      { config: { access: permission('registry:import') }, schema: { tags: ['imports'], params, response: { 200: importSchema } } },
      async (request) => {
        const actor = actorOf(request);
        const row = await findImport(ctx.db, actor, request.params.id);
        if (!row) throw new AppError('IMPORT_NOT_FOUND');
        return withProgress(presentImport(actor, row, request.locale));
      },
    );

    r.post(
      '/api/v1/imports/:id/commit',
      { config: { access: permission('registry:import') }, schema: { tags: ['imports'], params, response: { 202: importSchema } } },
      async (request, reply) => {
        const actor = actorOf(request);
        const row = await findImport(ctx.db, actor, request.params.id);
        if (!row) throw new AppError('IMPORT_NOT_FOUND');
        await startCommit(ctx, auditContextOf(request), actor, row, request.log);
        const after = await findImport(ctx.db, actor, request.params.id);
        reply.status(202);
        return withProgress(presentImport(actor, after ?? row, request.locale));
      },
    );

    r.get(
      '/api/v1/residents/export.xlsx',
      { config: { access: permission('registry:export') }, schema: { tags: ['residents'], querystring: exportQuerySchema } },
      async (request, reply) => {
        const { fileName, stream } = await exportResidents(ctx, auditContextOf(request), actorOf(request), request.query);
        return reply.type(XLSX).header('content-disposition', attachment(fileName, 'residents.xlsx')).header('cache-control', 'no-store').send(stream);
      },
    );
  });
}

/** Rows inserted so far by a commit running in this process. */
function withProgress<T extends { id: string; status: string; committedRows: number }>(view: T): T {
  const live = view.status === 'committing' ? commitProgress(view.id) : undefined;
  return live === undefined ? view : { ...view, committedRows: live };
}
