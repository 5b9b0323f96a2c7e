import { stepEffect } from '../modules/service-requests/service-requests.steps.ts';
import { canTransition, type RequestAction, type RequestState } from '@lingyan/shared';
import type { AgencyAuthorizationsTable, HomeVisitsTable, ServiceRequestEventsTable } from '../platform/db/schema.ts';
import { chinaDate, iso, Days } from './demo-service-hall.time.ts';
import { type DemoItem, type Who, type PlannedRequest } from './demo-service-hall.inputs.ts';

/** One demo request's life, step by step, with the rules of applyAction (see demo-service-hall.ts). */

export type Snapshot = { t: number; state: RequestState; due: string; recipient: string | null };

export class Life {
  readonly row: PlannedRequest;
  readonly events: ServiceRequestEventsTable[] = [];
  readonly authorizations: AgencyAuthorizationsTable[] = [];
  readonly visits: HomeVisitsTable[] = [];
  readonly snapshots: Snapshot[] = [];
  /** Steps at a fixed moment that interleave with the rest (the leader's exclusion). */
  readonly interjections: { t: number; run: () => void }[] = [];
  /** The moment of the last step; a step after `nowMs` does not happen (the request waits there). */
  t: number;
  stopped = false;

  constructor(
    readonly days: Days,
    readonly item: DemoItem,
    readonly nowMs: number,
    readonly newId: (ms: number) => string,
    row: PlannedRequest,
    receivedBy: Who | null,
  ) {
    this.row = row;
    this.t = Date.parse(row.received_at);
    this.event(this.t, receivedBy, 'receive', null, 'received', null, { channel: row.channel, walkIn: row.trips === 1 });
    this.snap();
  }

  get state(): RequestState {
    return this.row.state as RequestState;
  }

  private snap() {
    this.snapshots.push({ t: this.t, state: this.state, due: this.row.completion_due, recipient: this.row.handler_id ?? this.row.owner_id });
  }

  private event(t: number, who: Who | null, action: string, from: string | null, to: string | null, note: string | null, data?: Record<string, unknown>) {
    this.events.push({
      id: this.newId(t),
      request_id: this.row.id,
      at: iso(t),
      actor_id: who?.id ?? null,
      actor_name: who?.name ?? null,
      action,
      from_state: from,
      to_state: to,
      note,
      data: data ? JSON.stringify(data) : null,
    });
  }

  /** Takes `action` at `t` unless that is after the seed's now; returns whether it happened. */
  step(t: number, who: Who, action: RequestAction, input: Record<string, unknown> = {}): boolean {
    if (this.stopped) return false;
    for (const j of this.interjections.filter((x) => x.t < t && x.t > this.t && x.t <= this.nowMs)) {
      j.run();
      this.interjections.splice(this.interjections.indexOf(j), 1);
    }
    if (t > this.nowMs || t <= this.t) {
      if (t <= this.t) throw new Error(`demo service hall: steps out of order (${action})`);
      this.stopped = true;
      return false;
    }
    this.apply(t, who, action, input);
    return true;
  }

  /** The steps that were still due at the end (an exclusion before now) happen after all. */
  finish() {
    for (const j of this.interjections) if (j.t <= this.nowMs && j.t > this.t) j.run();
    this.interjections.length = 0;
  }

  /** applyAction's effect on the row, the timeline and the side tables, for one step. */
  apply(t: number, who: Who, action: RequestAction, i: Record<string, unknown>) {
    const r = this.row;
    const state = this.state;
    if (!canTransition(state, action)) throw new Error(`demo service hall: ${action} is not allowed in state ${state}`);
    const at = iso(t);
    const today = chinaDate(t);
    if (action === 'reopen') throw new Error('demo service hall: reopen is not simulated');
    // The row's columns come from the app's own step rule; only the side rows are kept here.
    const effect = stepEffect(r, action, i, {
      actorId: who.id,
      at,
      today,
      cal: this.days.cal,
      item: this.item,
      target: action === 'transfer' ? { userId: (i.toUserId as string | null) ?? null, orgId: (i.toOrgId as string | null) ?? null } : null,
    });
    const { set, note } = effect;
    let data = effect.data;
    switch (action) {
      case 'authorize-agency':
        if (!who.id) throw new Error('demo service hall: an agency authorisation needs an account');
        this.authorizations.push({
          id: this.newId(t),
          request_id: r.id,
          scope: i.scope as string,
          valid_until: i.validUntil as string,
          signed_how: i.signedHow as string,
          recorded_by: who.id,
          recorded_at: at,
        });
        break;
      case 'agency-step': {
        const auth = this.authorizations.find((a) => a.valid_until >= today);
        if (!auth) throw new Error('demo service hall: agency step without a valid authorisation');
        data = { authorizationId: auth.id };
        break;
      }
      case 'schedule-visit': {
        const visitId = this.newId(t);
        this.visits.push({
          id: visitId,
          request_id: r.id,
          scheduled_for: i.scheduledFor as string,
          assignee_id: i.assigneeId as string,
          outcome: null,
          done_at: null,
          created_at: at,
        });
        data = { visitId, scheduledFor: i.scheduledFor, assigneeId: i.assigneeId };
        break;
      }
      case 'record-visit': {
        const visit = this.visits.find((v) => v.id === i.visitId);
        if (!visit) throw new Error('demo service hall: no such visit');
        visit.outcome = i.outcome as string;
        visit.done_at = at;
        data = { visitId: visit.id };
        break;
      }
    }
    Object.assign(r, set);
    this.t = t;
    this.event(t, who, action, state, set.state ?? state, note, data);
    this.snap();
  }
}
