import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  EVENT_ACTIONS,
  EVENT_TRANSITIONS,
  collectEventInputSchema,
  eventActionInputSchemas,
  eventCategoryInputSchema,
  eventCategorySchema,
  eventDetailSchema,
  eventDispatchTargetsSchema,
  eventListQuerySchema,
  eventSchema,
  eventStatsQuerySchema,
  eventStatsSchema,
  idSchema,
  idsOfPath,
  listOf,
  updateEventCategoryInputSchema,
  type EventAction,
} from '@lingyan/shared';
import type { AppContext } from '../../platform/context.ts';
import { AUTHENTICATED, actorOf, auditContextOf, permission } from '../../platform/http/access.ts';
import { authorizeAny, scopePaths } from '../../platform/policy/policy.ts';
import { loadOrgFor, type OrgRef } from '../../platform/policy/org-filter.ts';
import { AppError } from '../../platform/errors.ts';
import { chinaDate, type Actor } from '../../platform/auth/actor.ts';
import type { DB } from '../../platform/db/schema.ts';
import type { Kysely } from 'kysely';
import { eventSteps, findEvent, listEvents } from './events.repo.ts';
import { presentCategory, presentEvent } from './events.present.ts';
import { applyEventAction, reportEvent } from './events.commands.ts';
import { createEventCategory, updateEventCategory } from './event-categories.commands.ts';
import { eventStatsFor, figureEventIds } from './events.figures.ts';
import { isDispatcher } from './events.policy.ts';
import { eventPhotos, registerEventFileReader } from './events.photos.ts';

const params = z.object({ id: idSchema });
const EVENT_READERS = ['event:read', 'event:report', 'event:handle', 'event:dispatch'] as const;

/** The top org node of the caller's scope for a permission (the default of figures). */
async function topOrg(db: Kysely<DB>, actor: Actor, perm: 'event:figures'): Promise<OrgRef> {
  const top = scopePaths(actor, perm)[0];
  const org = top ? await db.selectFrom('org_nodes').select(['id', 'path', 'kind', 'name']).where('path', '=', top).executeTakeFirst() : undefined;
  if (!org) throw new AppError('FORBIDDEN');
  return org;
}

/** The event loop (GB/T 30428): categories, reporting, the board, one route per step, figures. */
export function registerEventRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  registerEventFileReader();

  const detail = async (actor: Actor, id: string) => {
    const row = await findEvent(ctx.db, actor, id);
    if (!row) throw new AppError('EVENT_NOT_FOUND');
    const [steps, photos] = await Promise.all([eventSteps(ctx.db, id), eventPhotos(ctx.db, id)]);
    return {
      ...presentEvent(actor, row, ctx.clock.now().toISOString()),
      closingCondition: row.closing_condition,
      voidReason: row.void_reason,
      visitId: row.visit_id,
      dues: { register: row.register_due, dispatch: row.dispatch_due, handle: row.handle_due },
      steps: steps.map((s) => ({
        at: s.at,
        action: s.action,
        actorName: s.actor_name,
        fromState: s.from_state,
        toState: s.to_state,
        note: s.note,
        data: s.data ? (JSON.parse(s.data) as Record<string, unknown>) : null,
      })),
      photos,
    };
  };

  // --- categories (the city's code table) ---
  r.get(
    '/api/v1/event-categories',
    { config: { access: AUTHENTICATED }, schema: { tags: ['events'], response: { 200: z.object({ items: z.array(eventCategorySchema) }) } } },
    async (request) => {
      authorizeAny(actorOf(request), [...EVENT_READERS, 'event:categories']);
      const rows = await ctx.db.selectFrom('event_categories').selectAll().orderBy('kind').orderBy('code').execute();
      return { items: rows.map(presentCategory) };
    },
  );
  r.post(
    '/api/v1/event-categories',
    {
      config: { access: permission('event:categories') },
      schema: { tags: ['events'], body: eventCategoryInputSchema, response: { 201: eventCategorySchema } },
    },
    async (request, reply) => {
      const id = await createEventCategory(ctx, auditContextOf(request), request.body);
      reply.status(201);
      return presentCategory(await ctx.db.selectFrom('event_categories').selectAll().where('id', '=', id).executeTakeFirstOrThrow());
    },
  );
  r.patch(
    '/api/v1/event-categories/:id',
    {
      config: { access: permission('event:categories') },
      schema: { tags: ['events'], params, body: updateEventCategoryInputSchema, response: { 200: eventCategorySchema } },
    },
    async (request) => {
      await updateEventCategory(ctx, auditContextOf(request), request.params.id, request.body);
      return presentCategory(await ctx.db.selectFrom('event_categories').selectAll().where('id', '=', request.params.id).executeTakeFirstOrThrow());
    },
  );

  // --- events ---
  r.get(
    '/api/v1/events',
    { config: { access: AUTHENTICATED }, schema: { tags: ['events'], querystring: eventListQuerySchema, response: { 200: listOf(eventSchema) } } },
    async (request) => {
      const actor = actorOf(request);
      authorizeAny(actor, [...EVENT_READERS]);
      const { page, pageSize, orgId, open, figure, ...rest } = request.query;
      const now = ctx.clock.now().toISOString();
      let orgPath: string | undefined;
      let ids: string[] | undefined;
      if (figure) {
        // The drill-down of a figure: the events behind it, counted by the same rule.
        const org = orgId ? await loadOrgFor(ctx.db, actor, orgId, 'event:figures') : await topOrg(ctx.db, actor, 'event:figures');
        const today = chinaDate(ctx.clock.now());
        ids = await figureEventIds(ctx.db, org.path, rest.from ?? `${today.slice(0, 8)}01`, rest.to ?? today, figure, rest.reporterId);
      } else if (orgId) orgPath = (await loadOrgFor(ctx.db, actor, orgId, 'org:read')).path;
      const list = await listEvents(ctx.db, actor, { ...rest, orgPath, ids, open: open === undefined ? undefined : open === 'true' }, { page, pageSize }, now);
      return { ...list, page, pageSize, items: list.items.map((row) => presentEvent(actor, row, now)) };
    },
  );

  r.post(
    '/api/v1/events',
    { config: { access: permission('event:report') }, schema: { tags: ['events'], body: collectEventInputSchema, response: { 201: eventDetailSchema } } },
    async (request, reply) => {
      const actor = actorOf(request);
      const id = await reportEvent(ctx, auditContextOf(request), actor, request.body);
      reply.status(201);
      return detail(actor, id);
    },
  );

  r.get(
    '/api/v1/events/stats',
    { config: { access: permission('event:figures') }, schema: { tags: ['events'], querystring: eventStatsQuerySchema, response: { 200: eventStatsSchema } } },
    async (request) => {
      const actor = actorOf(request);
      const today = chinaDate(ctx.clock.now());
      const org = request.query.orgId ? await loadOrgFor(ctx.db, actor, request.query.orgId, 'event:figures') : await topOrg(ctx.db, actor, 'event:figures');
      const from = request.query.from ?? `${today.slice(0, 8)}01`;
      const to = request.query.to ?? today;
      if (to < from) throw new AppError('VALIDATION_FAILED', {}, [{ path: '/to', message: 'to < from' }]);
      return eventStatsFor(ctx.db, org, from, to);
    },
  );

  r.get(
    '/api/v1/events/:id',
    { config: { access: AUTHENTICATED }, schema: { tags: ['events'], params, response: { 200: eventDetailSchema } } },
    async (request) => {
      const actor = actorOf(request);
      authorizeAny(actor, [...EVENT_READERS]);
      return detail(actor, request.params.id);
    },
  );

  r.get(
    '/api/v1/events/:id/dispatch-targets',
    { config: { access: permission('event:dispatch') }, schema: { tags: ['events'], params, response: { 200: eventDispatchTargetsSchema } } },
    async (request) => {
      const actor = actorOf(request);
      const row = await findEvent(ctx.db, actor, request.params.id);
      if (!row) throw new AppError('EVENT_NOT_FOUND');
      if (!isDispatcher(actor, row)) throw new AppError('FORBIDDEN');
      const today = chinaDate(ctx.clock.now());
      const orgIds = idsOfPath(row.org_path);
      const orgs = await ctx.db.selectFrom('org_nodes').select(['id', 'name', 'kind', 'depth']).where('id', 'in', orgIds).orderBy('depth', 'desc').execute();
      const people = await ctx.db
        .selectFrom('assignments as a')
        .innerJoin('users as u', 'u.id', 'a.user_id')
        .innerJoin('org_nodes as o', 'o.id', 'a.org_id')
        .innerJoin('roles as ro', 'ro.code', 'a.role')
        .select(['u.id', 'u.display_name', 'o.id as org_id', 'o.name as org_name', 'o.depth', 'ro.permissions'])
        .where('a.org_id', 'in', orgIds)
        .where('u.status', '=', 'active')
        .where((eb) => eb.or([eb('a.valid_from', 'is', null), eb('a.valid_from', '<=', today)]))
        .where((eb) => eb.or([eb('a.valid_to', 'is', null), eb('a.valid_to', '>=', today)]))
        .orderBy('o.depth', 'desc')
        .orderBy('u.display_name')
        .execute();
      return {
        orgs: orgs.map((o) => ({ id: o.id, name: o.name, kind: o.kind })),
        users: people
          .filter((p) => (JSON.parse(p.permissions) as string[]).includes('event:handle'))
          .map((p) => ({ id: p.id, displayName: p.display_name, orgId: p.org_id, orgName: p.org_name })),
      };
    },
  );

  for (const action of EVENT_ACTIONS) {
    r.post(
      `/api/v1/events/:id/${action}`,
      {
        config: { access: permission(EVENT_TRANSITIONS[action].by === 'handler' ? 'event:handle' : 'event:dispatch') },
        schema: { tags: ['events'], params, body: eventActionInputSchemas[action], response: { 200: eventDetailSchema } },
      },
      async (request) => {
        const actor = actorOf(request);
        // Outside the caller's view the event does not exist for them.
        if (!(await findEvent(ctx.db, actor, request.params.id))) throw new AppError('EVENT_NOT_FOUND');
        await applyEventAction(ctx, auditContextOf(request), actor, request.params.id, action as EventAction, request.body as never);
        return detail(actor, request.params.id);
      },
    );
  }
}
