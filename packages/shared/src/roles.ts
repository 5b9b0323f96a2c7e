/**
 * Roles and permissions. The permission codes are fixed by the code that checks them; which
 * role holds which permission is data (table `roles`), seeded from DEFAULT_ROLE_PERMISSIONS and
 * edited by the security administrator.
 */
export const PERMISSIONS = [
  'org:read',
  'org:summary',
  'user:read',
  'user:manage',
  'role:read',
  'role:manage',
  'assignment:read',
  'assignment:manage',
  'audit:read',
  'setting:read',
  'setting:manage',
  'api-token:manage',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLES = [
  'system-admin',
  'security-admin',
  'auditor',
  'city-admin',
  'township-officer',
  'department-officer',
  'community-leader',
  'window-worker',
  'grid-worker',
] as const;
export type RoleCode = (typeof ROLES)[number];

/** The three separated administrators of a government system (三员分立). */
export const SEPARATED_ADMIN_ROLES: readonly RoleCode[] = ['system-admin', 'security-admin', 'auditor'];

export const DEFAULT_ROLE_PERMISSIONS: Record<RoleCode, Permission[]> = {
  // Manages accounts; reads the org tree to place them, never business data.
  'system-admin': ['org:read', 'user:read', 'user:manage', 'role:read', 'assignment:read', 'setting:read', 'setting:manage', 'api-token:manage'],
  // Manages roles and who holds them.
  'security-admin': ['org:read', 'user:read', 'role:read', 'role:manage', 'assignment:read', 'assignment:manage', 'setting:read'],
  // Reads the audit log, nothing else.
  auditor: ['audit:read'],
  'city-admin': ['org:read', 'org:summary', 'setting:read'],
  'township-officer': ['org:read', 'org:summary'],
  'department-officer': ['org:read', 'org:summary'],
  'community-leader': ['org:read', 'org:summary'],
  'window-worker': ['org:read', 'org:summary'],
  'grid-worker': ['org:read', 'org:summary'],
};

export function isRoleCode(value: unknown): value is RoleCode {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
export function isPermission(value: unknown): value is Permission {
  return typeof value === 'string' && (PERMISSIONS as readonly string[]).includes(value);
}
