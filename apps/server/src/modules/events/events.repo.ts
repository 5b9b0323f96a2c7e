import type { Kysely, SelectQueryBuilder } from 'kysely';
import type { ClockState, EventState, PageQuery } from '@lingyan/shared';
import type { DB, EventsTable } from '../../platform/db/schema.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { pathsCondition } from '../../platform/policy/scope.ts';
import { handlingOrgIds, visibleEvents } from './events.policy.ts';

export type EventRow = EventsTable & {
  grid_name: string;
  community_name: string | null;
  category_name: string | null;
  category_code: string | null;
  category_kind: string | null;
  closing_condition: string | null;
  reporter_name: string | null;
  handler_org_name: string | null;
  handler_user_name: string | null;
};

type Joined = DB & { e: EventsTable };

function baseQuery(db: Kysely<DB>) {
  return db
    .selectFrom('events as e')
    .innerJoin('org_nodes as g', 'g.id', 'e.grid_id')
    .leftJoin('org_nodes as c', 'c.id', 'g.parent_id')
    .leftJoin('event_categories as k', 'k.id', 'e.category_id')
    .leftJoin('users as ru', 'ru.id', 'e.reporter_id')
    .leftJoin('org_nodes as ho', 'ho.id', 'e.handler_org_id')
    .leftJoin('users as hu', 'hu.id', 'e.handler_user_id')
    .selectAll('e')
    .select([
      'g.name as grid_name',
      'c.name as community_name',
      'k.name as category_name',
      'k.code as category_code',
      'k.kind as category_kind',
      'k.closing_condition as closing_condition',
      'ru.display_name as reporter_name',
      'ho.name as handler_org_name',
      'hu.display_name as handler_user_name',
    ]);
}

/** One event, if the caller may see it (otherwise undefined: a 404). */
export async function findEvent(db: Kysely<DB>, actor: Actor, id: string): Promise<EventRow | undefined> {
  return baseQuery(db)
    .where('e.id', '=', id)
    .where((eb) => visibleEvents(eb as never, actor))
    .executeTakeFirst() as Promise<EventRow | undefined>;
}

/** The row as it is, without scope (for commands that already checked it). */
export async function loadEvent(db: Kysely<DB>, id: string): Promise<EventsTable | undefined> {
  return db.selectFrom('events').selectAll().where('id', '=', id).executeTakeFirst();
}

export type EventFilter = {
  orgPath?: string | undefined;
  state?: EventState | undefined;
  open?: boolean | undefined;
  clock?: ClockState | undefined;
  from?: string | undefined;
  to?: string | undefined;
  reporterId?: string | undefined;
  mine?: 'handling' | 'reported' | undefined;
  escalated?: 'true' | undefined;
  ids?: string[] | undefined;
  q?: string | undefined;
};

const OPEN: EventState[] = ['reported', 'registered', 'dispatched', 'returned', 'fed-back'];

export function applyFilter<O>(q: SelectQueryBuilder<Joined, 'e', O>, actor: Actor, f: EventFilter, now: string): SelectQueryBuilder<Joined, 'e', O> {
  let out = q.where((eb) => visibleEvents(eb as never, actor));
  if (f.orgPath) out = out.where((eb) => pathsCondition(eb, 'e.org_path', [f.orgPath!]));
  if (f.state) out = out.where('e.state', '=', f.state);
  if (f.open !== undefined) out = out.where('e.state', f.open ? 'in' : 'not in', OPEN);
  if (f.from) out = out.where('e.reported_date', '>=', f.from);
  if (f.to) out = out.where('e.reported_date', '<=', f.to);
  if (f.reporterId) out = out.where('e.reporter_id', '=', f.reporterId);
  if (f.ids) out = f.ids.length ? out.where('e.id', 'in', f.ids) : out.where('e.id', '=', '-');
  if (f.q) out = out.where((eb) => eb.or([eb('e.number', 'like', `%${f.q}%`), eb('e.description', 'like', `%${f.q}%`), eb('e.address', 'like', `%${f.q}%`)]));
  if (f.mine === 'reported') out = out.where('e.reporter_id', '=', actor.userId);
  if (f.escalated === 'true') out = out.where('e.escalated_at', 'is not', null);
  if (f.mine === 'handling') {
    const units = handlingOrgIds(actor);
    out = out
      .where('e.state', '=', 'dispatched')
      .where((eb) => eb.or([eb('e.handler_user_id', '=', actor.userId), ...(units.length ? [eb('e.handler_org_id', 'in', units)] : [])]));
  }
  if (f.clock === 'overdue') out = out.where('e.clock_due', '<', now);
  if (f.clock === 'warning') out = out.where('e.clock_due', '>=', now).where('e.clock_warn_at', '<=', now);
  if (f.clock === 'on-time') out = out.where('e.clock_warn_at', '>', now);
  return out;
}

export async function listEvents(db: Kysely<DB>, actor: Actor, f: EventFilter, page: PageQuery, now: string): Promise<{ items: EventRow[]; total: number }> {
  const count = await applyFilter(db.selectFrom('events as e'), actor, f, now)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const items = (await applyFilter(baseQuery(db) as never as SelectQueryBuilder<Joined, 'e', EventRow>, actor, f, now)
    .orderBy('e.reported_at', 'desc')
    .orderBy('e.id', 'desc')
    .limit(page.pageSize)
    .offset((page.page - 1) * page.pageSize)
    .execute()) as EventRow[];
  return { items, total: Number(count.n) };
}

export async function eventSteps(db: Kysely<DB>, eventId: string) {
  return db.selectFrom('event_steps').selectAll().where('event_id', '=', eventId).orderBy('at').orderBy('id').execute();
}
