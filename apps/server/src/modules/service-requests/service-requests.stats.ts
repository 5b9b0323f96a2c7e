import { sql, type Kysely } from 'kysely';
import { figuresFromCounts, type FigureCounts, type Weights } from '@lingyan/shared';
import type { DB } from '../../platform/db/schema.ts';
import { ALL } from './service-requests.tally.ts';

const sum = (column: string) => sql<number>`coalesce(sum(${sql.ref(column)}), 0)`;

/**
 * The counts of figures.ts for org nodes over the received days [from, to], read from the running
 * tally (service-requests.tally.ts has the definitions): a node's own rows already hold everything
 * filed under it, so this reads one row per day and node, whatever the number of requests.
 */
async function countsByOrg(db: Kysely<DB>, orgIds: string[], from: string, to: string) {
  const rows = await db
    .selectFrom('service_request_daily as d')
    .where('d.org_id', 'in', orgIds)
    .where('d.item_id', '=', ALL)
    .where('d.channel', '=', ALL)
    .where('d.day', '>=', from)
    .where('d.day', '<=', to)
    .groupBy('d.org_id')
    .select([
      'd.org_id',
      sum('d.counted').as('total'),
      sum('d.responded_on_time').as('responded_on_time'),
      sum('d.completed').as('completed'),
      sum('d.resolved').as('resolved'),
      sum('d.rated').as('rated'),
      sum('d.satisfied').as('satisfied'),
      sum('d.completed_on_time').as('completed_on_time'),
      sum('d.completed_one_trip').as('completed_one_trip'),
      sum('d.excluded').as('excluded'),
    ])
    .execute();
  const byOrg = new Map<string, { counts: FigureCounts; excluded: number }>();
  for (const row of rows)
    byOrg.set(row.org_id, {
      counts: {
        total: Number(row.total),
        respondedOnTime: Number(row.responded_on_time),
        completed: Number(row.completed),
        resolved: Number(row.resolved),
        rated: Number(row.rated),
        satisfied: Number(row.satisfied),
        completedOnTime: Number(row.completed_on_time),
        completedOneTrip: Number(row.completed_one_trip),
      },
      excluded: Number(row.excluded),
    });
  const none: FigureCounts = { total: 0, respondedOnTime: 0, completed: 0, resolved: 0, rated: 0, satisfied: 0, completedOnTime: 0, completedOneTrip: 0 };
  return (id: string) => byOrg.get(id) ?? { counts: none, excluded: 0 };
}

/** The node's figures for requests received on [from, to] (China dates), by item, channel and child node. */
export async function statsFor(db: Kysely<DB>, org: { id: string; path: string; name: string }, from: string, to: string, weights: Weights) {
  const own = () => db.selectFrom('service_request_daily as d').where('d.org_id', '=', org.id).where('d.day', '>=', from).where('d.day', '<=', to);
  // Sequential: SQLite answers one query at a time anyway, and each of these is small.
  const children = await db
    .selectFrom('org_nodes')
    .select(['id', 'name', 'path'])
    .where('parent_id', '=', org.id)
    .where('kind', '!=', 'grid')
    .orderBy('sort_order')
    .execute();
  const counts = await countsByOrg(db, [org.id, ...children.map((c) => c.id)], from, to);
  // Summed by item first, then named: the join runs once per item, not once per day.
  const byItem = await db
    .selectFrom(
      own()
        .where('d.channel', '=', ALL)
        .where('d.item_id', '!=', ALL)
        .groupBy('d.item_id')
        .select(['d.item_id', sum('d.requests').as('n')])
        .as('s'),
    )
    .innerJoin('service_items as i', 'i.id', 's.item_id')
    .select(['s.item_id', 'i.name', 's.n'])
    .where('s.n', '>', 0)
    .orderBy('s.n', 'desc')
    .orderBy('i.name')
    .execute();
  const byChannel = await own()
    .where('d.item_id', '=', ALL)
    .where('d.channel', '!=', ALL)
    .groupBy('d.channel')
    .select(['d.channel', sum('d.requests').as('n')])
    .having(sql<number>`sum(${sql.ref('d.requests')})`, '>', 0)
    .orderBy('n', 'desc')
    .orderBy('d.channel')
    .execute();
  const byOrg = children.map((c) => ({ orgId: c.id, orgName: c.name, figures: figuresFromCounts(counts(c.id).counts, weights) }));
  const mine = counts(org.id);
  return {
    orgId: org.id,
    orgName: org.name,
    from,
    to,
    weights,
    figures: figuresFromCounts(mine.counts, weights),
    excluded: mine.excluded,
    byItem: byItem.map((b) => ({ itemId: b.item_id, itemName: b.name, count: Number(b.n) })),
    byChannel: byChannel.map((b) => ({ channel: b.channel, count: Number(b.n) })),
    byOrg: byOrg.filter((b) => b.figures.total > 0 || children.length <= 20),
  };
}
