import type { GridTask, GridTaskDetail, List, OrgNode, SendGridTaskInput } from '@lingyan/shared';
import { api } from '../../app/api-client.ts';
import { listOrgs } from '../orgs/orgs.api.ts';

export function listGridTasks(query: { page: number; pageSize: number; pending?: 'true' }, signal?: AbortSignal): Promise<List<GridTask>> {
  return api<List<GridTask>>('/grid-tasks', { query, signal });
}
export function getGridTask(id: string, signal?: AbortSignal): Promise<GridTaskDetail> {
  return api<GridTaskDetail>(`/grid-tasks/${encodeURIComponent(id)}`, { signal });
}
export function sendGridTask(body: SendGridTaskInput): Promise<GridTaskDetail> {
  return api<GridTaskDetail>('/grid-tasks', { method: 'POST', body });
}
export function reportGridTask(id: string, body: { gridId?: string; note: string; photoIds: string[] }): Promise<GridTaskDetail> {
  return api<GridTaskDetail>(`/grid-tasks/${encodeURIComponent(id)}/report`, { method: 'POST', body });
}
export function returnGridTask(id: string, body: { gridId: string; reason: string }): Promise<GridTaskDetail> {
  return api<GridTaskDetail>(`/grid-tasks/${encodeURIComponent(id)}/return`, { method: 'POST', body });
}
export function closeGridTask(id: string): Promise<GridTaskDetail> {
  return api<GridTaskDetail>(`/grid-tasks/${encodeURIComponent(id)}/close`, { method: 'POST', body: {} });
}

/** The grids below a community (its children) or a township (its communities' children). */
export async function gridsBelow(org: { id: string; kind: string }, signal?: AbortSignal): Promise<OrgNode[]> {
  const children = await listOrgs(org.id, signal);
  if (org.kind !== 'township') return children.filter((c) => c.kind === 'grid');
  const nested = await Promise.all(children.map((c) => listOrgs(c.id, signal)));
  return nested.flat().filter((c) => c.kind === 'grid');
}
