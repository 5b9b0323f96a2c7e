import type { Kysely } from 'kysely';
import type { PageQuery } from '@lingyan/shared';
import type { DB } from '../../platform/db/schema.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { inScope, pathsCondition } from '../../platform/policy/scope.ts';
import { scopePaths } from '../../platform/policy/policy.ts';
import { paginate } from '../../platform/http/pagination.ts';

const columns = ['o.id', 'o.code', 'o.name', 'o.kind', 'o.parent_id', 'o.path', 'o.sort_order'] as const;

function base(db: Kysely<DB>) {
  return db.selectFrom('org_nodes as o');
}

function withChildCount() {
  return (q: ReturnType<typeof base>) =>
    q.select(columns).select((eb) =>
      eb
        .selectFrom('org_nodes as c')
        .whereRef('c.parent_id', '=', 'o.id')
        .select((e) => e.fn.countAll<number>().as('n'))
        .as('child_count'),
    );
}

/** A node the actor may read, or undefined (outside scope looks exactly like absent). */
export async function findOrgInScope(db: Kysely<DB>, actor: Actor, id: string) {
  return withChildCount()(base(db))
    .where('o.id', '=', id)
    .where((eb) => inScope(eb, 'o.path', actor, 'org:read'))
    .executeTakeFirst();
}

export async function listChildren(db: Kysely<DB>, actor: Actor, parentId: string, page: PageQuery) {
  const q = base(db)
    .where('o.parent_id', '=', parentId)
    .where((eb) => inScope(eb, 'o.path', actor, 'org:read'));
  return paginate(q, page, (x) => withChildCount()(x).orderBy('o.sort_order').orderBy('o.code'));
}

/** Without a parent: the top nodes of the actor's scope. */
export async function listScopeTops(db: Kysely<DB>, actor: Actor, page: PageQuery) {
  const tops = scopePaths(actor, 'org:read');
  const q = base(db).where('o.path', 'in', tops.length ? tops : ['-']);
  return paginate(q, page, (x) => withChildCount()(x).orderBy('o.path'));
}

export async function summarize(db: Kysely<DB>, path: string, today: string) {
  const kinds = await db
    .selectFrom('org_nodes as o')
    .select(['o.kind', (eb) => eb.fn.countAll<number>().as('n')])
    .where((eb) => pathsCondition(eb, 'o.path', [path]))
    .where('o.path', '!=', path)
    .groupBy('o.kind')
    .execute();
  const users = await db
    .selectFrom('assignments as a')
    .innerJoin('org_nodes as o', 'o.id', 'a.org_id')
    .innerJoin('users as u', 'u.id', 'a.user_id')
    .select((eb) => eb.fn.count<number>('a.user_id').distinct().as('n'))
    .where((eb) => pathsCondition(eb, 'o.path', [path]))
    .where('u.status', '=', 'active')
    .where((eb) => eb.or([eb('a.valid_to', 'is', null), eb('a.valid_to', '>=', today)]))
    .executeTakeFirst();
  const count = (kind: string) => Number(kinds.find((k) => k.kind === kind)?.n ?? 0);
  return { townships: count('township'), communities: count('community'), villages: count('village'), grids: count('grid'), users: Number(users?.n ?? 0) };
}
