import { clockStateAt, type EventCategory, type EventItem } from '@lingyan/shared';
import type { Actor } from '../../platform/auth/actor.ts';
import type { EventCategoriesTable } from '../../platform/db/schema.ts';
import type { EventRow } from './events.repo.ts';
import { eventAbilities } from './events.policy.ts';
import { limitOf } from './events.commands.ts';

export function presentEvent(actor: Actor, r: EventRow, nowIso: string): EventItem {
  return {
    id: r.id,
    number: r.number,
    state: r.state as EventItem['state'],
    source: r.source as EventItem['source'],
    gridId: r.grid_id,
    gridName: r.grid_name,
    communityName: r.community_name,
    categoryId: r.category_id,
    categoryName: r.category_name,
    categoryCode: r.category_code,
    categoryKind: r.category_kind as EventItem['categoryKind'],
    description: r.description,
    address: r.address,
    location: r.lat !== null && r.lng !== null ? { lat: Number(r.lat), lng: Number(r.lng) } : null,
    reporterId: r.reporter_id,
    reporterName: r.reporter_name,
    reportedAt: r.reported_at,
    handlerOrgId: r.handler_org_id,
    handlerOrgName: r.handler_org_name,
    handlerUserId: r.handler_user_id,
    handlerUserName: r.handler_user_name,
    clock:
      r.clock_step && r.clock_started_at && r.clock_due && r.clock_warn_at
        ? { step: r.clock_step as 'register', startedAt: r.clock_started_at, due: r.clock_due, state: clockStateAt(r.clock_warn_at, r.clock_due, nowIso) }
        : null,
    handleClock: r.handle_clock as EventItem['handleClock'],
    escalated: r.escalated_at !== null,
    reworkCount: Number(r.rework_count),
    returnCount: Number(r.return_count),
    grade: r.grade as EventItem['grade'],
    closedAt: r.closed_at,
    abilities: eventAbilities(actor, r),
  };
}

export function presentCategory(c: EventCategoriesTable): EventCategory {
  return {
    id: c.id,
    kind: c.kind as EventCategory['kind'],
    code: c.code,
    name: c.name,
    parentId: c.parent_id,
    level: Number(c.level),
    registerLimit: limitOf(c, 'register'),
    dispatchLimit: limitOf(c, 'dispatch'),
    handleLimit: limitOf(c, 'handle'),
    closingCondition: c.closing_condition,
    active: c.active === 1,
    sortOrder: Number(c.sort_order),
  };
}
