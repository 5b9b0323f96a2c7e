import fs from 'node:fs';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import multipart from '@fastify/multipart';
import { z } from 'zod';
import { fileRefSchema, idSchema } from '@lingyan/shared';
import type { AppContext } from '../../platform/context.ts';
import { AUTHENTICATED, actorOf, auditContextOf } from '../../platform/http/access.ts';
import { AppError } from '../../platform/errors.ts';
import { uploadFile } from './files.commands.ts';
import { maySeeFile } from './files.policy.ts';
import { storagePath } from './files.store.ts';
import { FILE_CONTENT_SECURITY_POLICY } from '../../platform/http/security-headers.ts';

const params = z.object({ id: idSchema });
const MB = 1024 * 1024;

/** Uploads (photos, PDF) and their scoped, audited download. */
export function registerFileRoutes(app: FastifyInstance, ctx: AppContext): void {
  // Encapsulated, so that only these routes accept multipart bodies.
  void app.register(async (scope) => {
    await scope.register(multipart, { limits: { files: 1, fields: 5, parts: 6 } });
    const r = scope.withTypeProvider<ZodTypeProvider>();

    r.post(
      '/api/v1/files',
      {
        config: { access: AUTHENTICATED },
        schema: { tags: ['files'], consumes: ['multipart/form-data'], response: { 201: fileRefSchema } },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        // The three administrators keep no business records, so they attach nothing.
        if (!actor.assignments.some((a) => a.permissions.includes('org:summary'))) throw new AppError('FORBIDDEN');
        if (!request.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE');
        const { maxFileMb } = await ctx.settings.get('files.upload');
        const part = await request.file({ limits: { fileSize: maxFileMb * MB, files: 1 } });
        const upload = part ? { fileName: part.filename, stream: part.file } : undefined;
        const file = await uploadFile(ctx, auditContextOf(request), actor, upload, maxFileMb);
        reply.status(201);
        return file;
      },
    );
  });

  app
    .withTypeProvider<ZodTypeProvider>()
    .get('/api/v1/files/:id', { config: { access: AUTHENTICATED }, schema: { tags: ['files'], params } }, async (request, reply) => {
      const actor = actorOf(request);
      const file = await ctx.db.selectFrom('files').selectAll().where('id', '=', request.params.id).executeTakeFirst();
      // Outside the caller's view, the file does not exist for them.
      if (!file || !(await maySeeFile(ctx.db, actor, file))) throw new AppError('FILE_NOT_FOUND');
      const where = storagePath(ctx, file.storage_name);
      if (!fs.existsSync(where)) throw new AppError('FILE_NOT_FOUND');
      await ctx.audit(ctx.db, auditContextOf(request), {
        action: 'file.download',
        targetType: file.record_type ?? 'file',
        targetId: file.record_id ?? file.id,
        details: { fileId: file.id },
      });
      // Photos show in the page; anything else (PDF) is downloaded, never rendered in our origin.
      const disposition = file.content_type.startsWith('image/') ? 'inline' : 'attachment';
      return reply
        .type(file.content_type)
        .header('content-length', String(file.size))
        .header('content-disposition', `${disposition}; filename="file"; filename*=UTF-8''${encodeURIComponent(file.name)}`)
        .header('cache-control', 'private, no-store')
        .header('content-security-policy', FILE_CONTENT_SECURITY_POLICY)
        .send(fs.createReadStream(where));
    });
}
