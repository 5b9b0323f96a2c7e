import type { Assignment, List, RoleCode } from '@lingyan/shared';
import { api } from '../../app/api-client.ts';

export type AssignmentList = List<Assignment> & { abilities?: string[] };

export function listAssignments(query: { userId?: string; orgId?: string; page: number; pageSize: number }, signal?: AbortSignal): Promise<AssignmentList> {
  return api<AssignmentList>('/assignments', { query, signal });
}

export type GrantInput = { userId: string; role: RoleCode; orgId: string; validFrom?: string | null; validTo?: string | null };

export function grantRole(input: GrantInput): Promise<Assignment> {
  return api<Assignment>('/assignments', { method: 'POST', body: input });
}

export function revokeRole(id: string): Promise<unknown> {
  return api(`/assignments/${encodeURIComponent(id)}`, { method: 'DELETE' });
}
