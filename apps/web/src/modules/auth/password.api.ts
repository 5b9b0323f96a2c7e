import { api } from '../../app/api-client.ts';

export function changePassword(currentPassword: string, newPassword: string): Promise<{ ok: true }> {
  return api('/auth/password', { method: 'POST', body: { currentPassword, newPassword } });
}
