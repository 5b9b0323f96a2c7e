import { sql, type Kysely } from 'kysely';
import { figuresFromCounts, type FigureCounts, type Weights } from '@lingyan/shared';
import type { DB } from '../../platform/db/schema.ts';
import { pathsCondition } from '../../platform/policy/scope.ts';

const DISSATISFIED = sql.lit('dissatisfied');
const VERY_DISSATISFIED = sql.lit('very-dissatisfied');

/**
 * The counts of figures.ts in one pass of SQL, with the same definitions: excluded requests never
 * count; a request is resolved when completed and not rated dissatisfied.
 */
export async function figureCounts(db: Kysely<DB>, path: string, from: string, to: string): Promise<FigureCounts> {
  const n = (cond: ReturnType<typeof sql<number>>) => sql<number>`coalesce(sum(case when ${cond} then 1 else 0 end), 0)`;
  const row = await db
    .selectFrom('service_requests as r')
    .where((eb) => pathsCondition(eb, 'r.org_path', [path]))
    .where('r.received_date', '>=', from)
    .where('r.received_date', '<=', to)
    .where('r.excluded', '=', 0)
    .where('r.state', '!=', 'refused')
    .select([
      sql<number>`count(*)`.as('total'),
      n(sql`r.response_clock = 'on-time'`).as('responded_on_time'),
      n(sql`r.completed_at is not null`).as('completed'),
      n(sql`r.completed_at is not null and (r.rating is null or r.rating not in (${DISSATISFIED}, ${VERY_DISSATISFIED}))`).as('resolved'),
      n(sql`r.rating is not null`).as('rated'),
      n(sql`r.rating is not null and r.rating not in (${DISSATISFIED}, ${VERY_DISSATISFIED})`).as('satisfied'),
      n(sql`r.completed_at is not null and r.completion_clock = 'on-time'`).as('completed_on_time'),
      n(sql`r.completed_at is not null and r.trips <= 1`).as('completed_one_trip'),
    ])
    .executeTakeFirstOrThrow();
  return {
    total: Number(row.total),
    respondedOnTime: Number(row.responded_on_time),
    completed: Number(row.completed),
    resolved: Number(row.resolved),
    rated: Number(row.rated),
    satisfied: Number(row.satisfied),
    completedOnTime: Number(row.completed_on_time),
    completedOneTrip: Number(row.completed_one_trip),
  };
}

export async function statsFor(db: Kysely<DB>, org: { id: string; path: string; name: string }, from: string, to: string, weights: Weights) {
  const scoped = () =>
    db
      .selectFrom('service_requests as r')
      .where((eb) => pathsCondition(eb, 'r.org_path', [org.path]))
      .where('r.received_date', '>=', from)
      .where('r.received_date', '<=', to);
  const [counts, excluded, byItem, byChannel, children] = await Promise.all([
    figureCounts(db, org.path, from, to),
    scoped()
      .where('r.excluded', '=', 1)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
    scoped()
      .innerJoin('service_items as i', 'i.id', 'r.item_id')
      .where('r.excluded', '=', 0)
      .groupBy(['r.item_id', 'i.name'])
      .select(['r.item_id', 'i.name', (eb) => eb.fn.countAll<number>().as('n')])
      .orderBy('n', 'desc')
      .execute(),
    scoped()
      .where('r.excluded', '=', 0)
      .groupBy('r.channel')
      .select(['r.channel', (eb) => eb.fn.countAll<number>().as('n')])
      .orderBy('n', 'desc')
      .execute(),
    db.selectFrom('org_nodes').select(['id', 'name', 'path']).where('parent_id', '=', org.id).where('kind', '!=', 'grid').orderBy('sort_order').execute(),
  ]);
  const byOrg = await Promise.all(
    children.map(async (c) => ({ orgId: c.id, orgName: c.name, figures: figuresFromCounts(await figureCounts(db, c.path, from, to), weights) })),
  );
  return {
    orgId: org.id,
    orgName: org.name,
    from,
    to,
    weights,
    figures: figuresFromCounts(counts, weights),
    excluded: Number(excluded.n),
    byItem: byItem.map((b) => ({ itemId: b.item_id, itemName: b.name, count: Number(b.n) })),
    byChannel: byChannel.map((b) => ({ channel: b.channel, count: Number(b.n) })),
    byOrg: byOrg.filter((b) => b.figures.total > 0 || children.length <= 20),
  };
}
