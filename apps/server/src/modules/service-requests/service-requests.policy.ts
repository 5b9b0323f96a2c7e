import type { Expression, ExpressionBuilder, Kysely, SqlBool } from 'kysely';
import { canTransition, idsOfPath, type RequestAction, type RequestState } from '@lingyan/shared';
import type { Actor } from '../../platform/auth/actor.ts';
import type { DB, ServiceRequestsTable } from '../../platform/db/schema.ts';
import { can, scopePaths } from '../../platform/policy/policy.ts';
import { inScope } from '../../platform/policy/scope.ts';

/**
 * Who sees, receives and works on a service request — the one place for the rule.
 *
 * A request belongs to its community (its org path is the community's). Whoever holds
 * service:read there sees it; besides them, a person sees the requests they are involved in: as
 * first-contact owner, current handler, or assignee of one of its home visits. That is how a grid
 * worker (whose scope is their grid, below the community) works on the requests they received,
 * were transferred or were sent on a visit for — without seeing the rest of the community's.
 */
export type RequestRecord = Pick<ServiceRequestsTable, 'org_path' | 'state' | 'owner_id' | 'handler_id' | 'excluded' | 'follow_up_needed'> & {
  /** Home visits scheduled and not yet recorded. */
  open_visits: number | string | null;
  /** Of those, the ones assigned to the caller. */
  my_open_visits: number | string | null;
};

type RequestEB = ExpressionBuilder<DB & { r: ServiceRequestsTable }, 'r'>;

/** "Which requests?" in SQL, for the table aliased `r`: in service:read scope, or involving the caller. */
export function visibleRequests(eb: RequestEB, actor: Actor): Expression<SqlBool> {
  return eb.or([
    inScope(eb, 'r.org_path', actor, 'service:read'),
    eb('r.owner_id', '=', actor.userId),
    eb('r.handler_id', '=', actor.userId),
    eb.exists(eb.selectFrom('home_visits as v').select('v.id').whereRef('v.request_id', '=', 'r.id').where('v.assignee_id', '=', actor.userId)),
  ]);
}

/**
 * The same set as visibleRequests, as distinct ids to drive a list from, so that indexes serve it:
 * the requests under the caller's service:read nodes, then those they own, handle or visit. The
 * `states` a list asks for (if any) narrow each part to what the (state, org_path) and
 * (owner_id, state) indexes find; the list still applies all its filters itself.
 */
export function visibleRequestIds(db: Kysely<DB>, actor: Actor, states?: readonly string[]) {
  const part = () => {
    const q = db.selectFrom('service_requests as r').select('r.id');
    return states ? q.where('r.state', 'in', states) : q;
  };
  return part()
    .where((eb) => inScope(eb, 'r.org_path', actor, 'service:read'))
    .union(part().where('r.owner_id', '=', actor.userId))
    .union(part().where('r.handler_id', '=', actor.userId))
    .union(db.selectFrom('home_visits as v').select('v.request_id as id').where('v.assignee_id', '=', actor.userId));
}

/** The columns of RequestRecord beyond the request's own row (select them with the table aliased `r`). */
export function visitFactColumns(eb: RequestEB, actor: Actor) {
  const open = () =>
    eb
      .selectFrom('home_visits as v')
      .select((x) => x.fn.countAll<number>().as('n'))
      .whereRef('v.request_id', '=', 'r.id')
      .where('v.outcome', 'is', null);
  return [open().as('open_visits'), open().where('v.assignee_id', '=', actor.userId).as('my_open_visits')] as const;
}

/**
 * How the caller may receive a request for the community at `communityPath`: as its hall (any
 * channel), or — holding service:receive only at grids of that community — as a grid worker, for a
 * resident of their grid (channel grid-worker; checked with `receivesForResident`). Null: not at all.
 */
export function receiveAs(actor: Actor, communityPath: string): 'community' | 'grid' | null {
  if (can(actor, 'service:receive', communityPath)) return 'community';
  return scopePaths(actor, 'service:receive').some((p) => p.startsWith(communityPath)) ? 'grid' : null;
}
export const receivesForResident = (actor: Actor, residentPath: string) => can(actor, 'service:receive', residentPath);

/**
 * Where a request may be transferred (转办): to an org node above or at its community (its township
 * office, the city), or to a person who handles service requests there or below — a colleague at
 * the community, a grid worker of its grids, a township officer, a city department officer. With
 * both, the person works within that org node. The caller is no target of their own transfer.
 */
export function transferOrgPaths(requestPath: string): string[] {
  const ids = idsOfPath(requestPath);
  return ids.map((_, i) => `/${ids.slice(0, i + 1).join('/')}/`);
}
export function isTransferTargetAssignment(requestPath: string, a: { path: string; permissions: readonly string[] }): boolean {
  return a.permissions.includes('service:handle') && (requestPath.startsWith(a.path) || a.path.startsWith(requestPath));
}

/** The community's leaders (service:lead at the request's node) may do what its owner may, and more. */
const leads = (a: Actor, r: RequestRecord) => can(a, 'service:lead', r.org_path);
/** Who works on it: its owner, its current handler, or a colleague handling at its node. */
const works = (a: Actor, r: RequestRecord) => r.owner_id === a.userId || r.handler_id === a.userId || can(a, 'service:handle', r.org_path) || leads(a, r);
/** A visit's assignee records its outcome even when the request is otherwise not theirs. */
const visits = (a: Actor, r: RequestRecord) => Number(r.my_open_visits ?? 0) > 0;
/** An outcome is recorded only against a scheduled visit that has none yet. */
const hasOpenVisit = (r: RequestRecord) => Number(r.open_visits ?? 0) > 0;

/** Who may take each step (the state machine says when). */
const WHO: Record<RequestAction, (a: Actor, r: RequestRecord) => boolean> = {
  accept: works,
  refuse: works,
  transfer: works,
  pause: works,
  resume: works,
  complete: works,
  inform: works,
  rate: works,
  // First-contact ownership: only the owner, or the community's leader, closes the matter.
  close: (a, r) => r.owner_id === a.userId || leads(a, r),
  reopen: leads,
  trip: works,
  'authorize-agency': works,
  'agency-step': works,
  'schedule-visit': works,
  'record-visit': (a, r) => hasOpenVisit(r) && (works(a, r) || visits(a, r)),
  // A follow-up (回访复核) answers a dissatisfied rating; there is none to do otherwise.
  'follow-up': (a, r) => r.follow_up_needed === 1 && (leads(a, r) || can(a, 'service:handle', r.org_path)),
  exclude: leads,
};

/** Which visit's outcome the caller may record: any of the request's, for those who work on it; their own, for its assignee. */
export function mayRecordVisit(actor: Actor, r: RequestRecord, visitAssigneeId: string): boolean {
  return works(actor, r) || visitAssigneeId === actor.userId;
}

export function mayAct(actor: Actor, action: RequestAction, r: RequestRecord): boolean {
  return WHO[action](actor, r);
}

/** The steps the caller may take now: allowed for them and by the request's state. */
export function requestAbilities(actor: Actor, r: RequestRecord): string[] {
  return (Object.keys(WHO) as RequestAction[]).filter((a) => canTransition(r.state as RequestState, a) && mayAct(actor, a, r));
}
