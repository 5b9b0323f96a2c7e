import type { Kysely } from 'kysely';
import { EVENT_FIGURE_RULES, eventFigures, idsOfPath, OPEN_EVENT_STATES, type EventFacts, type EventFigure, type EventStats } from '@lingyan/shared';
import type { DB } from '../../platform/db/schema.ts';
import type { OrgRef } from '../../platform/policy/org-filter.ts';
import { pathsCondition } from '../../platform/policy/scope.ts';

/** Open events (still in the loop) per grid, for the map; every grid asked for has an entry. */
export async function openEventsByGrid(db: Kysely<DB>, gridIds: string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>(gridIds.map((id) => [id, 0]));
  if (gridIds.length === 0) return out;
  for (let i = 0; i < gridIds.length; i += 500) {
    const rows = await db
      .selectFrom('events')
      .select(['grid_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('grid_id', 'in', gridIds.slice(i, i + 500))
      .where('state', 'in', OPEN_EVENT_STATES)
      .groupBy('grid_id')
      .execute();
    for (const r of rows) out.set(r.grid_id, Number(r.n));
  }
  return out;
}

type FactRow = EventFacts & { id: string; orgPath: string; reporterId: string | null };

/** The events reported in [from, to] (China dates) under `orgPath`, with what the figures need. */
async function factsUnder(db: Kysely<DB>, orgPath: string, from: string, to: string): Promise<FactRow[]> {
  const rows = await db
    .selectFrom('events as e')
    .select([
      'e.id',
      'e.org_path',
      'e.reporter_id',
      'e.state',
      'e.registered_at',
      'e.closed_at',
      'e.handle_clock',
      'e.rework_count',
      'e.return_count',
      'e.dispatch_count',
      'e.feedback_count',
    ])
    .where((eb) => pathsCondition(eb, 'e.org_path', [orgPath]))
    .where('e.reported_date', '>=', from)
    .where('e.reported_date', '<=', to)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    orgPath: r.org_path,
    reporterId: r.reporter_id,
    state: r.state,
    registeredAt: r.registered_at,
    closedAt: r.closed_at,
    handleClock: r.handle_clock,
    reworkCount: Number(r.rework_count),
    returnCount: Number(r.return_count),
    dispatchCount: Number(r.dispatch_count),
    feedbackCount: Number(r.feedback_count),
  }));
}

/** The figures of an org node: its own total, one row per node below it, one row per person who reported there. */
export async function eventStatsFor(db: Kysely<DB>, org: OrgRef, from: string, to: string): Promise<EventStats> {
  const facts = await factsUnder(db, org.path, from, to);
  const children = await db
    .selectFrom('org_nodes')
    .select(['id', 'name', 'kind'])
    .where('parent_id', '=', org.id)
    .orderBy('sort_order')
    .orderBy('code')
    .execute();
  const depth = idsOfPath(org.path).length;
  const byChild = new Map<string, FactRow[]>();
  const byWorker = new Map<string, FactRow[]>();
  for (const f of facts) {
    const child = idsOfPath(f.orgPath)[depth];
    if (child) byChild.set(child, [...(byChild.get(child) ?? []), f]);
    if (f.reporterId) byWorker.set(f.reporterId, [...(byWorker.get(f.reporterId) ?? []), f]);
  }
  const workerIds = [...byWorker.keys()];
  const names = workerIds.length ? await db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', workerIds).execute() : [];
  return {
    orgId: org.id,
    orgName: org.name,
    orgKind: org.kind,
    from,
    to,
    figures: eventFigures(facts),
    children: children.map((c) => ({ orgId: c.id, name: c.name, kind: c.kind, figures: eventFigures(byChild.get(c.id) ?? []) })),
    workers: names
      .map((u) => ({ userId: u.id, name: u.display_name, figures: eventFigures(byWorker.get(u.id) ?? []) }))
      .sort((a, b) => b.figures.reported - a.figures.reported || a.name.localeCompare(b.name)),
  };
}

/** The drill-down: the ids of the events behind one figure (the same rule that counted them). */
export async function figureEventIds(db: Kysely<DB>, orgPath: string, from: string, to: string, figure: EventFigure, reporterId?: string): Promise<string[]> {
  const facts = await factsUnder(db, orgPath, from, to);
  return facts.filter((f) => (!reporterId || f.reporterId === reporterId) && EVENT_FIGURE_RULES[figure](f)).map((f) => f.id);
}
