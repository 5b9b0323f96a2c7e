import type { Kysely } from 'kysely';
import { idsOfPath, type PageQuery } from '@lingyan/shared';
import type { DB } from '../../platform/db/schema.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { inScope, escapeLike } from '../../platform/policy/scope.ts';
import { scopePaths } from '../../platform/policy/policy.ts';
import { paginate } from '../../platform/http/pagination.ts';

export type AuditFilter = {
  action?: string | undefined;
  actor?: string | undefined;
  outcome?: string | undefined;
  targetId?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
};

/** Dates alone mean whole days in China time (UTC+8). */
function boundary(value: string, end: boolean): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return new Date(value).toISOString();
  const start = new Date(`${value}T00:00:00+08:00`).getTime();
  return new Date(end ? start + 86_400_000 : start).toISOString();
}

export async function listAudit(db: Kysely<DB>, actor: Actor, f: AuditFilter, page: PageQuery) {
  let q = db.selectFrom('audit_log as l').leftJoin('org_nodes as o', 'o.id', 'l.org_id');
  // An auditor at the root reads everything; one lower down reads the rows of their nodes.
  if (!scopePaths(actor, 'audit:read').some((p) => idsOfPath(p).length === 1)) q = q.where((eb) => inScope(eb, 'o.path', actor, 'audit:read'));
  if (f.action) q = q.where('l.action', 'like', `${escapeLike(f.action)}%`);
  if (f.actor) q = q.where('l.actor_name', '=', f.actor.toLowerCase());
  if (f.outcome) q = q.where('l.outcome', '=', f.outcome);
  if (f.targetId) q = q.where('l.target_id', '=', f.targetId);
  if (f.from) q = q.where('l.at', '>=', boundary(f.from, false));
  if (f.to) q = q.where('l.at', '<', boundary(f.to, true));
  return paginate(q, page, (x) =>
    x
      .select([
        'l.seq',
        'l.at',
        'l.actor_id',
        'l.actor_name',
        'l.action',
        'l.target_type',
        'l.target_id',
        'l.org_id',
        'l.outcome',
        'l.request_id',
        'l.ip',
        'l.details',
      ])
      .orderBy('l.seq', 'desc'),
  );
}
