import type { RequestState, Rating, ServiceItem } from '@lingyan/shared';
import { api } from '../../app/api-client.ts';

export type PublicCommunity = { id: string; code: string; name: string; kind: 'community' | 'village'; townshipName: string };
export type PublicRequestView = {
  number: string;
  itemCode: string;
  itemName: string;
  orgName: string;
  state: RequestState;
  stateLabel: string;
  receivedDate: string;
  dueDate: string;
  dueProvisional: boolean;
  rating: Rating | null;
  canRate: boolean;
  steps: { at: string; action: string; state: RequestState; stateLabel: string; reason: string | null }[];
  onBehalf: { handledBy: string[]; steps: { at: string; step: string; by: string }[] } | null;
};
export type Proof = { phoneLast4: string } | { code: string };

export const listPublicItems = (signal?: AbortSignal) => api<{ items: ServiceItem[] }>('/public/service-items', { signal });
export const listCommunities = (signal?: AbortSignal) => api<{ items: PublicCommunity[] }>('/public/communities', { signal });
export const submitPublicRequest = (body: { orgId: string; itemId: string; name: string; phone: string; description: string }) =>
  api<{ number: string }>('/public/requests', { method: 'POST', body });
export const lookupRequest = (number: string, phoneLast4: string) =>
  api<PublicRequestView>('/public/requests/lookup', { method: 'POST', body: { number, phoneLast4 } });
export const requestCode = (number: string) => api<{ sent: true }>('/public/requests/code', { method: 'POST', body: { number } });
export const ratePublic = (number: string, proof: Proof, rating: Rating, comment?: string) =>
  api<PublicRequestView>('/public/requests/rate', { method: 'POST', body: { number, ...proof, rating, comment: comment || undefined } });
