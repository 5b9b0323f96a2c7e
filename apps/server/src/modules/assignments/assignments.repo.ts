import type { Kysely } from 'kysely';
import type { PageQuery } from '@lingyan/shared';
import type { DB } from '../../platform/db/schema.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { inScope } from '../../platform/policy/scope.ts';
import { paginate } from '../../platform/http/pagination.ts';

const columns = [
  'a.id',
  'a.user_id',
  'u.username',
  'u.display_name',
  'a.role',
  'a.org_id',
  'o.name as org_name',
  'o.kind as org_kind',
  'o.path as org_path',
  'a.valid_from',
  'a.valid_to',
  'a.created_at',
] as const;

function visible(db: Kysely<DB>, actor: Actor) {
  return db
    .selectFrom('assignments as a')
    .innerJoin('users as u', 'u.id', 'a.user_id')
    .innerJoin('org_nodes as o', 'o.id', 'a.org_id')
    .where((eb) => inScope(eb, 'o.path', actor, 'assignment:read'));
}

export async function listAssignments(db: Kysely<DB>, actor: Actor, filter: { userId?: string | undefined; orgId?: string | undefined }, page: PageQuery) {
  let q = visible(db, actor);
  if (filter.userId) q = q.where('a.user_id', '=', filter.userId);
  if (filter.orgId) q = q.where('a.org_id', '=', filter.orgId);
  return paginate(q, page, (x) => x.select(columns).orderBy('o.path').orderBy('u.username'));
}

export async function findAssignment(db: Kysely<DB>, actor: Actor, id: string) {
  return visible(db, actor).select(columns).where('a.id', '=', id).executeTakeFirst();
}
export type AssignmentRow = NonNullable<Awaited<ReturnType<typeof findAssignment>>>;
