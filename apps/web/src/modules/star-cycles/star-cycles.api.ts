import type { EvidenceLink, ReviewQueueItem, StarCycleDetail, StarCycleSummary, StarEntryDetail, StarNotice, StarObjection, StarPhase } from '@lingyan/shared';
import { api } from '../../app/api-client.ts';

const cycle = (id: string) => `/star-cycles/${encodeURIComponent(id)}`;
const entry = (id: string, communityId: string) => `${cycle(id)}/entries/${encodeURIComponent(communityId)}`;

export const listCycles = (signal?: AbortSignal) => api<{ items: StarCycleSummary[] }>('/star-cycles', { signal });
export const getCycle = (id: string, signal?: AbortSignal) => api<StarCycleDetail>(cycle(id), { signal });
export const createCycle = (body: { year: number; title?: string; startsOn: string; noticeWorkingDays: number }) =>
  api<StarCycleDetail>('/star-cycles', { method: 'POST', body });
export const movePhase = (id: string, phase: StarPhase, body: { startsOn: string; endsOn?: string; noticeWorkingDays?: number }) =>
  api<StarCycleDetail>(`${cycle(id)}/phases/${phase}`, { method: 'PUT', body });

export const getEntry = (id: string, communityId: string, signal?: AbortSignal) => api<StarEntryDetail>(entry(id, communityId), { signal });
export type SelfStar = { starCode: string; selfScores: Record<string, number>; note: string; evidenceLinks: EvidenceLink[]; attachmentIds: string[] };
export const saveSelfAssessment = (id: string, communityId: string, stars: SelfStar[]) =>
  api<StarEntryDetail>(`${entry(id, communityId)}/self-assessment`, { method: 'PUT', body: { stars } });
export const submitSelfAssessment = (id: string, communityId: string) => api<StarEntryDetail>(`${entry(id, communityId)}/submit`, { method: 'POST', body: {} });
export type ScoreStar = { starCode: string; scores: Record<string, number>; note: string };
export const saveScores = (id: string, communityId: string, stars: ScoreStar[]) =>
  api<StarEntryDetail>(`${entry(id, communityId)}/scores`, { method: 'PUT', body: { stars } });
export const submitScores = (id: string, communityId: string) => api<StarEntryDetail>(`${entry(id, communityId)}/submit-scores`, { method: 'POST', body: {} });
export const acceptStar = (id: string, communityId: string, starCode: string) =>
  api<StarEntryDetail>(`${entry(id, communityId)}/stars/${starCode}/accept`, { method: 'POST', body: {} });
export const returnStar = (id: string, communityId: string, starCode: string, reason: string) =>
  api<StarEntryDetail>(`${entry(id, communityId)}/stars/${starCode}/return`, { method: 'POST', body: { reason } });
export const approveEntry = (id: string, communityId: string) => api<StarEntryDetail>(`${entry(id, communityId)}/approve`, { method: 'POST', body: {} });

export const reviewQueue = (id: string, signal?: AbortSignal) => api<{ items: ReviewQueueItem[] }>(`${cycle(id)}/review-queue`, { signal });
export const listObjections = (id: string, signal?: AbortSignal) => api<{ items: StarObjection[] }>(`${cycle(id)}/objections`, { signal });
export const answerObjection = (id: string, body: { outcome: 'dismissed' | 'upheld'; answer: string }) =>
  api<{ ok: true }>(`/star-objections/${encodeURIComponent(id)}/answer`, { method: 'POST', body });
export const displayCycle = (id: string) => api<{ displayed: number; waiting: number }>(`${cycle(id)}/display`, { method: 'POST', body: {} });

export const currentNotice = (signal?: AbortSignal) => api<StarNotice>('/public/star-notices/current', { signal });
export const submitObjection = (body: { entryId: string; starCode?: string; body: string; contact?: string }) =>
  api<{ id: string }>('/public/star-objections', { method: 'POST', body });
