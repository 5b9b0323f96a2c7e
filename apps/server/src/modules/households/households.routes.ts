import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { createHouseholdInputSchema, householdSchema, idSchema } from '@lingyan/shared';
import type { AppContext } from '../../platform/context.ts';
import { actorOf, auditContextOf, permission } from '../../platform/http/access.ts';
import { AppError } from '../../platform/errors.ts';
import { abilitiesOf, authorizeAbility } from '../../platform/policy/policy.ts';
import { inScope } from '../../platform/policy/scope.ts';
import { chinaDate, type Actor } from '../../platform/auth/actor.ts';
import { newId } from '../../platform/ids.ts';
import { findHome } from '../homes/homes.repo.ts';
import { placeAbilities } from '../homes/homes.policy.ts';
import { findResident, residentQuery, residentColumns, sensitiveTagCodes, tagsOf } from '../residents/residents.repo.ts';
import { presentResident } from '../residents/residents.present.ts';
import { recordHistory } from '../residents/residents.commands.ts';

const params = z.object({ id: idSchema });

/** 一户一档: the household card — its home, members, tags and the history of each member. */
export function registerHouseholdRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  const card = async (actor: Actor, id: string) => {
    const hh = await ctx.db
      .selectFrom('households as hh')
      .innerJoin('homes as h', 'h.id', 'hh.home_id')
      .innerJoin('org_nodes as g', 'g.id', 'h.grid_id')
      .select(['hh.id', 'hh.home_id', 'hh.org_path', 'hh.head_resident_id', 'hh.registration_type', 'h.address', 'g.name as grid_name'])
      .where('hh.id', '=', id)
      .where((eb) => inScope(eb, 'hh.org_path', actor, 'registry:read'))
      .executeTakeFirst();
    if (!hh) throw new AppError('HOUSEHOLD_NOT_FOUND');
    const today = chinaDate(ctx.clock.now());
    const members = await residentQuery(ctx.db, actor, ctx.crypto, {}, today)
      .select(residentColumns)
      .where('r.household_id', '=', id)
      .orderBy('r.relation')
      .orderBy('r.birth_date')
      .execute();
    const sensitive = await sensitiveTagCodes(ctx.db);
    const tags = await tagsOf(
      ctx.db,
      members.map((m) => m.id),
    );
    const history = members.length
      ? await ctx.db
          .selectFrom('resident_history as rh')
          .innerJoin('residents as r', 'r.id', 'rh.resident_id')
          .select(['rh.at', 'rh.actor_name', 'rh.action', 'rh.fields', 'r.name'])
          .where(
            'rh.resident_id',
            'in',
            members.map((m) => m.id),
          )
          .orderBy('rh.at', 'desc')
          .limit(100)
          .execute()
      : [];
    return {
      id: hh.id,
      homeId: hh.home_id,
      address: hh.address,
      gridName: hh.grid_name,
      registrationType: hh.registration_type as 'local' | 'non-local',
      headResidentId: hh.head_resident_id,
      members: members.map((m) => presentResident(actor, m, tags.get(m.id) ?? [], today, sensitive)),
      history: history.map((h) => ({ at: h.at, actorName: h.actor_name, action: h.action, fields: JSON.parse(h.fields) as string[], note: h.name })),
      abilities: abilitiesOf(placeAbilities, actor, hh),
    };
  };

  r.get(
    '/api/v1/households/:id',
    { config: { access: permission('registry:read') }, schema: { tags: ['households'], params, response: { 200: householdSchema } } },
    async (request) => card(actorOf(request), request.params.id),
  );

  r.get(
    '/api/v1/households',
    {
      config: { access: permission('registry:read') },
      schema: { tags: ['households'], querystring: z.object({ homeId: idSchema }), response: { 200: z.object({ items: z.array(householdSchema) }) } },
    },
    async (request) => {
      const actor = actorOf(request);
      const home = await findHome(ctx.db, actor, request.query.homeId);
      if (!home) throw new AppError('HOME_NOT_FOUND');
      const ids = await ctx.db.selectFrom('households').select('id').where('home_id', '=', home.id).orderBy('created_at').execute();
      return { items: await Promise.all(ids.map((h) => card(actor, h.id))) };
    },
  );

  r.post(
    '/api/v1/households',
    {
      config: { access: permission('registry:write') },
      schema: { tags: ['households'], body: createHouseholdInputSchema, response: { 201: householdSchema } },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const home = await findHome(ctx.db, actor, request.body.homeId);
      if (!home) throw new AppError('HOME_NOT_FOUND');
      authorizeAbility(placeAbilities, 'update', actor, home);
      const head = await findResident(ctx.db, actor, request.body.headResidentId);
      if (!head) throw new AppError('RESIDENT_NOT_FOUND');
      if (head.home_id !== home.id) throw new AppError('RESIDENT_NOT_IN_HOUSEHOLD_HOME');
      if (await ctx.db.selectFrom('households').select('id').where('home_id', '=', home.id).executeTakeFirst()) throw new AppError('HOUSEHOLD_EXISTS');
      const id = newId();
      const now = ctx.clock.now().toISOString();
      const audit = auditContextOf(request);
      await ctx.db.transaction().execute(async (trx) => {
        await trx
          .insertInto('households')
          .values({
            id,
            home_id: home.id,
            org_path: home.org_path,
            head_resident_id: head.id,
            registration_type: request.body.registrationType,
            created_at: now,
            updated_at: now,
          })
          .execute();
        await trx.updateTable('residents').set({ household_id: id, relation: '02', updated_at: now }).where('id', '=', head.id).execute();
        await recordHistory(trx, audit, now, head.id, 'household', ['householdId', 'relation']);
        await ctx.audit(trx, audit, { action: 'household.create', targetType: 'household', targetId: id, orgId: home.grid_id });
      });
      reply.status(201);
      return card(actor, id);
    },
  );
}
