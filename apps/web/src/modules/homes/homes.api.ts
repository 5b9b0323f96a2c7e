import type { List } from '@lingyan/shared';
import { api } from '../../app/api-client.ts';
import type { Building, Home, HomeKind, HomeUse, Household, Ownership } from '../residents/registry-types.ts';

export type BuildingKind = Building['kind'];

export function listBuildings(query: { orgId?: string; q?: string; page?: number; pageSize?: number }, signal?: AbortSignal): Promise<List<Building>> {
  return api<List<Building>>('/buildings', { query, signal });
}

/** Every building of a node, all pages of them (a grid has tens, not thousands). */
export async function listAllBuildings(orgId: string, signal?: AbortSignal): Promise<Building[]> {
  const items: Building[] = [];
  for (let page = 1; ; page++) {
    const list = await listBuildings({ orgId, page, pageSize: 100 }, signal);
    items.push(...list.items);
    if (list.items.length === 0 || items.length >= list.total || page >= 20) return items;
  }
}

export function createBuilding(input: {
  gridId: string;
  name: string;
  address?: string | null;
  kind: BuildingKind;
  floors?: number | null;
  units: string[];
}): Promise<Building> {
  return api<Building>('/buildings', { method: 'POST', body: input });
}

export type HomeQuery = {
  orgId?: string;
  buildingId?: string;
  unitId?: string;
  kind?: HomeKind;
  rented?: 'true' | 'false';
  q?: string;
  page?: number;
  pageSize?: number;
};

export function listHomes(query: HomeQuery, signal?: AbortSignal): Promise<List<Home>> {
  return api<List<Home>>('/homes', { query, signal });
}

/** All homes matching the query, page by page (one building or unit: a few dozen). */
export async function listAllHomes(query: Omit<HomeQuery, 'page' | 'pageSize'>, signal?: AbortSignal): Promise<Home[]> {
  const items: Home[] = [];
  for (let page = 1; ; page++) {
    const list = await listHomes({ ...query, page, pageSize: 100 }, signal);
    items.push(...list.items);
    if (list.items.length === 0 || items.length >= list.total || page >= 20) return items;
  }
}

export function getHome(id: string, signal?: AbortSignal): Promise<Home> {
  return api<Home>(`/homes/${encodeURIComponent(id)}`, { signal });
}

export type HomeInput = {
  kind: HomeKind;
  name?: string | null;
  roomNo?: string | null;
  address: string;
  areaM2?: number | null;
  use: HomeUse;
  ownership: Ownership;
  isRented: boolean;
};

export function createHome(input: HomeInput & { gridId: string; buildingId?: string | null; unitId?: string | null }): Promise<Home> {
  return api<Home>('/homes', { method: 'POST', body: input });
}

export function updateHome(id: string, input: Partial<HomeInput>): Promise<Home> {
  return api<Home>(`/homes/${encodeURIComponent(id)}`, { method: 'PATCH', body: input });
}

export function listHouseholdsOfHome(homeId: string, signal?: AbortSignal): Promise<{ items: Household[] }> {
  return api<{ items: Household[] }>('/households', { query: { homeId }, signal });
}
