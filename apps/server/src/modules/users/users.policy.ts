import { idsOfPath } from '@lingyan/shared';
import type { Actor } from '../../platform/auth/actor.ts';
import { can, scopePaths, type AbilityRules } from '../../platform/policy/policy.ts';

export type UserRecord = { id: string; status: string; locked_until: string | null };

/** Accounts are managed from the top: user:manage must be held at a root of the tree. */
export function managesAllUsers(actor: Actor, perm: 'user:read' | 'user:manage'): boolean {
  return scopePaths(actor, perm).some((p) => idsOfPath(p).length === 1);
}

export const userAbilities: AbilityRules<UserRecord> = {
  update: (actor) => managesAllUsers(actor, 'user:manage'),
  'reset-password': (actor, u) => managesAllUsers(actor, 'user:manage') && u.id !== actor.userId,
  disable: (actor, u) => managesAllUsers(actor, 'user:manage') && u.status === 'active' && u.id !== actor.userId,
  enable: (actor, u) => managesAllUsers(actor, 'user:manage') && u.status === 'disabled',
  'grant-role': (actor) => can(actor, 'assignment:manage'),
};
