import { api } from '../../app/api-client.ts';
import type { Household } from '../residents/registry-types.ts';

export function getHousehold(id: string, signal?: AbortSignal): Promise<Household> {
  return api<Household>(`/households/${encodeURIComponent(id)}`, { signal });
}

export function createHousehold(input: { homeId: string; headResidentId: string; registrationType: 'local' | 'non-local' }): Promise<Household> {
  return api<Household>('/households', { method: 'POST', body: input });
}
