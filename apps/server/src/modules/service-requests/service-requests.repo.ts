import type { Expression, ExpressionBuilder, Kysely, SelectQueryBuilder, SqlBool } from 'kysely';
import { addWorkingDays, type PageQuery, type WorkCalendarData } from '@lingyan/shared';
import type { DB } from '../../platform/db/schema.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { escapeLike, pathsCondition } from '../../platform/policy/scope.ts';
import { isTransferTargetAssignment, transferOrgPaths, visibleRequestIds, visibleRequests, visitFactColumns } from './service-requests.policy.ts';

export type RequestFilter = {
  orgPath?: string | undefined;
  state?: string | undefined;
  clock?: 'on-time' | 'warning' | 'overdue' | undefined;
  itemId?: string | undefined;
  channel?: string | undefined;
  ownerId?: string | undefined;
  handlerId?: string | undefined;
  open?: boolean | undefined;
  from?: string | undefined;
  to?: string | undefined;
  q?: string | undefined;
  excluded?: boolean | undefined;
  metric?: string | undefined;
  /** For the clock filter: each day a waiting request's pause began → the last due date that day still warned of. */
  pausedWarnFrom?: Record<string, string> | undefined;
};

export const requestColumns = [
  'r.id',
  'r.number',
  'r.org_id',
  'r.org_path',
  'o.name as org_name',
  'r.item_id',
  'i.name as item_name',
  'r.channel',
  'r.resident_id',
  'res.name as resident_name',
  'r.visitor_name',
  'r.contact_phone_masked',
  'r.description',
  'r.state',
  'r.owner_id',
  'ou.display_name as owner_name',
  'r.handler_id',
  'hu.display_name as handler_name',
  'ho.name as handler_org_name',
  'r.received_at',
  'r.received_date',
  'r.response_due',
  'r.responded_at',
  'r.response_clock',
  'r.completion_due',
  'r.due_provisional',
  'r.completed_at',
  'r.completion_clock',
  'r.paused_on',
  'r.informed_at',
  'r.inform_method',
  'r.closed_at',
  'r.refused_reason',
  'r.trips',
  'r.agency_authorized',
  'r.rating',
  'r.rating_comment',
  'r.follow_up_needed',
  'r.excluded',
  'r.excluded_reason',
] as const;

const OPEN_STATES = ['received', 'accepted'] as const;

/**
 * The one query behind the board, "my requests", the drill-down and the detail: the requests the
 * policy lets the actor see (visibleRequests: their service:read nodes, plus those they own, handle
 * or visit — a transfer may take a request to a township officer, a grid worker below the community).
 */
export function requestQuery(db: Kysely<DB>, actor: Actor, f: RequestFilter, cal: WorkCalendarData, today: string, warnWorkingDays: number) {
  return withJoins(filteredRequests(db.selectFrom('service_requests as r'), f, cal, today, warnWorkingDays).where((eb) => visibleRequests(eb, actor)));
}

/** The tables a request's columns (requestColumns) come from. */
function withJoins(q: RequestSource) {
  return q
    .innerJoin('org_nodes as o', 'o.id', 'r.org_id')
    .innerJoin('service_items as i', 'i.id', 'r.item_id')
    .leftJoin('residents as res', 'res.id', 'r.resident_id')
    .leftJoin('users as ou', 'ou.id', 'r.owner_id')
    .leftJoin('users as hu', 'hu.id', 'r.handler_id')
    .leftJoin('org_nodes as ho', 'ho.id', 'r.handler_org_id');
}

/**
 * A list's requests: driven from the visible ids (visibleRequestIds, narrowed by the filter's
 * states) and joined to the rows by primary key. CROSS JOIN keeps SQLite's planner to that order:
 * it would otherwise scan every open request of the city and probe the ids.
 */
function listedRequests(db: Kysely<DB>, actor: Actor, f: RequestFilter, cal: WorkCalendarData, today: string, warnWorkingDays: number) {
  const source = db
    .selectFrom(visibleRequestIds(db, actor, statesOf(f)).as('vis'))
    .crossJoin('service_requests as r')
    .whereRef('r.id', '=', 'vis.id');
  // Filters name only `r` and the joined tables, never `vis`: the builder is typed as over `r` alone.
  return filteredRequests(source as unknown as RequestSource, f, cal, today, warnWorkingDays);
}

/** The states a filter allows, when it names them: lists narrow the visible ids to these. */
function statesOf(f: RequestFilter): readonly string[] | undefined {
  if (f.state) return [f.state];
  if (f.open === true) return ['received', 'accepted', 'waiting'];
  return undefined;
}

type RequestSource = SelectQueryBuilder<DB & { r: DB['service_requests'] }, 'r', object>;

/** The filters, on the request's own row (`r`) alone, so that counting and paging need no join. */
function filteredRequests(source: RequestSource, f: RequestFilter, cal: WorkCalendarData, today: string, warnWorkingDays: number) {
  let q = source;
  if (f.orgPath) q = q.where((eb) => pathsCondition(eb, 'r.org_path', [f.orgPath!]));
  if (f.state) q = q.where('r.state', '=', f.state);
  if (f.itemId) q = q.where('r.item_id', '=', f.itemId);
  if (f.channel) q = q.where('r.channel', '=', f.channel);
  if (f.ownerId) q = q.where('r.owner_id', '=', f.ownerId);
  if (f.handlerId) q = q.where('r.handler_id', '=', f.handlerId);
  if (f.open === true) q = q.where('r.state', 'in', ['received', 'accepted', 'waiting']);
  if (f.open === false) q = q.where('r.state', 'not in', ['received', 'accepted', 'waiting']);
  if (f.from) q = q.where('r.received_date', '>=', f.from);
  if (f.to) q = q.where('r.received_date', '<=', f.to);
  if (f.excluded !== undefined) q = q.where('r.excluded', '=', f.excluded ? 1 : 0);
  if (f.q) {
    const like = `%${escapeLike(f.q)}%`;
    q = q.where((eb) =>
      eb.or([
        eb('r.number', '=', f.q!.toUpperCase()),
        eb(
          'r.resident_id',
          'in',
          eb
            .selectFrom('residents as res')
            .select('res.id')
            .where('res.name', 'like', `${escapeLike(f.q!)}%`),
        ),
        eb('r.visitor_name', 'like', `${escapeLike(f.q!)}%`),
        eb('r.description', 'like', like),
      ]),
    );
  }
  if (f.clock) {
    // Running clocks are judged by date; ended ones by the state frozen when they ended; a paused
    // one (补正) as it stood the day the pause began (see clockDay in shared).
    const warnFrom = addWorkingDays(cal, today, warnWorkingDays).date;
    const paused = Object.entries(f.pausedWarnFrom ?? {});
    const pausedWith = (eb: ExpressionBuilder<DB & { r: DB['service_requests'] }, 'r'>, due: (pausedOn: string, warnBy: string) => Expression<SqlBool>) =>
      eb.and([eb('r.state', '=', 'waiting'), eb.or(paused.map(([pausedOn, warnBy]) => eb.and([eb('r.paused_on', '=', pausedOn), due(pausedOn, warnBy)])))]);
    if (f.clock === 'overdue')
      q = q.where((eb) =>
        eb.or([
          eb('r.completion_clock', '=', 'overdue'),
          eb.and([eb('r.state', 'in', OPEN_STATES), eb('r.completion_due', '<', today)]),
          eb.and([eb('r.state', '=', 'waiting'), eb('r.completion_due', '<', eb.ref('r.paused_on'))]),
        ]),
      );
    if (f.clock === 'warning')
      q = q.where((eb) =>
        eb.or([
          eb.and([eb('r.state', 'in', OPEN_STATES), eb('r.completion_due', '>=', today), eb('r.completion_due', '<=', warnFrom)]),
          pausedWith(eb, (pausedOn, warnBy) => eb.and([eb('r.completion_due', '>=', pausedOn), eb('r.completion_due', '<=', warnBy)])),
        ]),
      );
    if (f.clock === 'on-time')
      q = q.where((eb) =>
        eb.or([
          eb('r.completion_clock', '=', 'on-time'),
          eb.and([eb('r.completion_clock', 'is', null), eb('r.state', '!=', 'waiting'), eb('r.completion_due', '>', warnFrom)]),
          pausedWith(eb, (_pausedOn, warnBy) => eb('r.completion_due', '>', warnBy)),
        ]),
      );
  }
  if (f.metric) {
    // The same population as the figures: neither excluded nor refused requests count.
    q = q.where('r.excluded', '=', 0).where('r.state', '!=', 'refused');
    if (f.metric === 'responded-late')
      q = q.where((eb) => eb.or([eb('r.response_clock', '=', 'overdue'), eb.and([eb('r.response_clock', 'is', null), eb('r.response_due', '<', today)])]));
    if (f.metric === 'not-resolved')
      q = q.where((eb) => eb.or([eb('r.completed_at', 'is', null), eb('r.rating', 'in', ['dissatisfied', 'very-dissatisfied'])]));
    if (f.metric === 'dissatisfied') q = q.where('r.rating', 'in', ['dissatisfied', 'very-dissatisfied']);
    if (f.metric === 'completed-late') q = q.where('r.completion_clock', '=', 'overdue');
    if (f.metric === 'more-than-one-trip') q = q.where('r.completed_at', 'is not', null).where('r.trips', '>', 1);
  }
  return q;
}

export async function listRequests(db: Kysely<DB>, actor: Actor, f: RequestFilter, page: PageQuery, cal: WorkCalendarData, today: string, warn: number) {
  let filter = f;
  if (f.clock) {
    // The days on which the waiting requests were paused: few, as requests wait days, not months.
    const days = await db
      .selectFrom('service_requests')
      .select('paused_on')
      .distinct()
      .where('state', '=', 'waiting')
      .where('paused_on', 'is not', null)
      .execute();
    filter = { ...f, pausedWarnFrom: Object.fromEntries(days.map((d) => [d.paused_on!, addWorkingDays(cal, d.paused_on!, warn).date])) };
  }
  // Count and page on the requests alone; the columns (joins, visit facts) only for the page.
  const listed = listedRequests(db, actor, filter, cal, today, warn);
  const counted = await listed.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const ids = (
    await listed
      .select('r.id')
      .orderBy('r.received_at', 'desc')
      .orderBy('r.id', 'desc')
      .limit(page.pageSize)
      .offset((page.page - 1) * page.pageSize)
      .execute()
  ).map((r) => r.id);
  const items = ids.length
    ? await withJoins(db.selectFrom('service_requests as r'))
        .select(requestColumns)
        .select((eb) => visitFactColumns(eb, actor))
        .where('r.id', 'in', ids)
        .orderBy('r.received_at', 'desc')
        .orderBy('r.id', 'desc')
        .execute()
    : [];
  return { items, total: Number(counted.n), page: page.page, pageSize: page.pageSize };
}

export async function findRequest(db: Kysely<DB>, actor: Actor, id: string, cal: WorkCalendarData, today: string, warn: number) {
  return requestQuery(db, actor, {}, cal, today, warn)
    .select(requestColumns)
    .select((eb) => visitFactColumns(eb, actor))
    .where('r.id', '=', id)
    .executeTakeFirst();
}
export type RequestRow = NonNullable<Awaited<ReturnType<typeof findRequest>>>;

/** A request's own row and the visit facts its policy needs, whoever asks (visibility is checked by the caller). */
export async function loadRequestRecord(db: Kysely<DB>, actor: Actor, id: string) {
  return db
    .selectFrom('service_requests as r')
    .selectAll('r')
    .select((eb) => visitFactColumns(eb, actor))
    .where('r.id', '=', id)
    .executeTakeFirst();
}

/**
 * A request's timeline: each step with the person who took it by their name and where they work
 * (the org nodes of their assignments), not their username. Steps taken by no account (a resident
 * online) have no actor.
 */
export async function requestEvents(db: Kysely<DB>, requestId: string) {
  const events = await db
    .selectFrom('service_request_events as e')
    .leftJoin('users as u', 'u.id', 'e.actor_id')
    .select(['e.at', 'e.actor_id', 'u.display_name', 'e.action', 'e.from_state', 'e.to_state', 'e.note', 'e.data'])
    .where('e.request_id', '=', requestId)
    .orderBy('e.at')
    .orderBy('e.id')
    .execute();
  const actorIds = [...new Set(events.map((e) => e.actor_id).filter((x): x is string => !!x))];
  const orgs = new Map<string, string[]>();
  if (actorIds.length) {
    const rows = await db
      .selectFrom('assignments as a')
      .innerJoin('org_nodes as o', 'o.id', 'a.org_id')
      .select(['a.user_id', 'o.name'])
      .where('a.user_id', 'in', actorIds)
      .orderBy('o.path')
      .execute();
    for (const r of rows) {
      const names = orgs.get(r.user_id) ?? [];
      if (!names.includes(r.name)) names.push(r.name);
      orgs.set(r.user_id, names);
    }
  }
  return events.map((e) => ({
    at: e.at,
    actorName: e.actor_id ? e.display_name : null,
    actorOrgName: e.actor_id ? (orgs.get(e.actor_id)?.join('、') ?? null) : null,
    action: e.action,
    fromState: e.from_state,
    toState: e.to_state,
    note: e.note,
    data: e.data ? (JSON.parse(e.data) as Record<string, unknown>) : null,
  }));
}

export type TransferTargets = {
  users: { id: string; displayName: string; orgName: string; orgPaths: string[] }[];
  orgs: { id: string; name: string; kind: string; path: string }[];
};

/** The valid targets of a transfer of the request at `requestPath` by `callerId` (the rule: transferOrgPaths, isTransferTargetAssignment). */
export async function transferTargets(db: Kysely<DB>, requestPath: string, callerId: string, today: string): Promise<TransferTargets> {
  const orgPaths = transferOrgPaths(requestPath);
  const orgs = await db.selectFrom('org_nodes').select(['id', 'name', 'kind', 'path']).where('path', 'in', orgPaths).orderBy('path').execute();
  const rows = await db
    .selectFrom('assignments as a')
    .innerJoin('users as u', 'u.id', 'a.user_id')
    .innerJoin('org_nodes as o', 'o.id', 'a.org_id')
    .innerJoin('roles as ro', 'ro.code', 'a.role')
    .select(['u.id', 'u.display_name', 'o.name', 'o.path', 'ro.permissions'])
    .where('u.status', '=', 'active')
    .where('u.id', '!=', callerId)
    .where((eb) => eb.or([eb('a.valid_from', 'is', null), eb('a.valid_from', '<=', today)]))
    .where((eb) => eb.or([eb('a.valid_to', 'is', null), eb('a.valid_to', '>=', today)]))
    .where((eb) => eb.or([eb('o.path', 'in', orgPaths), pathsCondition(eb, 'o.path', [requestPath])]))
    .orderBy('o.path')
    .orderBy('u.display_name')
    .execute();
  const users = new Map<string, TransferTargets['users'][number]>();
  for (const r of rows) {
    if (!isTransferTargetAssignment(requestPath, { path: r.path, permissions: JSON.parse(r.permissions) as string[] })) continue;
    const u = users.get(r.id);
    if (u) {
      u.orgPaths.push(r.path);
      if (!u.orgName.split('、').includes(r.name)) u.orgName += `、${r.name}`;
    } else users.set(r.id, { id: r.id, displayName: r.display_name, orgName: r.name, orgPaths: [r.path] });
  }
  return { users: [...users.values()], orgs };
}
