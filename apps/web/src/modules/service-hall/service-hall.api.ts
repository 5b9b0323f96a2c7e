import type { Channel, ClockState, List, RequestAction, RequestState, ServiceItem, ServiceRequest, TransferTargets } from '@lingyan/shared';
import type { FileRef } from '@lingyan/shared';
import { api } from '../../app/api-client.ts';

export type RequestEvent = {
  at: string;
  actorName: string | null;
  actorOrgName: string | null;
  action: string;
  fromState: string | null;
  toState: string | null;
  note: string | null;
  data: Record<string, unknown> | null;
};
export type ServiceRequestDetail = ServiceRequest & {
  events: RequestEvent[];
  agencyAuthorizations: { id: string; scope: string; validUntil: string; signedHow: string; recordedAt: string }[];
  visits: { id: string; scheduledFor: string; assigneeName: string; outcome: string | null; doneAt: string | null }[];
  attachments: FileRef[];
};

export type RequestQuery = {
  orgId?: string;
  state?: RequestState;
  clock?: ClockState;
  itemId?: string;
  channel?: Channel;
  owner?: 'me';
  handler?: 'me';
  open?: 'true' | 'false';
  from?: string;
  to?: string;
  q?: string;
  metric?: string;
  page: number;
  pageSize: number;
};

export function listServiceItems(signal?: AbortSignal): Promise<{ items: ServiceItem[] }> {
  return api<{ items: ServiceItem[] }>('/service-items', { signal });
}

/** An item of the catalog as the city edits it (see serviceItemInputSchema). */
export type ServiceItemInput = {
  code: string;
  name: string;
  category: string;
  department: string;
  materials: string[];
  legalBasis: string | null;
  limitDays: number;
  responseDays: number;
  agency: boolean;
  homeVisit: boolean;
  oneTrip: boolean;
  online: boolean;
  active: boolean;
};

export function createServiceItem(body: ServiceItemInput): Promise<ServiceItem> {
  return api<ServiceItem>('/service-items', { method: 'POST', body });
}

export function updateServiceItem(id: string, body: Partial<Omit<ServiceItemInput, 'code'>>): Promise<ServiceItem> {
  return api<ServiceItem>(`/service-items/${encodeURIComponent(id)}`, { method: 'PATCH', body });
}

export function addWorkingDays(from: string, days: number, signal?: AbortSignal): Promise<{ date: string; provisional: boolean }> {
  return api('/calendar/add-working-days', { query: { from, days }, signal });
}

export function listRequests(query: RequestQuery, signal?: AbortSignal): Promise<List<ServiceRequest>> {
  return api<List<ServiceRequest>>('/service-requests', { query, signal });
}

export function getRequest(id: string, signal?: AbortSignal): Promise<ServiceRequestDetail> {
  return api<ServiceRequestDetail>(`/service-requests/${encodeURIComponent(id)}`, { signal });
}

export type ReceiveInput = {
  orgId: string;
  itemId: string;
  channel: Channel;
  residentId?: string | null;
  visitorName?: string | null;
  contactPhone?: string | null;
  description: string;
  walkIn: boolean;
  attachmentIds?: string[];
};

export function receiveRequest(body: ReceiveInput): Promise<ServiceRequestDetail> {
  return api<ServiceRequestDetail>('/service-requests', { method: 'POST', body });
}

/** The people and org nodes the caller may transfer the request to (the server accepts no others). */
export function getTransferTargets(id: string, signal?: AbortSignal): Promise<TransferTargets> {
  return api<TransferTargets>(`/service-requests/${encodeURIComponent(id)}/transfer-targets`, { signal });
}

export function requestAction(id: string, action: RequestAction, body: Record<string, unknown>): Promise<ServiceRequestDetail> {
  return api<ServiceRequestDetail>(`/service-requests/${encodeURIComponent(id)}/${action}`, { method: 'POST', body });
}

/** Today in China (the service hall's calendar), as YYYY-MM-DD. */
export function chinaToday(now = new Date()): string {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

export type ServiceStats = {
  orgId: string;
  orgName: string;
  from: string;
  to: string;
  weights: { response: number; resolution: number; satisfaction: number };
  figures: Figures;
  excluded: number;
  byItem: { itemId: string; itemName: string; count: number }[];
  byChannel: { channel: string; count: number }[];
  byOrg: { orgId: string; orgName: string; figures: Figures }[];
};
type Figures = {
  total: number;
  responseRate: number | null;
  resolutionRate: number | null;
  satisfactionRate: number | null;
  score: number | null;
  onTimeRate: number | null;
  oneTripRate: number | null;
  completed: number;
  rated: number;
};

export function getStats(query: { orgId?: string; from?: string; to?: string }, signal?: AbortSignal): Promise<ServiceStats> {
  return api<ServiceStats>('/service-requests/stats', { query, signal });
}

export type CalendarStatus = { today: string; year: number; nextYear: number; yearConfirmed: boolean; nextYearConfirmed: boolean };
export type CalendarYear = {
  year: number;
  confirmed: boolean;
  days: { date: string; kind: 'holiday' | 'workday'; source: 'official' | 'override' | 'statutory' }[];
};

export function getCalendarStatus(signal?: AbortSignal): Promise<CalendarStatus> {
  return api<CalendarStatus>('/calendar/status', { signal });
}
export function getCalendarYear(year: number, signal?: AbortSignal): Promise<CalendarYear> {
  return api<CalendarYear>(`/calendar/years/${year}`, { signal });
}
export function putOverride(date: string, kind: 'holiday' | 'workday', note?: string): Promise<unknown> {
  return api(`/calendar/overrides/${date}`, { method: 'PUT', body: { kind, note: note || null } });
}
export function deleteOverride(date: string): Promise<unknown> {
  return api(`/calendar/overrides/${date}`, { method: 'DELETE' });
}
export function confirmYear(year: number): Promise<{ year: number; recomputed: number }> {
  return api(`/calendar/years/${year}/confirm`, { method: 'POST', body: {} });
}
