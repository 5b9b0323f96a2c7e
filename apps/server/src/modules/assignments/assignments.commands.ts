import { ROLE_ORG_KINDS, rolePermissionProblem, separationConflict, type OrgKind, type Permission, type RoleCode } from '@lingyan/shared';
import type { AppContext } from '../../platform/context.ts';
import type { AuditContext } from '../../platform/audit/audit.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { authorizeAbility } from '../../platform/policy/policy.ts';
import { findOrgInScope } from '../orgs/orgs.repo.ts';
import { assignmentAbilities, managesRoles, mayManageAssignment } from './assignments.policy.ts';
import { findAssignment } from './assignments.repo.ts';

export type GrantInput = { userId: string; role: RoleCode; orgId: string; validFrom?: string | null | undefined; validTo?: string | null | undefined };

/** Gives a user a role at an org node, for an optional period. */
export async function grantRole(ctx: AppContext, audit: AuditContext, actor: Actor, input: GrantInput): Promise<string> {
  const org = await findOrgInScope(ctx.db, actor, input.orgId);
  if (!org) throw new AppError('ORG_NOT_FOUND');
  if (!mayManageAssignment(actor, { user_id: input.userId, org_path: org.path })) throw new AppError('FORBIDDEN');
  const user = await ctx.db.selectFrom('users').select(['id', 'username']).where('id', '=', input.userId).executeTakeFirst();
  if (!user) throw new AppError('USER_NOT_FOUND');
  if (!ROLE_ORG_KINDS[input.role].includes(org.kind as OrgKind))
    throw new AppError('ASSIGNMENT_ROLE_ORG_MISMATCH', {}, { allowedKinds: ROLE_ORG_KINDS[input.role] });
  if (input.validFrom && input.validTo && input.validTo < input.validFrom) throw new AppError('ASSIGNMENT_INVALID_PERIOD');
  const held = await ctx.db.selectFrom('assignments').select(['role', 'org_id']).where('user_id', '=', input.userId).execute();
  if (held.some((h) => h.role === input.role && h.org_id === input.orgId)) throw new AppError('ASSIGNMENT_DUPLICATE');
  if (
    separationConflict(
      held.map((h) => h.role as RoleCode),
      input.role,
    )
  )
    throw new AppError('ASSIGNMENT_SEPARATION_CONFLICT');
  const id = newId();
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('assignments')
      .values({
        id,
        user_id: input.userId,
        role: input.role,
        org_id: input.orgId,
        valid_from: input.validFrom ?? null,
        valid_to: input.validTo ?? null,
        created_at: ctx.clock.now().toISOString(),
        created_by: actor.userId,
      })
      .execute();
    await ctx.audit(trx, audit, {
      action: 'assignment.create',
      targetType: 'assignment',
      targetId: id,
      orgId: input.orgId,
      details: { userId: input.userId, username: user.username, role: input.role, validFrom: input.validFrom ?? null, validTo: input.validTo ?? null },
    });
  });
  return id;
}

export async function revokeRole(ctx: AppContext, audit: AuditContext, actor: Actor, id: string): Promise<void> {
  const a = await findAssignment(ctx.db, actor, id);
  if (!a) throw new AppError('ASSIGNMENT_NOT_FOUND');
  authorizeAbility(assignmentAbilities, 'delete', actor, a);
  await ctx.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('assignments').where('id', '=', id).execute();
    await ctx.audit(trx, audit, {
      action: 'assignment.delete',
      targetType: 'assignment',
      targetId: id,
      orgId: a.org_id,
      details: { userId: a.user_id, username: a.username, role: a.role },
    });
  });
}

export async function updateRolePermissions(ctx: AppContext, audit: AuditContext, actor: Actor, code: RoleCode, permissions: Permission[]): Promise<void> {
  // Who may edit roles at all; which roles are editable is rolePermissionProblem's answer below.
  if (!managesRoles(actor)) throw new AppError('FORBIDDEN');
  const role = await ctx.db.selectFrom('roles').select(['code', 'permissions']).where('code', '=', code).executeTakeFirst();
  if (!role) throw new AppError('ROLE_NOT_FOUND');
  const problem = rolePermissionProblem(code, permissions);
  if (problem === 'fixed-role') throw new AppError('ROLE_NOT_EDITABLE');
  if (problem) throw new AppError('ROLE_PERMISSION_NOT_ALLOWED');
  const next = [...new Set(permissions)].sort();
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('roles')
      .set({ permissions: JSON.stringify(next), updated_at: ctx.clock.now().toISOString() })
      .where('code', '=', code)
      .execute();
    await ctx.audit(trx, audit, { action: 'role.update', targetType: 'role', targetId: code, details: { before: JSON.parse(role.permissions), after: next } });
  });
}
