import type { Kysely } from 'kysely';
import type { OrgKind, Permission, RoleCode } from '@lingyan/shared';
import type { DB } from '../db/schema.ts';

export type ActorAssignment = {
  id: string;
  role: RoleCode;
  orgId: string;
  orgName: string;
  orgKind: OrgKind;
  orgPath: string;
  validFrom: string | null;
  validTo: string | null;
  permissions: readonly Permission[];
};

/** The authenticated caller: who they are and what their current assignments grant where. */
export type Actor = {
  userId: string;
  username: string;
  displayName: string;
  locale: string | null;
  mustChangePassword: boolean;
  assignments: ActorAssignment[];
  via: 'session' | 'token';
  sessionId: string | null;
  csrfToken: string | null;
};

/** Loads the assignments valid on `today` (YYYY-MM-DD) with their roles' permissions. */
export async function loadActorAssignments(db: Kysely<DB>, userId: string, today: string): Promise<ActorAssignment[]> {
  const rows = await db
    .selectFrom('assignments as a')
    .innerJoin('org_nodes as o', 'o.id', 'a.org_id')
    .innerJoin('roles as r', 'r.code', 'a.role')
    .select(['a.id', 'a.role', 'a.org_id', 'o.name', 'o.kind', 'o.path', 'a.valid_from', 'a.valid_to', 'r.permissions'])
    .where('a.user_id', '=', userId)
    .where((eb) => eb.or([eb('a.valid_from', 'is', null), eb('a.valid_from', '<=', today)]))
    .where((eb) => eb.or([eb('a.valid_to', 'is', null), eb('a.valid_to', '>=', today)]))
    .orderBy('o.path')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    role: r.role as RoleCode,
    orgId: r.org_id,
    orgName: r.name,
    orgKind: r.kind as OrgKind,
    orgPath: r.path,
    validFrom: r.valid_from,
    validTo: r.valid_to,
    permissions: JSON.parse(r.permissions) as Permission[],
  }));
}

/** Today's date in China (UTC+8, no daylight saving): assignments' periods are local dates. */
export function chinaDate(now: Date): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}
