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
  'registry:read',
  'registry:write',
  'registry:reveal',
  'registry:export',
  'registry:import',
  'registry:tags',
  'calendar:manage',
  'service:read',
  'service:receive',
  'service:handle',
  'service:lead',
  'service:catalog',
  'service:figures',
  'visit:read',
  'visit:write',
  'visit:settings',
  'grid:read',
  'grid:manage',
  'grid-task:send',
  'grid-task:report',
  'notice:send',
  'notice:acknowledge',
  'event:read',
  'event:report',
  'event:dispatch',
  'event:handle',
  'event:categories',
  'event:figures',
  'star:read',
  'star:catalog',
  'star:self-assess',
  'star:survey',
  'star:score',
  'star:check',
  'star:review',
  'star:approve',
  'star:export',
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
  'city-admin': [
    'visit:read',
    'visit:settings',
    'org:read',
    'org:summary',
    'setting:read',
    'registry:read',
    'registry:export',
    'registry:tags',
    'calendar:manage',
    'service:read',
    'service:catalog',
    'service:figures',
    'grid:read',
    'event:read',
    'event:categories',
    'event:figures',
    'star:read',
    'star:catalog',
    'star:approve',
    'star:export',
  ],
  'township-officer': [
    'visit:read',
    'org:read',
    'org:summary',
    'registry:read',
    'registry:reveal',
    'registry:export',
    'service:read',
    'service:handle',
    'service:figures',
    'grid-task:send',
    'notice:send',
    'grid:read',
    'grid:manage',
    'event:read',
    'event:report',
    'event:dispatch',
    'event:handle',
    'event:figures',
    'star:read',
    'star:score',
    'star:check',
    'star:export',
  ],
  'department-officer': ['org:read', 'org:summary', 'service:handle', 'event:handle', 'star:read', 'star:review'],
  'community-leader': [
    'visit:read',
    'visit:write',
    'org:read',
    'org:summary',
    'registry:read',
    'registry:write',
    'registry:reveal',
    'registry:export',
    'registry:import',
    'service:read',
    'service:receive',
    'service:handle',
    'service:lead',
    'service:figures',
    'grid-task:send',
    'notice:send',
    'grid:read',
    'grid:manage',
    'event:read',
    'event:report',
    'event:dispatch',
    'event:handle',
    'event:figures',
    'star:read',
    'star:self-assess',
    'star:survey',
  ],
  'window-worker': [
    'visit:read',
    'org:read',
    'org:summary',
    'registry:read',
    'registry:write',
    'registry:reveal',
    'registry:export',
    'registry:import',
    'service:read',
    'service:receive',
    'service:handle',
    'grid:read',
    'event:read',
    'event:report',
    'event:handle',
    'star:read',
    'star:survey',
  ],
  'grid-worker': [
    'visit:read',
    'visit:write',
    'org:read',
    'org:summary',
    'registry:read',
    'registry:write',
    'registry:reveal',
    'service:read',
    'service:receive',
    'service:handle',
    'grid-task:report',
    'notice:acknowledge',
    'grid:read',
    'event:read',
    'event:report',
    'event:handle',
    'star:survey',
  ],
};

export function isRoleCode(value: unknown): value is RoleCode {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
export function isPermission(value: unknown): value is Permission {
  return typeof value === 'string' && (PERMISSIONS as readonly string[]).includes(value);
}

/** Where each role may be given: the kinds of org node its holder works at. */
export const ROLE_ORG_KINDS: Record<RoleCode, readonly import('./org.ts').OrgKind[]> = {
  'system-admin': ['city'],
  'security-admin': ['city'],
  auditor: ['city'],
  'city-admin': ['city'],
  'township-officer': ['township'],
  'department-officer': ['city'],
  'community-leader': ['community', 'village'],
  'window-worker': ['community', 'village'],
  'grid-worker': ['grid', 'community', 'village'],
};

/** Permissions that belong to the separated administrators only; business roles never get them. */
export const ADMIN_ONLY_PERMISSIONS: readonly Permission[] = [
  'user:manage',
  'role:manage',
  'assignment:manage',
  'audit:read',
  'api-token:manage',
  'setting:manage',
];

/**
 * Separation of duties (三员分立): whoever holds one of the three administrator roles holds no
 * other role at all. Returns the reason the new role may not be added, or null.
 */
export function separationConflict(heldRoles: readonly RoleCode[], newRole: RoleCode): 'separated-admin' | null {
  const others = heldRoles.filter((r) => r !== newRole);
  if (others.length === 0) return null;
  const isAdmin = (r: RoleCode) => SEPARATED_ADMIN_ROLES.includes(r);
  return isAdmin(newRole) || others.some(isAdmin) ? 'separated-admin' : null;
}

/** Whether a role's permission set may be edited to `permissions`. */
export function rolePermissionProblem(role: RoleCode, permissions: readonly Permission[]): 'fixed-role' | 'admin-permission' | null {
  if (SEPARATED_ADMIN_ROLES.includes(role)) return 'fixed-role';
  return permissions.some((p) => ADMIN_ONLY_PERMISSIONS.includes(p)) ? 'admin-permission' : null;
}
