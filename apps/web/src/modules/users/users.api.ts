import type { List, User } from '@lingyan/shared';
import { api } from '../../app/api-client.ts';

/** A list may say what the caller can do with the collection itself (e.g. 'create'). */
export type UserList = List<User> & { abilities?: string[] };

export function listUsers(query: { q?: string; page: number; pageSize: number }, signal?: AbortSignal): Promise<UserList> {
  return api<UserList>('/users', { query, signal });
}

export function createUser(input: { username: string; displayName: string; password: string }): Promise<User> {
  return api<User>('/users', { method: 'POST', body: input });
}

export function updateUser(id: string, input: { displayName?: string; status?: User['status'] }): Promise<User> {
  return api<User>(`/users/${encodeURIComponent(id)}`, { method: 'PATCH', body: input });
}

export function resetUserPassword(id: string, newPassword: string): Promise<{ ok: true }> {
  return api(`/users/${encodeURIComponent(id)}/reset-password`, { method: 'POST', body: { newPassword } });
}
