import type { CreateVisitInput, List, Need, OrgCoverage, Visit, VisitHousehold } from '@lingyan/shared';
import { api } from '../../app/api-client.ts';

export function listVisitHouseholds(
  query: { orgId?: string; q?: string; page?: number; pageSize?: number },
  signal?: AbortSignal,
): Promise<List<VisitHousehold>> {
  return api('/visits/households', { query, signal });
}
export function listDue(query: { orgId?: string; page?: number; pageSize?: number }, signal?: AbortSignal): Promise<List<VisitHousehold>> {
  return api('/visits/due', { query, signal });
}
export function listVisits(query: { orgId?: string; householdId?: string; page?: number; pageSize?: number }, signal?: AbortSignal): Promise<List<Visit>> {
  return api('/visits', { query, signal });
}
export function createVisit(body: CreateVisitInput): Promise<Visit> {
  return api('/visits', { method: 'POST', body });
}
export function getCoverage(query: { orgId?: string; period?: string }, signal?: AbortSignal): Promise<OrgCoverage> {
  return api('/visits/coverage', { query, signal });
}
export function listNeeds(query: { orgId?: string; status?: string; page?: number; pageSize?: number }, signal?: AbortSignal): Promise<List<Need>> {
  return api('/needs', { query, signal });
}
