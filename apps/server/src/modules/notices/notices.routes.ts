import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idSchema, listOf, noticeDetailSchema, noticeListQuerySchema, noticeSchema, sendNoticeInputSchema } from '@lingyan/shared';
import type { AppContext } from '../../platform/context.ts';
import { AUTHENTICATED, actorOf, auditContextOf, permission } from '../../platform/http/access.ts';
import { authorizeAny, can } from '../../platform/policy/policy.ts';
import { AppError } from '../../platform/errors.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { registerFileReader } from '../files/files.policy.ts';
import { findNoticeRow, listNotices, noticeDetail } from './notices.repo.ts';
import { acknowledgeNotice, sendNotice } from './notices.commands.ts';

const params = z.object({ id: idSchema });

/** Emergency notices (紧急通知) to every grid worker of a community or township, and their acknowledgement. */
export function registerNoticeRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  // A notice's attachments are seen by its sender's side and by its recipients.
  registerFileReader('notice', async (db, actor, record) => can(actor, 'org:summary', record.orgPath) || !!(await findNoticeRow(db, actor, record.id)));

  const detail = async (actor: Actor, id: string) => {
    const row = await findNoticeRow(ctx.db, actor, id);
    if (!row) throw new AppError('NOTICE_NOT_FOUND');
    return noticeDetail(ctx.db, actor, row);
  };

  r.get(
    '/api/v1/notices',
    { config: { access: AUTHENTICATED }, schema: { tags: ['notices'], querystring: noticeListQuerySchema, response: { 200: listOf(noticeSchema) } } },
    async (request) => {
      const actor = actorOf(request);
      authorizeAny(actor, ['notice:send', 'notice:acknowledge']);
      const { page, pageSize, pending } = request.query;
      return listNotices(ctx.db, actor, { pending: pending === 'true' }, { page, pageSize });
    },
  );

  r.get(
    '/api/v1/notices/:id',
    { config: { access: AUTHENTICATED }, schema: { tags: ['notices'], params, response: { 200: noticeDetailSchema } } },
    async (request) => {
      const actor = actorOf(request);
      authorizeAny(actor, ['notice:send', 'notice:acknowledge']);
      return detail(actor, request.params.id);
    },
  );

  r.post(
    '/api/v1/notices',
    { config: { access: permission('notice:send') }, schema: { tags: ['notices'], body: sendNoticeInputSchema, response: { 201: noticeDetailSchema } } },
    async (request, reply) => {
      const actor = actorOf(request);
      const id = await sendNotice(ctx, auditContextOf(request), actor, request.body);
      reply.status(201);
      return detail(actor, id);
    },
  );

  r.post(
    '/api/v1/notices/:id/acknowledge',
    {
      config: { access: permission('notice:acknowledge') },
      schema: { tags: ['notices'], params, body: z.strictObject({}), response: { 200: noticeDetailSchema } },
    },
    async (request) => {
      const actor = actorOf(request);
      await acknowledgeNotice(ctx, auditContextOf(request), actor, request.params.id);
      return detail(actor, request.params.id);
    },
  );
}
