import type { List, Notice, NoticeDetail, SendNoticeInput } from '@lingyan/shared';
import { api } from '../../app/api-client.ts';

export function listNotices(query: { page: number; pageSize: number; pending?: 'true' }, signal?: AbortSignal): Promise<List<Notice>> {
  return api<List<Notice>>('/notices', { query, signal });
}
export function getNotice(id: string, signal?: AbortSignal): Promise<NoticeDetail> {
  return api<NoticeDetail>(`/notices/${encodeURIComponent(id)}`, { signal });
}
export function sendNotice(body: SendNoticeInput): Promise<NoticeDetail> {
  return api<NoticeDetail>('/notices', { method: 'POST', body });
}
export function acknowledgeNotice(id: string): Promise<NoticeDetail> {
  return api<NoticeDetail>(`/notices/${encodeURIComponent(id)}/acknowledge`, { method: 'POST', body: {} });
}
