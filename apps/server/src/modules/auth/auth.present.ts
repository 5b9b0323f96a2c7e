import type { Me, UserSummary } from '@lingyan/shared';
import { isLocale } from '@lingyan/shared';
import type { Selectable } from 'kysely';
import type { UsersTable } from '../../platform/db/schema.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { permissionsOf } from '../../platform/policy/policy.ts';

export function presentUserSummary(u: Selectable<UsersTable>): UserSummary {
  return {
    id: u.id,
    username: u.username,
    displayName: u.display_name,
    locale: isLocale(u.locale) ? u.locale : null,
    mustChangePassword: u.must_change_password === 1,
  };
}

/** The caller, their current assignments, the top nodes of their scope and their permissions. */
export function presentMe(actor: Actor): Me {
  const tops = actor.assignments.filter((a, _, all) => !all.some((b) => b.orgPath !== a.orgPath && a.orgPath.startsWith(b.orgPath)));
  const seen = new Set<string>();
  const scope = tops.filter((a) => !seen.has(a.orgId) && seen.add(a.orgId)).map((a) => ({ id: a.orgId, name: a.orgName, kind: a.orgKind, path: a.orgPath }));
  return {
    user: {
      id: actor.userId,
      username: actor.username,
      displayName: actor.displayName,
      locale: isLocale(actor.locale) ? actor.locale : null,
      mustChangePassword: actor.mustChangePassword,
    },
    assignments: actor.assignments.map((a) => ({
      id: a.id,
      role: a.role,
      orgId: a.orgId,
      orgName: a.orgName,
      orgKind: a.orgKind,
      orgPath: a.orgPath,
      validFrom: a.validFrom,
      validTo: a.validTo,
    })),
    scope,
    permissions: permissionsOf(actor),
    csrfToken: actor.csrfToken,
  };
}
