import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  closeGridTaskInputSchema,
  gridTaskDetailSchema,
  gridTaskListQuerySchema,
  gridTaskSchema,
  idSchema,
  listOf,
  reportGridTaskInputSchema,
  returnGridTaskInputSchema,
  sendGridTaskInputSchema,
} from '@lingyan/shared';
import type { AppContext } from '../../platform/context.ts';
import { AUTHENTICATED, actorOf, auditContextOf, permission } from '../../platform/http/access.ts';
import { authorizeAny, can } from '../../platform/policy/policy.ts';
import { AppError } from '../../platform/errors.ts';
import { chinaDate, type Actor } from '../../platform/auth/actor.ts';
import { registerFileReader } from '../files/files.policy.ts';
import { findTaskRow, listTasks, taskDetail } from './grid-tasks.repo.ts';
import { applyTaskStep, sendTask } from './grid-tasks.commands.ts';

const params = z.object({ id: idSchema });

/** Tasks sent down to grids (任务下沉): send, list, progress per grid, one route per step. */
export function registerGridTaskRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const today = () => chinaDate(ctx.clock.now());
  // A task's attachments are seen by its sender's side and by the grids it was sent to.
  registerFileReader('grid-task', async (db, actor, record) => can(actor, 'org:summary', record.orgPath) || !!(await findTaskRow(db, actor, record.id)));

  const detail = async (actor: Actor, id: string) => {
    const row = await findTaskRow(ctx.db, actor, id);
    if (!row) throw new AppError('GRID_TASK_NOT_FOUND');
    return taskDetail(ctx.db, actor, row, today());
  };

  r.get(
    '/api/v1/grid-tasks',
    { config: { access: AUTHENTICATED }, schema: { tags: ['grid-tasks'], querystring: gridTaskListQuerySchema, response: { 200: listOf(gridTaskSchema) } } },
    async (request) => {
      const actor = actorOf(request);
      authorizeAny(actor, ['grid-task:send', 'grid-task:report']);
      const { page, pageSize, state, pending } = request.query;
      return listTasks(ctx.db, actor, { state, pending: pending === 'true' }, { page, pageSize }, today());
    },
  );

  r.get(
    '/api/v1/grid-tasks/:id',
    { config: { access: AUTHENTICATED }, schema: { tags: ['grid-tasks'], params, response: { 200: gridTaskDetailSchema } } },
    async (request) => {
      const actor = actorOf(request);
      authorizeAny(actor, ['grid-task:send', 'grid-task:report']);
      return detail(actor, request.params.id);
    },
  );

  r.post(
    '/api/v1/grid-tasks',
    {
      config: { access: permission('grid-task:send') },
      schema: { tags: ['grid-tasks'], body: sendGridTaskInputSchema, response: { 201: gridTaskDetailSchema } },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const id = await sendTask(ctx, auditContextOf(request), actor, request.body);
      reply.status(201);
      return detail(actor, id);
    },
  );

  r.post(
    '/api/v1/grid-tasks/:id/report',
    {
      config: { access: permission('grid-task:report') },
      schema: { tags: ['grid-tasks'], params, body: reportGridTaskInputSchema, response: { 200: gridTaskDetailSchema } },
    },
    async (request) => {
      const actor = actorOf(request);
      await applyTaskStep(ctx, auditContextOf(request), actor, request.params.id, { step: 'report', ...request.body });
      return detail(actor, request.params.id);
    },
  );

  r.post(
    '/api/v1/grid-tasks/:id/return',
    {
      config: { access: permission('grid-task:send') },
      schema: { tags: ['grid-tasks'], params, body: returnGridTaskInputSchema, response: { 200: gridTaskDetailSchema } },
    },
    async (request) => {
      const actor = actorOf(request);
      await applyTaskStep(ctx, auditContextOf(request), actor, request.params.id, { step: 'return', ...request.body });
      return detail(actor, request.params.id);
    },
  );

  r.post(
    '/api/v1/grid-tasks/:id/close',
    {
      config: { access: permission('grid-task:send') },
      schema: { tags: ['grid-tasks'], params, body: closeGridTaskInputSchema, response: { 200: gridTaskDetailSchema } },
    },
    async (request) => {
      const actor = actorOf(request);
      await applyTaskStep(ctx, auditContextOf(request), actor, request.params.id, { step: 'close' });
      return detail(actor, request.params.id);
    },
  );
}
