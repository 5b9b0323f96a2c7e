import type { PublicSurvey, StarSurvey, StarSurveyEntry, SurveyAnswer, SurveyHousehold, SurveyVerification } from '@lingyan/shared';
import { api } from '../../app/api-client.ts';

const pub = (token: string) => `/public/star-surveys/${encodeURIComponent(token)}`;
const entry = (cycleId: string, communityId: string) => `/star-cycles/${encodeURIComponent(cycleId)}/entries/${encodeURIComponent(communityId)}/survey`;

export const getPublicSurvey = (token: string, signal?: AbortSignal) => api<PublicSurvey>(pub(token), { signal });
export const requestSurveyCode = (token: string, phone: string) => api<{ sent: true }>(`${pub(token)}/code`, { method: 'POST', body: { phone } });
export const submitSurvey = (token: string, verification: SurveyVerification, answers: Record<string, SurveyAnswer>) =>
  api<{ recorded: true }>(`${pub(token)}/responses`, { method: 'POST', body: { verification, answers } });

export const listSurveys = (year: number | undefined, signal?: AbortSignal) =>
  api<{ years: number[]; items: StarSurveyEntry[] }>('/star-surveys', { query: { year }, signal });
export const getSurvey = (cycleId: string, communityId: string, signal?: AbortSignal) => api<StarSurvey>(entry(cycleId, communityId), { signal });
/** The QR code is an image the browser loads itself (the session cookie goes with it). */
export const surveyQrUrl = (cycleId: string, communityId: string) => `/api/v1${entry(cycleId, communityId)}/qr.svg`;
export const listSurveyHouseholds = (cycleId: string, communityId: string, q: string, signal?: AbortSignal) =>
  api<{ items: SurveyHousehold[] }>(`${entry(cycleId, communityId)}/households`, { query: { q }, signal });
export const issueHouseholdCode = (cycleId: string, communityId: string, householdId: string) =>
  api<{ code: string; issuedAt: string }>(`${entry(cycleId, communityId)}/household-codes`, { method: 'POST', body: { householdId } });
export const enterPaper = (cycleId: string, communityId: string, householdId: string, answers: Record<string, SurveyAnswer>) =>
  api<{ recorded: true }>(`${entry(cycleId, communityId)}/paper`, { method: 'POST', body: { householdId, answers } });
