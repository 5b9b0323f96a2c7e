import type { Kysely } from 'kysely';
import type { PageQuery } from '@lingyan/shared';
import type { DB } from '../../platform/db/schema.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { inScope } from '../../platform/policy/scope.ts';
import { paginate } from '../../platform/http/pagination.ts';
import { managesAllUsers } from './users.policy.ts';
import { escapeLike } from '../../platform/policy/scope.ts';

const columns = ['u.id', 'u.username', 'u.display_name', 'u.status', 'u.must_change_password', 'u.locked_until', 'u.last_login_at', 'u.created_at'] as const;

/** Users visible to the actor: all of them from a root scope, else those assigned inside the scope. */
function visibleUsers(db: Kysely<DB>, actor: Actor) {
  let q = db.selectFrom('users as u');
  if (!managesAllUsers(actor, 'user:read')) {
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('assignments as a')
          .innerJoin('org_nodes as o', 'o.id', 'a.org_id')
          .select('a.id')
          .whereRef('a.user_id', '=', 'u.id')
          .where((e) => inScope(e, 'o.path', actor, 'user:read')),
      ),
    );
  }
  return q;
}

export async function listUsers(db: Kysely<DB>, actor: Actor, filter: { q?: string | undefined }, page: PageQuery) {
  let q = visibleUsers(db, actor);
  if (filter.q) {
    const like = `%${escapeLike(filter.q.toLowerCase())}%`;
    q = q.where((eb) => eb.or([eb('u.username', 'like', like), eb('u.display_name', 'like', like)]));
  }
  return paginate(q, page, (x) => x.select(columns).orderBy('u.username'));
}

export async function findVisibleUser(db: Kysely<DB>, actor: Actor, id: string) {
  return visibleUsers(db, actor).select(columns).where('u.id', '=', id).executeTakeFirst();
}
export type UserRow = NonNullable<Awaited<ReturnType<typeof findVisibleUser>>>;
