import type { RoleCode } from '@lingyan/shared';
import { api } from '../../app/api-client.ts';

export type RoleRecord = { code: RoleCode; permissions: string[]; abilities: string[] };

export function listRoles(signal?: AbortSignal): Promise<{ items: RoleRecord[] }> {
  return api('/roles', { signal });
}

export function updateRolePermissions(code: RoleCode, permissions: string[]): Promise<RoleRecord> {
  return api<RoleRecord>(`/roles/${encodeURIComponent(code)}`, { method: 'PUT', body: { permissions } });
}
