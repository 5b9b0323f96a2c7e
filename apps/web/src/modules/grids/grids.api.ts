import type { BoundaryGeometry, GridDetail, GridFeatureCollection, GridFigure, GridMap, GridPeople, GridPersonCandidate, GridType } from '@lingyan/shared';
import { api } from '../../app/api-client.ts';

export function getGridMap(orgId: string, figure: GridFigure, signal?: AbortSignal): Promise<GridMap> {
  return api<GridMap>('/grids/map', { query: { orgId, figure }, signal });
}

export function listGrids(orgId: string, signal?: AbortSignal): Promise<GridFeatureCollection> {
  return api<GridFeatureCollection>('/grids', { query: { orgId }, signal });
}

export function getGrid(id: string, signal?: AbortSignal): Promise<GridDetail> {
  return api<GridDetail>(`/grids/${id}`, { signal });
}

export function updateGrid(id: string, type: GridType): Promise<{ ok: true }> {
  return api(`/grids/${id}`, { method: 'PATCH', body: { type } });
}

export function saveBoundary(id: string, geometry: BoundaryGeometry): Promise<{ ok: true }> {
  return api(`/grids/${id}/boundary`, { method: 'PUT', body: { geometry } });
}

export function importBoundaries(orgId: string, collection: unknown): Promise<{ updated: number; codes: string[] }> {
  return api('/grids/import', { method: 'POST', body: { orgId, collection } });
}

export function getPeople(id: string, signal?: AbortSignal): Promise<GridPeople> {
  return api<GridPeople>(`/grids/${id}/people`, { signal });
}

export type PersonInput = {
  role: 'liaison' | 'party-member' | 'head' | 'sunk';
  name?: string | undefined;
  userId?: string | undefined;
  validFrom: string;
  validTo?: string | null;
};

/** Staff who may be made the grid head or a sunk cadre (at, below or above its community). */
export function getPersonCandidates(id: string, signal?: AbortSignal): Promise<{ items: GridPersonCandidate[] }> {
  return api(`/grids/${id}/people/candidates`, { signal });
}

export function addPerson(id: string, body: PersonInput): Promise<{ id: string }> {
  return api(`/grids/${id}/people`, { method: 'POST', body });
}

export function updatePerson(id: string, personId: string, body: { validTo: string | null }): Promise<{ ok: true }> {
  return api(`/grids/${id}/people/${personId}`, { method: 'PATCH', body });
}

export function removePerson(id: string, personId: string): Promise<{ ok: true }> {
  return api(`/grids/${id}/people/${personId}`, { method: 'DELETE' });
}
