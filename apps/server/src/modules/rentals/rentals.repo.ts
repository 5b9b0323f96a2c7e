import type { Kysely } from 'kysely';
import { addDays, daysBetween, type PageQuery, type RentalAttention, type RentalPolicy } from '@lingyan/shared';
import type { DB } from '../../platform/db/schema.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { inScope, pathsCondition } from '../../platform/policy/scope.ts';
import { paginate } from '../../platform/http/pagination.ts';

export type TenancyFilter = { orgPath?: string | undefined; homeId?: string | undefined; current?: boolean | undefined };

export function tenancyQuery(db: Kysely<DB>, actor: Actor, f: TenancyFilter, today: string) {
  let q = db
    .selectFrom('tenancies as t')
    .innerJoin('homes as h', 'h.id', 't.home_id')
    .innerJoin('residents as tr', 'tr.id', 't.tenant_id')
    .leftJoin('residents as lr', 'lr.id', 't.landlord_id')
    .where((eb) => inScope(eb, 't.org_path', actor, 'registry:read'));
  if (f.orgPath) q = q.where((eb) => pathsCondition(eb, 't.org_path', [f.orgPath!]));
  if (f.homeId) q = q.where('t.home_id', '=', f.homeId);
  if (f.current === true) q = q.where((eb) => eb.or([eb('t.end_date', 'is', null), eb('t.end_date', '>=', today)]));
  if (f.current === false) q = q.where('t.end_date', '<', today);
  return q.select([
    't.id',
    't.home_id',
    't.org_path',
    'h.address',
    't.tenant_id',
    'tr.name as tenant_name',
    't.landlord_id',
    'lr.name as landlord_name',
    't.start_date',
    't.end_date',
    't.contract_no',
    't.registered_on',
  ]);
}

export async function listTenancies(db: Kysely<DB>, actor: Actor, f: TenancyFilter, page: PageQuery, today: string) {
  return paginate(tenancyQuery(db, actor, f, today), page, (x) => x.orderBy('t.start_date', 'desc').orderBy('t.id'));
}

export type AttentionKind = RentalAttention['kind'];

/**
 * The rented-homes watch list: tenancies registered late, residence permits expired or about to
 * expire, and rented homes with no current tenancy. Each kind is its own query; the page runs
 * across them in a fixed order.
 */
export function attentionQueries(db: Kysely<DB>, actor: Actor, orgPath: string | undefined, today: string, policy: RentalPolicy) {
  const scoped = <Q extends { where: any }>(q: Q, col: string): Q =>
    (orgPath ? q.where((eb: any) => pathsCondition(eb, col, [orgPath])) : q).where((eb: any) => inScope(eb, col, actor, 'registry:read'));
  const currentTenancy = (eb: any, homeRef: string) =>
    eb.exists(
      eb
        .selectFrom('tenancies as ct')
        .select('ct.id')
        .whereRef('ct.home_id', '=', homeRef)
        .where((e: any) => e.or([e('ct.end_date', 'is', null), e('ct.end_date', '>=', today)])),
    );
  return {
    'late-registration': scoped(
      db
        .selectFrom('tenancies as t')
        .innerJoin('homes as h', 'h.id', 't.home_id')
        .innerJoin('org_nodes as g', 'g.id', 'h.grid_id')
        .innerJoin('residents as r', 'r.id', 't.tenant_id')
        .where('t.registration_delay_days', '>', policy.registerWithinDays)
        .where((eb) => eb.or([eb('t.end_date', 'is', null), eb('t.end_date', '>=', today)]))
        .select([
          'h.id as home_id',
          'h.address',
          'g.name as grid_name',
          'r.id as resident_id',
          'r.name as resident_name',
          't.start_date as date',
          't.registration_delay_days as days',
        ]),
      't.org_path',
    ),
    'permit-expired': scoped(
      db
        .selectFrom('residents as r')
        .innerJoin('homes as h', 'h.id', 'r.home_id')
        .innerJoin('org_nodes as g', 'g.id', 'r.grid_id')
        .where('r.status', '=', 'living')
        .where('r.residence_permit_expires', '<', today)
        .select([
          'h.id as home_id',
          'h.address',
          'g.name as grid_name',
          'r.id as resident_id',
          'r.name as resident_name',
          'r.residence_permit_expires as date',
        ]),
      'r.org_path',
    ),
    'permit-expiring': scoped(
      db
        .selectFrom('residents as r')
        .innerJoin('homes as h', 'h.id', 'r.home_id')
        .innerJoin('org_nodes as g', 'g.id', 'r.grid_id')
        .where('r.status', '=', 'living')
        .where('r.residence_permit_expires', '>=', today)
        .where('r.residence_permit_expires', '<=', addDays(today, policy.permitWarnDays))
        .select([
          'h.id as home_id',
          'h.address',
          'g.name as grid_name',
          'r.id as resident_id',
          'r.name as resident_name',
          'r.residence_permit_expires as date',
        ]),
      'r.org_path',
    ),
    'rented-without-tenancy': scoped(
      db
        .selectFrom('homes as h')
        .innerJoin('org_nodes as g', 'g.id', 'h.grid_id')
        .where('h.is_rented', '=', 1)
        .where((eb) => eb.not(currentTenancy(eb, 'h.id')))
        .select(['h.id as home_id', 'h.address', 'g.name as grid_name']),
      'h.org_path',
    ),
  } as const;
}

export const ATTENTION_ORDER: AttentionKind[] = ['permit-expired', 'late-registration', 'permit-expiring', 'rented-without-tenancy'];

export async function listAttention(
  db: Kysely<DB>,
  actor: Actor,
  orgPath: string | undefined,
  kind: AttentionKind | undefined,
  page: PageQuery,
  today: string,
  policy: RentalPolicy,
) {
  const queries = attentionQueries(db, actor, orgPath, today, policy);
  const kinds = kind ? [kind] : ATTENTION_ORDER;
  const counts = await Promise.all(
    kinds.map(async (k) =>
      Number(
        (
          (await (queries[k] as any)
            .clearSelect()
            .select((eb: any) => eb.fn.countAll().as('n'))
            .executeTakeFirst()) as { n: number }
        ).n,
      ),
    ),
  );
  const total = counts.reduce((a, b) => a + b, 0);
  let skip = (page.page - 1) * page.pageSize;
  let want = page.pageSize;
  const items: RentalAttention[] = [];
  for (let i = 0; i < kinds.length && want > 0; i++) {
    const k = kinds[i]!;
    if (skip >= counts[i]!) {
      skip -= counts[i]!;
      continue;
    }
    const rows = (await (queries[k] as any).orderBy('h.address').offset(skip).limit(want).execute()) as any[];
    skip = 0;
    want -= rows.length;
    for (const row of rows) {
      items.push({
        kind: k,
        homeId: row.home_id,
        address: row.address,
        gridName: row.grid_name,
        residentId: row.resident_id ?? null,
        residentName: row.resident_name ?? null,
        date: row.date ?? null,
        days: k.startsWith('permit') ? daysBetween(today, row.date) : row.days === undefined || row.days === null ? null : Number(row.days),
      });
    }
  }
  return { items, total, page: page.page, pageSize: page.pageSize };
}
