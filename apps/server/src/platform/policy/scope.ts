import { sql, type ExpressionBuilder, type Expression, type SqlBool } from 'kysely';
import type { Permission } from '@lingyan/shared';
import type { Actor } from '../auth/actor.ts';
import { scopePaths } from './policy.ts';

/**
 * "Which rows?" — the one scope helper. Every list and load of business rows passes through it:
 * a row is visible when its org path lies under one of the actor's scope paths for the permission.
 * Use as `.where((eb) => inScope(eb, 'o.path', actor, 'org:read'))`.
 */
export function inScope<DB, TB extends keyof DB>(eb: ExpressionBuilder<DB, TB>, pathColumn: string, actor: Actor, permission: Permission): Expression<SqlBool> {
  return pathsCondition(eb, pathColumn, scopePaths(actor, permission));
}

export function pathsCondition<DB, TB extends keyof DB>(eb: ExpressionBuilder<DB, TB>, pathColumn: string, paths: string[]): Expression<SqlBool> {
  if (paths.length === 0) return sql<SqlBool>`1 = 0`;
  const ref = sql.ref(pathColumn);
  return eb.or(paths.map((p) => sql<SqlBool>`${ref} like ${escapeLike(p) + '%'} escape '\\'`));
}

export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}
