import type { AuditEntry, AuditOutcome, List } from '@lingyan/shared';
import { api } from '../../app/api-client.ts';

export type AuditQuery = {
  action?: string;
  actor?: string;
  outcome?: AuditOutcome;
  from?: string;
  to?: string;
  page: number;
  pageSize: number;
};

export function listAudit(query: AuditQuery, signal?: AbortSignal): Promise<List<AuditEntry>> {
  return api<List<AuditEntry>>('/audit', { query, signal });
}
