import type { List } from '@lingyan/shared';
import { api } from '../../app/api-client.ts';
import type { RentalAttention, Tenancy } from '../residents/registry-types.ts';

export type AttentionKind = RentalAttention['kind'];
/** The watch list's kinds, most urgent first (the server's order). */
export const ATTENTION_KINDS: readonly AttentionKind[] = ['permit-expired', 'late-registration', 'permit-expiring', 'rented-without-tenancy'];

export function listAttention(
  query: { orgId?: string; kind?: AttentionKind; page: number; pageSize: number },
  signal?: AbortSignal,
): Promise<List<RentalAttention>> {
  return api<List<RentalAttention>>('/rentals/attention', { query, signal });
}

export function listTenancies(
  query: { orgId?: string; homeId?: string; current?: 'true' | 'false'; page: number; pageSize: number },
  signal?: AbortSignal,
): Promise<List<Tenancy>> {
  return api<List<Tenancy>>('/tenancies', { query, signal });
}

export function createTenancy(input: {
  homeId: string;
  tenantId: string;
  landlordId?: string | null;
  startDate: string;
  endDate?: string | null;
  contractNo?: string | null;
  registeredOn?: string;
}): Promise<Tenancy> {
  return api<Tenancy>('/tenancies', { method: 'POST', body: input });
}

export function endTenancy(id: string, endDate: string): Promise<Tenancy> {
  return api<Tenancy>(`/tenancies/${encodeURIComponent(id)}/end`, { method: 'POST', body: { endDate } });
}
