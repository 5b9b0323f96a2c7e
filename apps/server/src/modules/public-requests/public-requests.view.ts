import { canTransition, type Rating, type RequestState } from '@lingyan/shared';
import type { AppContext } from '../../platform/context.ts';
import type { PublicRequestView } from './public-requests.schemas.ts';

/**
 * The steps a resident (and Open311) sees, besides a follow-up that reopened the request; notes
 * only where they are the resident's business (what to bring, why refused).
 */
export const PUBLIC_ACTIONS = ['receive', 'accept', 'pause', 'resume', 'complete', 'inform', 'rate', 'close', 'refuse', 'reopen', 'follow-up'];
export const WITH_REASON = new Set(['pause', 'refuse']);
/** A follow-up is public only when it changed the state (upheld: the request is reopened). */
export const isPublicStep = (e: { action: string; from_state: string | null; to_state: string | null }) =>
  PUBLIC_ACTIONS.includes(e.action) && !!e.to_state && (e.action !== 'follow-up' || e.from_state !== e.to_state);

/** What a resident may know of their request: no ids, no names but the workers who acted for them, no internal notes. */
export async function publicView(ctx: AppContext, requestId: string): Promise<PublicRequestView> {
  const r = await ctx.db
    .selectFrom('service_requests as r')
    .innerJoin('service_items as i', 'i.id', 'r.item_id')
    .innerJoin('org_nodes as o', 'o.id', 'r.org_id')
    .select([
      'r.number',
      'i.code',
      'i.name as item_name',
      'o.name as org_name',
      'r.state',
      'r.received_date',
      'r.completion_due',
      'r.due_provisional',
      'r.rating',
    ])
    .where('r.id', '=', requestId)
    .executeTakeFirstOrThrow();
  const events = await ctx.db
    .selectFrom('service_request_events as e')
    .leftJoin('users as u', 'u.id', 'e.actor_id')
    .select(['e.at', 'e.action', 'e.from_state', 'e.to_state', 'e.note', 'u.display_name'])
    .where('e.request_id', '=', requestId)
    .where('e.action', 'in', [...PUBLIC_ACTIONS, 'agency-step'])
    .orderBy('e.at')
    .orderBy('e.id')
    .execute();
  const steps = events.filter(isPublicStep).map((e) => ({
    at: e.at,
    action: e.action,
    state: e.to_state as RequestState,
    stateLabel: `requestState.${e.to_state}`,
    reason: WITH_REASON.has(e.action) ? e.note : null,
  }));
  const agency = events.filter((e) => e.action === 'agency-step').map((e) => ({ at: e.at, step: e.note ?? '', by: e.display_name ?? '' }));
  const state = r.state as RequestState;
  return {
    number: r.number,
    itemCode: r.code,
    itemName: r.item_name,
    orgName: r.org_name,
    state,
    stateLabel: `requestState.${state}`,
    receivedDate: r.received_date,
    dueDate: r.completion_due,
    dueProvisional: r.due_provisional === 1,
    rating: r.rating as Rating | null,
    canRate: canTransition(state, 'rate'),
    steps,
    onBehalf: agency.length ? { handledBy: [...new Set(agency.map((a) => a.by).filter(Boolean))], steps: agency } : null,
  };
}
