import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  idSchema,
  listOf,
  receiveRequestInputSchema,
  REQUEST_ACTIONS,
  requestActionInputSchemas,
  serviceRequestDetailSchema,
  serviceRequestListQuerySchema,
  serviceRequestSchema,
  statsQuerySchema,
  statsSchema,
  transferTargetsSchema,
  type RequestAction,
} from '@lingyan/shared';
import type { AppContext } from '../../platform/context.ts';
import { AUTHENTICATED, actorOf, auditContextOf, permission } from '../../platform/http/access.ts';
import { authorizeAny, scopePaths } from '../../platform/policy/policy.ts';
import { AppError } from '../../platform/errors.ts';
import { loadOrgFor } from '../../platform/policy/org-filter.ts';
import { chinaDate, type Actor } from '../../platform/auth/actor.ts';
import { findRequest, listRequests, requestEvents, transferTargets } from './service-requests.repo.ts';
import { mayAct } from './service-requests.policy.ts';
import { statsFor } from './service-requests.stats.ts';
import { presentRequest } from './service-requests.present.ts';
import { applyAction, receiveRequest } from './service-requests.commands.ts';
import { filesOf } from '../files/files.commands.ts';

const params = z.object({ id: idSchema });

/** The service hall's requests (办件): receive, the board and "my requests", one route per step. */
export function registerServiceRequestRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const env = async () => ({
    cal: await ctx.calendar.get(),
    today: chinaDate(ctx.clock.now()),
    warn: (await ctx.settings.get('service.clock')).warnWorkingDays,
  });

  const detail = async (actor: Actor, id: string) => {
    const { cal, today, warn } = await env();
    const row = await findRequest(ctx.db, actor, id, cal, today, warn);
    if (!row) throw new AppError('SERVICE_REQUEST_NOT_FOUND');
    const [events, auths, visits, files] = await Promise.all([
      requestEvents(ctx.db, id),
      ctx.db.selectFrom('agency_authorizations').selectAll().where('request_id', '=', id).orderBy('recorded_at').execute(),
      ctx.db
        .selectFrom('home_visits as v')
        .innerJoin('users as u', 'u.id', 'v.assignee_id')
        .select(['v.id', 'v.scheduled_for', 'u.display_name', 'v.outcome', 'v.done_at'])
        .where('v.request_id', '=', id)
        .orderBy('v.scheduled_for')
        .execute(),
      filesOf(ctx.db, 'service-request', [id]),
    ]);
    return {
      ...presentRequest(actor, row, cal, today, warn),
      events,
      agencyAuthorizations: auths.map((a) => ({ id: a.id, scope: a.scope, validUntil: a.valid_until, signedHow: a.signed_how, recordedAt: a.recorded_at })),
      visits: visits.map((v) => ({ id: v.id, scheduledFor: v.scheduled_for, assigneeName: v.display_name, outcome: v.outcome, doneAt: v.done_at })),
      attachments: files.get(id) ?? [],
    };
  };

  r.get(
    '/api/v1/service-requests',
    {
      config: { access: AUTHENTICATED },
      schema: { tags: ['service-hall'], querystring: serviceRequestListQuerySchema, response: { 200: listOf(serviceRequestSchema) } },
    },
    async (request) => {
      const actor = actorOf(request);
      authorizeAny(actor, ['service:read', 'service:handle']);
      const { page, pageSize, orgId, owner, handler, open, excluded, ...rest } = request.query;
      const orgPath = orgId ? (await loadOrgFor(ctx.db, actor, orgId, 'service:read')).path : undefined;
      const { cal, today, warn } = await env();
      const filter = {
        ...rest,
        orgPath,
        ownerId: owner === 'me' ? actor.userId : undefined,
        handlerId: handler === 'me' ? actor.userId : undefined,
        open: open === undefined ? undefined : open === 'true',
        excluded: excluded === undefined ? undefined : excluded === 'true',
      };
      const list = await listRequests(ctx.db, actor, filter, { page, pageSize }, cal, today, warn);
      return { ...list, items: list.items.map((row) => presentRequest(actor, row, cal, today, warn)) };
    },
  );

  r.get(
    '/api/v1/service-requests/:id',
    { config: { access: AUTHENTICATED }, schema: { tags: ['service-hall'], params, response: { 200: serviceRequestDetailSchema } } },
    async (request) => {
      const actor = actorOf(request);
      authorizeAny(actor, ['service:read', 'service:handle']);
      return detail(actor, request.params.id);
    },
  );

  r.post(
    '/api/v1/service-requests',
    {
      config: { access: permission('service:receive') },
      schema: { tags: ['service-hall'], body: receiveRequestInputSchema, response: { 201: serviceRequestDetailSchema } },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const id = await receiveRequest(ctx, auditContextOf(request), actor, request.body);
      reply.status(201);
      return detail(actor, id);
    },
  );

  r.get(
    '/api/v1/service-requests/stats',
    { config: { access: permission('service:figures') }, schema: { tags: ['service-hall'], querystring: statsQuerySchema, response: { 200: statsSchema } } },
    async (request) => {
      const actor = actorOf(request);
      const today = chinaDate(ctx.clock.now());
      const tops = scopePaths(actor, 'service:figures');
      const org = request.query.orgId
        ? await loadOrgFor(ctx.db, actor, request.query.orgId, 'service:figures')
        : await ctx.db
            .selectFrom('org_nodes')
            .select(['id', 'path', 'kind', 'name'])
            .where('path', '=', tops[0] ?? '-')
            .executeTakeFirstOrThrow();
      const from = request.query.from ?? `${today.slice(0, 8)}01`;
      const to = request.query.to ?? today;
      if (to < from) throw new AppError('VALIDATION_FAILED', {}, [{ path: '/to', message: 'to < from' }]);
      return statsFor(ctx.db, org, from, to, await ctx.settings.get('service.weights'));
    },
  );

  r.get(
    '/api/v1/service-requests/:id/transfer-targets',
    { config: { access: permission('service:handle') }, schema: { tags: ['service-hall'], params, response: { 200: transferTargetsSchema } } },
    async (request) => {
      const actor = actorOf(request);
      const { cal, today, warn } = await env();
      const row = await findRequest(ctx.db, actor, request.params.id, cal, today, warn);
      if (!row) throw new AppError('SERVICE_REQUEST_NOT_FOUND');
      if (!mayAct(actor, 'transfer', row)) throw new AppError('FORBIDDEN');
      const targets = await transferTargets(ctx.db, row.org_path, actor.userId, today);
      return {
        users: targets.users.map((u) => ({ id: u.id, displayName: u.displayName, orgName: u.orgName })),
        orgs: targets.orgs.map((o) => ({ id: o.id, name: o.name, kind: o.kind })),
      };
    },
  );

  for (const action of REQUEST_ACTIONS) {
    r.post(
      `/api/v1/service-requests/:id/${action}`,
      {
        config: { access: permission('service:handle') },
        schema: { tags: ['service-hall'], params, body: requestActionInputSchemas[action], response: { 200: serviceRequestDetailSchema } },
      },
      async (request) => {
        const actor = actorOf(request);
        // Outside the caller's view, the request does not exist for them.
        const { cal, today, warn } = await env();
        if (!(await findRequest(ctx.db, actor, request.params.id, cal, today, warn))) throw new AppError('SERVICE_REQUEST_NOT_FOUND');
        await applyAction(ctx, auditContextOf(request), actor, request.params.id, action as RequestAction, request.body as never);
        return detail(actor, request.params.id);
      },
    );
  }
}
