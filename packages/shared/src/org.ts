export const ORG_KINDS = ['city', 'township', 'community', 'village', 'grid'] as const;
export type OrgKind = (typeof ORG_KINDS)[number];

/** Which kinds may sit directly under which: city > township > community|village > grid. */
export const ORG_CHILD_KINDS: Record<OrgKind, readonly OrgKind[]> = {
  city: ['township'],
  township: ['community', 'village'],
  community: ['grid'],
  village: ['grid'],
  grid: [],
};

/** A node's materialized path is its ancestors' ids and its own, each followed by '/': `/a/b/c/`. */
export function childPath(parentPath: string | null, id: string): string {
  return `${parentPath ?? '/'}${id}/`;
}

/** True when `path` is `scopePath` or lies under it. */
export function isWithinPath(path: string, scopePath: string): boolean {
  return path.startsWith(scopePath);
}

export function idsOfPath(path: string): string[] {
  return path.split('/').filter(Boolean);
}
