import type { EventAction, EventCategory, EventDetail, EventItem, EventStats, List } from '@lingyan/shared';
import { api } from '../../app/api-client.ts';

export type EventQuery = {
  orgId?: string;
  state?: string;
  open?: 'true' | 'false';
  clock?: string;
  from?: string;
  to?: string;
  reporterId?: string;
  mine?: 'handling' | 'reported';
  escalated?: 'true';
  figure?: string;
  q?: string;
  page: number;
  pageSize: number;
};

export function listEventCategories(signal?: AbortSignal): Promise<{ items: EventCategory[] }> {
  return api('/event-categories', { signal });
}
export type EventCategoryInput = Omit<EventCategory, 'id' | 'level'>;
export function createEventCategory(body: EventCategoryInput): Promise<EventCategory> {
  return api('/event-categories', { method: 'POST', body });
}
export function updateEventCategory(id: string, body: Partial<Omit<EventCategoryInput, 'kind' | 'code' | 'parentId'>>): Promise<EventCategory> {
  return api(`/event-categories/${id}`, { method: 'PATCH', body });
}

export function listEvents(query: EventQuery, signal?: AbortSignal): Promise<List<EventItem>> {
  return api('/events', { query, signal });
}
export function getEvent(id: string, signal?: AbortSignal): Promise<EventDetail> {
  return api(`/events/${id}`, { signal });
}
export type ReportInput = {
  gridId: string;
  categoryId: string | null;
  description: string;
  address: string | null;
  location: { lat: number; lng: number } | null;
  photoIds: string[];
  source: 'grid-worker' | 'resident' | 'hotline';
};
export function reportEvent(body: ReportInput): Promise<EventDetail> {
  return api('/events', { method: 'POST', body });
}
export function eventAction(id: string, action: EventAction, body: Record<string, unknown>): Promise<EventDetail> {
  return api(`/events/${id}/${action}`, { method: 'POST', body });
}
export type DispatchTargets = {
  orgs: { id: string; name: string; kind: string }[];
  users: { id: string; displayName: string; orgId: string; orgName: string }[];
};
export function getDispatchTargets(id: string, signal?: AbortSignal): Promise<DispatchTargets> {
  return api(`/events/${id}/dispatch-targets`, { signal });
}
export function getEventStats(query: { orgId?: string; from: string; to: string }, signal?: AbortSignal): Promise<EventStats> {
  return api('/events/stats', { query, signal });
}
