import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import { EVENT_TRANSITIONS, eventActionsFor, type EventAction, type EventParty, type EventState } from '@lingyan/shared';
import type { Actor } from '../../platform/auth/actor.ts';
import type { DB, EventsTable } from '../../platform/db/schema.ts';
import { can } from '../../platform/policy/policy.ts';
import { inScope } from '../../platform/policy/scope.ts';

/**
 * Who sees an event and who takes its steps — the one place for the rule.
 *
 * An event belongs to its grid (its org path is the grid's). Whoever holds event:read there sees
 * it: a grid worker their grid's, the community all its grids', the township and the city theirs.
 * Besides, its reporter sees it, and so does the unit it is dispatched to: the named person, and
 * whoever holds event:handle at exactly that org node (a city department officer sees only the
 * events dispatched to the city, not the whole city's).
 *
 * The command post (event:dispatch at the event's grid: the community's leaders, the township)
 * registers, voids, dispatches, verifies, sends back for rework and evaluates; the unit returns
 * or feeds back.
 */
export type EventRecord = Pick<EventsTable, 'org_path' | 'state' | 'reporter_id' | 'handler_org_id' | 'handler_user_id'>;

type EventEB = ExpressionBuilder<DB & { e: EventsTable }, 'e'>;

/** The org nodes where the caller handles events (their event:handle assignments). */
export function handlingOrgIds(actor: Actor): string[] {
  return [...new Set(actor.assignments.filter((a) => a.permissions.includes('event:handle')).map((a) => a.orgId))];
}

/** "Which events?" in SQL, for the table aliased `e`. */
export function visibleEvents(eb: EventEB, actor: Actor): Expression<SqlBool> {
  const units = handlingOrgIds(actor);
  return eb.or([
    inScope(eb, 'e.org_path', actor, 'event:read'),
    eb('e.reporter_id', '=', actor.userId),
    eb('e.handler_user_id', '=', actor.userId),
    ...(units.length > 0 ? [eb('e.handler_org_id', 'in', units)] : []),
  ]);
}

export function isDispatcher(actor: Actor, e: EventRecord): boolean {
  return can(actor, 'event:dispatch', e.org_path);
}

/** The unit it is dispatched to: the named person, or anyone handling events at that org node. */
export function isHandler(actor: Actor, e: EventRecord): boolean {
  if (!e.handler_org_id) return false;
  return e.handler_user_id === actor.userId || handlingOrgIds(actor).includes(e.handler_org_id);
}

export function partiesOf(actor: Actor, e: EventRecord): EventParty[] {
  const parties: EventParty[] = [];
  if (isDispatcher(actor, e)) parties.push('dispatcher');
  if (isHandler(actor, e)) parties.push('handler');
  return parties;
}

/** Whether the caller is the party that takes `action` (the state machine says when). */
export function mayTake(actor: Actor, action: EventAction, e: EventRecord): boolean {
  return partiesOf(actor, e).includes(EVENT_TRANSITIONS[action].by);
}

/** The steps the caller may take now. */
export function eventAbilities(actor: Actor, e: EventRecord): string[] {
  return eventActionsFor(e.state as EventState, partiesOf(actor, e));
}
