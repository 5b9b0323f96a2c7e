import type { ServiceRequest, WorkCalendarData } from '@lingyan/shared';
import type { Actor } from '../../platform/auth/actor.ts';
import type { RequestRow } from './service-requests.repo.ts';
import { currentClocks } from './service-requests.clocks.ts';
import { requestAbilities } from './service-requests.policy.ts';

export function presentRequest(actor: Actor, r: RequestRow, cal: WorkCalendarData, today: string, warn: number): ServiceRequest {
  const clocks = currentClocks(cal, r, today, warn);
  return {
    id: r.id,
    number: r.number,
    orgId: r.org_id,
    orgName: r.org_name,
    itemId: r.item_id,
    itemName: r.item_name,
    channel: r.channel as ServiceRequest['channel'],
    residentId: r.resident_id,
    residentName: r.resident_name ?? r.visitor_name,
    contactPhoneMasked: r.contact_phone_masked,
    description: r.description,
    state: r.state as ServiceRequest['state'],
    ownerId: r.owner_id,
    ownerName: r.owner_name,
    handlerId: r.handler_id,
    handlerName: r.handler_name,
    handlerOrgName: r.handler_org_name,
    receivedAt: r.received_at,
    responseDue: r.response_due,
    respondedAt: r.responded_at,
    responseClock: clocks.response,
    completionDue: r.completion_due,
    dueProvisional: r.due_provisional === 1,
    completedAt: r.completed_at,
    completionClock: clocks.completion,
    pausedOn: r.paused_on,
    informedAt: r.informed_at,
    informMethod: r.inform_method,
    closedAt: r.closed_at,
    refusedReason: r.refused_reason,
    trips: r.trips,
    agencyAuthorized: r.agency_authorized === 1,
    rating: r.rating as ServiceRequest['rating'],
    ratingComment: r.rating_comment,
    followUpNeeded: r.follow_up_needed === 1,
    excluded: r.excluded === 1,
    excludedReason: r.excluded_reason,
    abilities: requestAbilities(actor, r),
  };
}
