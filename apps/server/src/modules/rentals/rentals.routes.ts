import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  createTenancyInputSchema,
  daysBetween,
  endTenancyInputSchema,
  idSchema,
  listOf,
  rentalAttentionQuerySchema,
  rentalAttentionSchema,
  tenancyListQuerySchema,
  tenancySchema,
} from '@lingyan/shared';
import type { AppContext } from '../../platform/context.ts';
import { actorOf, auditContextOf, permission } from '../../platform/http/access.ts';
import { AppError } from '../../platform/errors.ts';
import { abilitiesOf, authorizeAbility } from '../../platform/policy/policy.ts';
import { loadOrgFor } from '../../platform/policy/org-filter.ts';
import { chinaDate, type Actor } from '../../platform/auth/actor.ts';
import { newId } from '../../platform/ids.ts';
import { findHome } from '../homes/homes.repo.ts';
import { placeAbilities } from '../homes/homes.policy.ts';
import { findResident } from '../residents/residents.repo.ts';
import { listAttention, listTenancies, tenancyQuery } from './rentals.repo.ts';

type TenancyRow = Awaited<ReturnType<ReturnType<typeof tenancyQuery>['executeTakeFirstOrThrow']>>;

function present(actor: Actor, t: TenancyRow) {
  return {
    id: t.id,
    homeId: t.home_id,
    address: t.address,
    tenantId: t.tenant_id,
    tenantName: t.tenant_name,
    landlordId: t.landlord_id,
    landlordName: t.landlord_name,
    startDate: t.start_date,
    endDate: t.end_date,
    contractNo: t.contract_no,
    registeredOn: t.registered_on,
    abilities: abilitiesOf(placeAbilities, actor, t).map((a) => (a === 'update' ? 'end' : a)),
  };
}

/** 以房管人、以证管人: rented homes, their tenancies, and what needs action. */
export function registerRentalRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const today = () => chinaDate(ctx.clock.now());
  const orgPath = async (actor: Actor, orgId?: string) => (orgId ? (await loadOrgFor(ctx.db, actor, orgId, 'registry:read')).path : undefined);
  const load = async (actor: Actor, id: string) => {
    const t = await tenancyQuery(ctx.db, actor, {}, today()).where('t.id', '=', id).executeTakeFirst();
    if (!t) throw new AppError('TENANCY_NOT_FOUND');
    return present(actor, t);
  };

  r.get(
    '/api/v1/tenancies',
    {
      config: { access: permission('registry:read') },
      schema: { tags: ['rentals'], querystring: tenancyListQuerySchema, response: { 200: listOf(tenancySchema) } },
    },
    async (request) => {
      const actor = actorOf(request);
      const { orgId, homeId, current, ...page } = request.query;
      const list = await listTenancies(
        ctx.db,
        actor,
        { orgPath: await orgPath(actor, orgId), homeId, current: current === undefined ? undefined : current === 'true' },
        page,
        today(),
      );
      return { ...list, items: list.items.map((t) => present(actor, t)) };
    },
  );

  r.post(
    '/api/v1/tenancies',
    { config: { access: permission('registry:write') }, schema: { tags: ['rentals'], body: createTenancyInputSchema, response: { 201: tenancySchema } } },
    async (request, reply) => {
      const actor = actorOf(request);
      const input = request.body;
      const home = await findHome(ctx.db, actor, input.homeId);
      if (!home) throw new AppError('HOME_NOT_FOUND');
      authorizeAbility(placeAbilities, 'update', actor, home);
      const tenant = await findResident(ctx.db, actor, input.tenantId);
      if (!tenant) throw new AppError('RESIDENT_NOT_FOUND');
      if (input.landlordId && !(await ctx.db.selectFrom('residents').select('id').where('id', '=', input.landlordId).executeTakeFirst()))
        throw new AppError('RESIDENT_NOT_FOUND');
      if (input.endDate && input.endDate < input.startDate) throw new AppError('TENANCY_INVALID_PERIOD');
      const registeredOn = input.registeredOn ?? today();
      const id = newId();
      const now = ctx.clock.now().toISOString();
      await ctx.db.transaction().execute(async (trx) => {
        await trx
          .insertInto('tenancies')
          .values({
            id,
            home_id: home.id,
            org_path: home.org_path,
            tenant_id: tenant.id,
            landlord_id: input.landlordId ?? null,
            start_date: input.startDate,
            end_date: input.endDate ?? null,
            contract_no: input.contractNo ?? null,
            registered_on: registeredOn,
            registration_delay_days: Math.max(0, daysBetween(input.startDate, registeredOn)),
            created_at: now,
            updated_at: now,
          })
          .execute();
        if (home.is_rented !== 1) await trx.updateTable('homes').set({ is_rented: 1, updated_at: now }).where('id', '=', home.id).execute();
        await ctx.audit(trx, auditContextOf(request), { action: 'tenancy.create', targetType: 'tenancy', targetId: id, orgId: home.grid_id });
      });
      reply.status(201);
      return load(actor, id);
    },
  );

  r.post(
    '/api/v1/tenancies/:id/end',
    {
      config: { access: permission('registry:write') },
      schema: { tags: ['rentals'], params: z.object({ id: idSchema }), body: endTenancyInputSchema, response: { 200: tenancySchema } },
    },
    async (request) => {
      const actor = actorOf(request);
      const t = await tenancyQuery(ctx.db, actor, {}, today()).where('t.id', '=', request.params.id).executeTakeFirst();
      if (!t) throw new AppError('TENANCY_NOT_FOUND');
      authorizeAbility(placeAbilities, 'update', actor, t);
      if (request.body.endDate < t.start_date) throw new AppError('TENANCY_INVALID_PERIOD');
      await ctx.db.transaction().execute(async (trx) => {
        await trx.updateTable('tenancies').set({ end_date: request.body.endDate, updated_at: ctx.clock.now().toISOString() }).where('id', '=', t.id).execute();
        await ctx.audit(trx, auditContextOf(request), { action: 'tenancy.end', targetType: 'tenancy', targetId: t.id });
      });
      return load(actor, t.id);
    },
  );

  r.get(
    '/api/v1/rentals/attention',
    {
      config: { access: permission('registry:read') },
      schema: { tags: ['rentals'], querystring: rentalAttentionQuerySchema, response: { 200: listOf(rentalAttentionSchema) } },
    },
    async (request) => {
      const actor = actorOf(request);
      const { orgId, kind, ...page } = request.query;
      return listAttention(ctx.db, actor, await orgPath(actor, orgId), kind, page, today(), await ctx.settings.get('registry.rentals'));
    },
  );
}
