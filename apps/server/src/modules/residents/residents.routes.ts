import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  createResidentInputSchema,
  idSchema,
  listOf,
  residentHistoryEntrySchema,
  residentListQuerySchema,
  residentSchema,
  revealInputSchema,
  revealResultSchema,
  updateResidentInputSchema,
} from '@lingyan/shared';
import type { AppContext } from '../../platform/context.ts';
import { actorOf, auditContextOf, permission } from '../../platform/http/access.ts';
import { AppError } from '../../platform/errors.ts';
import { chinaDate, type Actor } from '../../platform/auth/actor.ts';
import { loadOrgFor } from '../../platform/policy/org-filter.ts';
import { findResident, listResidents, sensitiveTagCodes, tagsOf } from './residents.repo.ts';
import { authorize } from '../../platform/policy/policy.ts';
import { presentResident } from './residents.present.ts';
import { createResident, revealField, updateResident } from './residents.commands.ts';

const params = z.object({ id: idSchema });

export function registerResidentRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const today = () => chinaDate(ctx.clock.now());
  const load = async (actor: Actor, id: string) => {
    const row = await findResident(ctx.db, actor, id);
    if (!row) throw new AppError('RESIDENT_NOT_FOUND');
    return presentResident(actor, row, (await tagsOf(ctx.db, [id])).get(id) ?? [], today(), await sensitiveTagCodes(ctx.db));
  };

  r.get(
    '/api/v1/residents',
    {
      config: { access: permission('registry:read') },
      schema: { tags: ['residents'], querystring: residentListQuerySchema, response: { 200: listOf(residentSchema) } },
    },
    async (request) => {
      const actor = actorOf(request);
      const { page, pageSize, orgId, ...filter } = request.query;
      const orgPath = orgId ? (await loadOrgFor(ctx.db, actor, orgId, 'registry:read')).path : undefined;
      const sensitive = await sensitiveTagCodes(ctx.db);
      // Filtering by a sensitive tag would disclose it: only for those who may reveal.
      if (filter.tag && sensitive.has(filter.tag)) authorize(actor, 'registry:reveal', orgPath);
      const list = await listResidents(ctx.db, actor, ctx.crypto, { ...filter, orgPath }, { page, pageSize }, today());
      const tags = await tagsOf(
        ctx.db,
        list.items.map((i) => i.id),
      );
      return { ...list, items: list.items.map((row) => presentResident(actor, row, tags.get(row.id) ?? [], today(), sensitive)) };
    },
  );

  r.get(
    '/api/v1/residents/:id',
    { config: { access: permission('registry:read') }, schema: { tags: ['residents'], params, response: { 200: residentSchema } } },
    async (request) => load(actorOf(request), request.params.id),
  );

  r.post(
    '/api/v1/residents',
    { config: { access: permission('registry:write') }, schema: { tags: ['residents'], body: createResidentInputSchema, response: { 201: residentSchema } } },
    async (request, reply) => {
      const actor = actorOf(request);
      const id = await createResident(ctx, auditContextOf(request), actor, request.body);
      reply.status(201);
      return load(actor, id);
    },
  );

  r.patch(
    '/api/v1/residents/:id',
    {
      config: { access: permission('registry:write') },
      schema: { tags: ['residents'], params, body: updateResidentInputSchema, response: { 200: residentSchema } },
    },
    async (request) => {
      const actor = actorOf(request);
      await updateResident(ctx, auditContextOf(request), actor, request.params.id, request.body);
      return load(actor, request.params.id);
    },
  );

  r.post(
    '/api/v1/residents/:id/reveal',
    {
      config: { access: permission('registry:reveal') },
      schema: { tags: ['residents'], params, body: revealInputSchema, response: { 200: revealResultSchema } },
    },
    async (request) => {
      const value = await revealField(ctx, auditContextOf(request), actorOf(request), request.params.id, request.body.field, request.body.reason);
      const { showSeconds } = await ctx.settings.get('registry.reveal');
      return { field: request.body.field, value, expiresInSeconds: showSeconds };
    },
  );

  r.get(
    '/api/v1/residents/:id/history',
    {
      config: { access: permission('registry:read') },
      schema: { tags: ['residents'], params, response: { 200: z.object({ items: z.array(residentHistoryEntrySchema) }) } },
    },
    async (request) => {
      const actor = actorOf(request);
      if (!(await findResident(ctx.db, actor, request.params.id))) throw new AppError('RESIDENT_NOT_FOUND');
      const rows = await ctx.db.selectFrom('resident_history').selectAll().where('resident_id', '=', request.params.id).orderBy('at', 'desc').execute();
      return { items: rows.map((h) => ({ at: h.at, actorName: h.actor_name, action: h.action, fields: JSON.parse(h.fields) as string[], note: h.note })) };
    },
  );
}
