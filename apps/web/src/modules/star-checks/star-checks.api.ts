import type { List, StarApplication, StarApplicationDetail, StarApplicationStep, StarCheck, StarCheckBoard, StarRemoval } from '@lingyan/shared';
import { api } from '../../app/api-client.ts';

export function getCheckBoard(query: { quarter?: string; orgId?: string }, signal?: AbortSignal): Promise<StarCheckBoard> {
  return api<StarCheckBoard>('/star-checks', { query, signal });
}
export function recordCheck(body: {
  communityId: string;
  quarter: string;
  results: { starCode: string; result: 'kept' | 'failed'; note: string }[];
  note: string;
  attachmentIds: string[];
}): Promise<StarCheck> {
  return api<StarCheck>('/star-checks', { method: 'POST', body });
}
export function removeStar(communityId: string, starCode: string, body: { reason: string; attachmentIds: string[]; checkId?: string }): Promise<StarRemoval> {
  return api<StarRemoval>(`/communities/${encodeURIComponent(communityId)}/stars/${encodeURIComponent(starCode)}/remove`, { method: 'POST', body });
}

export function listApplications(
  query: { page: number; pageSize: number; state?: string; actionable?: 'true' },
  signal?: AbortSignal,
): Promise<List<StarApplication>> {
  return api<List<StarApplication>>('/star-applications', { query, signal });
}
export function getApplication(id: string, signal?: AbortSignal): Promise<StarApplicationDetail> {
  return api<StarApplicationDetail>(`/star-applications/${encodeURIComponent(id)}`, { signal });
}
export function applyForStar(body: { communityId: string; starCode: string; reason: string; attachmentIds: string[] }): Promise<StarApplicationDetail> {
  return api<StarApplicationDetail>('/star-applications', { method: 'POST', body });
}

/** The body field that says yes or no differs per step (passed / accepted / approved). */
const FLAG: Record<StarApplicationStep, string> = { check: 'passed', review: 'accepted', approve: 'approved' };
export function takeApplicationStep(id: string, step: StarApplicationStep, yes: boolean, note: string): Promise<StarApplicationDetail> {
  return api<StarApplicationDetail>(`/star-applications/${encodeURIComponent(id)}/${step}`, { method: 'POST', body: { [FLAG[step]]: yes, note } });
}
