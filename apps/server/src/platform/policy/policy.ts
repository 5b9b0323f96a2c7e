import type { Permission } from '@lingyan/shared';
import type { Actor } from '../auth/actor.ts';
import { AppError } from '../errors.ts';

/**
 * "May I?" — one answer for every module. A permission is held at the org nodes of the
 * assignments whose role grants it, and covers those nodes and everything below them.
 */
export function scopePaths(actor: Actor, permission: Permission): string[] {
  const paths = actor.assignments.filter((a) => a.permissions.includes(permission)).map((a) => a.orgPath);
  // Keep only the top paths: a path under another adds nothing.
  return [...new Set(paths)].filter((p, _, all) => !all.some((q) => q !== p && p.startsWith(q))).sort();
}

/** True when the actor holds `permission` at `orgPath` (or anywhere, when no path is given). */
export function can(actor: Actor, permission: Permission, orgPath?: string | null): boolean {
  const paths = scopePaths(actor, permission);
  if (orgPath === undefined) return paths.length > 0;
  if (orgPath === null) return false;
  return paths.some((p) => orgPath.startsWith(p));
}

export function authorize(actor: Actor, permission: Permission, orgPath?: string | null): void {
  if (!can(actor, permission, orgPath)) throw new AppError('FORBIDDEN');
}

/** For views that serve two kinds of caller (e.g. readers of a node and handlers of a record). */
export function authorizeAny(actor: Actor, permissions: Permission[]): void {
  if (!permissions.some((p) => can(actor, p))) throw new AppError('FORBIDDEN');
}

/** The union of permissions the actor holds anywhere (drives the web menu). */
export function permissionsOf(actor: Actor): Permission[] {
  return [...new Set(actor.assignments.flatMap((a) => a.permissions))].sort();
}

/**
 * A module's policy: named abilities on one record, each a predicate. The API returns the
 * abilities that hold with every record, so the UI never re-derives role logic.
 */
export type AbilityRules<R> = Record<string, (actor: Actor, record: R) => boolean>;

export function abilitiesOf<R>(rules: AbilityRules<R>, actor: Actor, record: R): string[] {
  return Object.entries(rules)
    .filter(([, rule]) => rule(actor, record))
    .map(([name]) => name);
}

export function authorizeAbility<R>(rules: AbilityRules<R>, ability: string, actor: Actor, record: R): void {
  const rule = rules[ability];
  if (!rule || !rule(actor, record)) throw new AppError('FORBIDDEN');
}
