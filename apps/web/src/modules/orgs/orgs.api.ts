import type { List, OrgNode, OrgSummary } from '@lingyan/shared';
import { api } from '../../app/api-client.ts';

const PAGE_SIZE = 100;

/** The caller's top scope nodes (no parent given) or the children of one node, all pages of them. */
export async function listOrgs(parentId?: string, signal?: AbortSignal): Promise<OrgNode[]> {
  const items: OrgNode[] = [];
  for (let page = 1; ; page++) {
    const list = await api<List<OrgNode>>('/orgs', { query: { parentId, page, pageSize: PAGE_SIZE }, signal });
    items.push(...list.items);
    if (list.items.length === 0 || items.length >= list.total) return items;
  }
}

export function getOrg(id: string, signal?: AbortSignal): Promise<OrgNode> {
  return api<OrgNode>(`/orgs/${encodeURIComponent(id)}`, { signal });
}

export function getOrgSummary(id: string, signal?: AbortSignal): Promise<OrgSummary> {
  return api<OrgSummary>(`/orgs/${encodeURIComponent(id)}/summary`, { signal });
}
