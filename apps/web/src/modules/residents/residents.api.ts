import type { List, RevealableField } from '@lingyan/shared';
import { api, buildUrl } from '../../app/api-client.ts';
import type { GenderCode, HistoryEntry, Resident, ResidentStatus, TagDefinition } from './registry-types.ts';

export type ResidentQuery = {
  q?: string;
  orgId?: string;
  tag?: string;
  status?: ResidentStatus;
  minAge?: number;
  maxAge?: number;
  homeId?: string;
  page: number;
  pageSize: number;
};

export function listResidents(query: ResidentQuery, signal?: AbortSignal): Promise<List<Resident>> {
  return api<List<Resident>>('/residents', { query, signal });
}

export function getResident(id: string, signal?: AbortSignal): Promise<Resident> {
  return api<Resident>(`/residents/${encodeURIComponent(id)}`, { signal });
}

/** The body of POST /residents and PATCH /residents/:id (null clears a field). */
export type ResidentInput = {
  gridId?: string;
  name?: string;
  idNumber?: string | null;
  gender?: GenderCode | null;
  birthDate?: string | null;
  phone?: string | null;
  ethnicity?: string | null;
  religion?: string | null;
  politicalStatus?: string | null;
  education?: string | null;
  occupation?: string | null;
  employer?: string | null;
  registrationType?: 'local' | 'non-local';
  residencePermitNo?: string | null;
  residencePermitExpires?: string | null;
  tags?: string[];
  homeId?: string | null;
  relation?: string | null;
  movedInAt?: string | null;
  status?: ResidentStatus;
};

export function createResident(input: ResidentInput & { gridId: string; name: string }): Promise<Resident> {
  return api<Resident>('/residents', { method: 'POST', body: input });
}

export function updateResident(id: string, input: ResidentInput): Promise<Resident> {
  return api<Resident>(`/residents/${encodeURIComponent(id)}`, { method: 'PATCH', body: input });
}

export type RevealResult = { field: RevealableField; value: string | null; expiresInSeconds: number };

export function revealField(id: string, field: RevealableField, reason: string): Promise<RevealResult> {
  return api<RevealResult>(`/residents/${encodeURIComponent(id)}/reveal`, { method: 'POST', body: { field, reason } });
}

export function residentHistory(id: string, signal?: AbortSignal): Promise<{ items: HistoryEntry[] }> {
  return api<{ items: HistoryEntry[] }>(`/residents/${encodeURIComponent(id)}/history`, { signal });
}

export function listTags(signal?: AbortSignal): Promise<{ items: TagDefinition[] }> {
  return api<{ items: TagDefinition[] }>('/tags', { signal });
}

/** The spreadsheet of the residents the list shows (numbers masked), for a download link. */
export function residentsExportUrl(query: Omit<ResidentQuery, 'page' | 'pageSize'>): string {
  return buildUrl('/residents/export.xlsx', query);
}
