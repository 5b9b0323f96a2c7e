import { canTransition, type RequestAction, type RequestState } from '@lingyan/shared';
import type { Actor } from '../../platform/auth/actor.ts';
import { can } from '../../platform/policy/policy.ts';

export type RequestRecord = { org_path: string; state: string; owner_id: string | null; handler_id: string | null; excluded: number; follow_up_needed: number };

/** The community's leaders (service:lead at the request's node) may do what its owner may, and more. */
const leads = (a: Actor, r: RequestRecord) => can(a, 'service:lead', r.org_path);
/** Who works on it: its owner, its current handler, or a colleague handling at its node. */
const works = (a: Actor, r: RequestRecord) => r.owner_id === a.userId || r.handler_id === a.userId || can(a, 'service:handle', r.org_path) || leads(a, r);

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
  'record-visit': works,
  // A follow-up (回访复核) answers a dissatisfied rating; there is none to do otherwise.
  'follow-up': (a, r) => r.follow_up_needed === 1 && (leads(a, r) || can(a, 'service:handle', r.org_path)),
  exclude: leads,
};

export function mayAct(actor: Actor, action: RequestAction, r: RequestRecord): boolean {
  return WHO[action](actor, r);
}

/** The steps the caller may take now: allowed for them and by the request's state. */
export function requestAbilities(actor: Actor, r: RequestRecord): string[] {
  return (Object.keys(WHO) as RequestAction[]).filter((a) => mayAct(actor, a, r) && canTransition(r.state as RequestState, a));
}
