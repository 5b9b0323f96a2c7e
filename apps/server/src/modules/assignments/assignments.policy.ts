import { idsOfPath, SEPARATED_ADMIN_ROLES, type RoleCode } from '@lingyan/shared';
import { can, scopePaths, type AbilityRules } from '../../platform/policy/policy.ts';
import type { Actor } from '../../platform/auth/actor.ts';

export type AssignmentRecord = { user_id: string; org_path: string };

/** Nobody changes their own roles (that would be granting oneself power); others only inside scope. */
export function mayManageAssignment(actor: Actor, a: AssignmentRecord): boolean {
  return a.user_id !== actor.userId && can(actor, 'assignment:manage', a.org_path);
}

export const assignmentAbilities: AbilityRules<AssignmentRecord> = {
  delete: mayManageAssignment,
};

/** Role definitions are city-wide: editing them needs role:manage at a root of the tree. */
export function managesRoles(actor: Actor): boolean {
  return scopePaths(actor, 'role:manage').some((p) => idsOfPath(p).length === 1);
}

export const roleAbilities: AbilityRules<{ code: string }> = {
  // The three administrator roles are fixed (rolePermissionProblem says so): never offered for editing.
  update: (actor, role) => managesRoles(actor) && !SEPARATED_ADMIN_ROLES.includes(role.code as RoleCode),
};
