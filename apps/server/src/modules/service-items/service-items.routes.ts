import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Selectable } from 'kysely';
import { idSchema, idsOfPath, serviceItemInputSchema, serviceItemSchema, updateServiceItemInputSchema, type ServiceItem } from '@lingyan/shared';
import type { AppContext } from '../../platform/context.ts';
import type { ServiceItemsTable } from '../../platform/db/schema.ts';
import { AUTHENTICATED, PUBLIC, actorOf, auditContextOf, permission } from '../../platform/http/access.ts';
import { AppError } from '../../platform/errors.ts';
import { scopePaths } from '../../platform/policy/policy.ts';
import { newId } from '../../platform/ids.ts';
import type { Actor } from '../../platform/auth/actor.ts';

/** The catalog is the city's: edited by a holder of service:catalog at the root. */
const editsCatalog = (actor: Actor | null) => !!actor && scopePaths(actor, 'service:catalog').some((p) => idsOfPath(p).length === 1);

export function presentItem(i: Selectable<ServiceItemsTable>, actor: Actor | null): ServiceItem {
  return {
    id: i.id,
    code: i.code,
    name: i.name,
    category: i.category,
    department: i.department,
    materials: JSON.parse(i.materials) as string[],
    legalBasis: i.legal_basis,
    limitDays: i.limit_days,
    responseDays: i.response_days,
    agency: i.agency === 1,
    homeVisit: i.home_visit === 1,
    oneTrip: i.one_trip === 1,
    online: i.online === 1,
    active: i.active === 1,
    abilities: editsCatalog(actor) ? ['update'] : [],
  };
}

const columns = (input: Partial<z.infer<typeof serviceItemInputSchema>>) => {
  const out: Partial<ServiceItemsTable> = {};
  if (input.name !== undefined) out.name = input.name;
  if (input.category !== undefined) out.category = input.category;
  if (input.department !== undefined) out.department = input.department;
  if (input.materials !== undefined) out.materials = JSON.stringify(input.materials);
  if (input.legalBasis !== undefined) out.legal_basis = input.legalBasis;
  if (input.limitDays !== undefined) out.limit_days = input.limitDays;
  if (input.responseDays !== undefined) out.response_days = input.responseDays;
  for (const [k, col] of [
    ['agency', 'agency'],
    ['homeVisit', 'home_visit'],
    ['oneTrip', 'one_trip'],
    ['online', 'online'],
    ['active', 'active'],
  ] as const) {
    if (input[k] !== undefined) out[col] = input[k] ? 1 : 0;
  }
  return out;
};

/** The service catalog (服务事项): what the hall does, what to bring, how long it may take. */
export function registerServiceItemRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const list = (activeOnly: boolean) => {
    let q = ctx.db.selectFrom('service_items').selectAll().orderBy('sort_order').orderBy('code');
    if (activeOnly) q = q.where('active', '=', 1);
    return q.execute();
  };

  r.get(
    '/api/v1/service-items',
    { config: { access: AUTHENTICATED }, schema: { tags: ['service-hall'], response: { 200: z.object({ items: z.array(serviceItemSchema) }) } } },
    async (request) => {
      const actor = actorOf(request);
      return { items: (await list(!editsCatalog(actor))).map((i) => presentItem(i, actor)) };
    },
  );

  r.get(
    '/api/v1/public/service-items',
    { config: { access: PUBLIC }, schema: { tags: ['public'], response: { 200: z.object({ items: z.array(serviceItemSchema) }) } } },
    async () => ({
      items: (await list(true)).map((i) => presentItem(i, null)),
    }),
  );

  r.post(
    '/api/v1/service-items',
    {
      config: { access: permission('service:catalog') },
      schema: { tags: ['service-hall'], body: serviceItemInputSchema, response: { 201: serviceItemSchema } },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      if (!editsCatalog(actor)) throw new AppError('FORBIDDEN');
      if (await ctx.db.selectFrom('service_items').select('id').where('code', '=', request.body.code).executeTakeFirst())
        throw new AppError('SERVICE_ITEM_CODE_TAKEN');
      const id = newId();
      const now = ctx.clock.now().toISOString();
      const max = await ctx.db
        .selectFrom('service_items')
        .select((eb) => eb.fn.max('sort_order').as('m'))
        .executeTakeFirst();
      await ctx.db.transaction().execute(async (trx) => {
        await trx
          .insertInto('service_items')
          .values({
            id,
            code: request.body.code,
            ...(columns(request.body) as Omit<ServiceItemsTable, 'id' | 'code' | 'sort_order' | 'created_at' | 'updated_at'>),
            sort_order: Number(max?.m ?? 0) + 1,
            created_at: now,
            updated_at: now,
          })
          .execute();
        await ctx.audit(trx, auditContextOf(request), {
          action: 'service-item.create',
          targetType: 'service-item',
          targetId: id,
          details: { code: request.body.code },
        });
      });
      reply.status(201);
      return presentItem(await ctx.db.selectFrom('service_items').selectAll().where('id', '=', id).executeTakeFirstOrThrow(), actor);
    },
  );

  r.patch(
    '/api/v1/service-items/:id',
    {
      config: { access: permission('service:catalog') },
      schema: { tags: ['service-hall'], params: z.object({ id: idSchema }), body: updateServiceItemInputSchema, response: { 200: serviceItemSchema } },
    },
    async (request) => {
      const actor = actorOf(request);
      if (!editsCatalog(actor)) throw new AppError('FORBIDDEN');
      const item = await ctx.db.selectFrom('service_items').select(['id', 'code']).where('id', '=', request.params.id).executeTakeFirst();
      if (!item) throw new AppError('SERVICE_ITEM_NOT_FOUND');
      await ctx.db.transaction().execute(async (trx) => {
        await trx
          .updateTable('service_items')
          .set({ ...columns(request.body), updated_at: ctx.clock.now().toISOString() })
          .where('id', '=', item.id)
          .execute();
        await ctx.audit(trx, auditContextOf(request), {
          action: 'service-item.update',
          targetType: 'service-item',
          targetId: item.id,
          details: { code: item.code, fields: Object.keys(request.body) },
        });
      });
      return presentItem(await ctx.db.selectFrom('service_items').selectAll().where('id', '=', item.id).executeTakeFirstOrThrow(), actor);
    },
  );
}
