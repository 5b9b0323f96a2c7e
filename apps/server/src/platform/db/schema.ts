import type { Generated } from 'kysely';
import type { StarsDB } from './schema-stars.ts';
import type { RegistryDB } from './schema-registry.ts';
import type { ServiceHallDB } from './schema-service-hall.ts';
import type { GridsDB } from './schema-grids.ts';

export type * from './schema-registry.ts';
export type * from './schema-service-hall.ts';
export type * from './schema-grids.ts';
export type * from './schema-stars.ts';

/**
 * Table types. Conventions for one code path on both engines: ids are text (UUIDv7), times are
 * ISO-8601 UTC text, dates are YYYY-MM-DD text, booleans are integers 0/1, JSON is text.
 */
export interface OrgNodesTable {
  id: string;
  code: string;
  name: string;
  kind: string;
  parent_id: string | null;
  path: string;
  depth: number;
  sort_order: number;
  created_at: string;
}

export interface UsersTable {
  id: string;
  username: string;
  display_name: string;
  password_hash: string;
  status: string;
  must_change_password: number;
  failed_logins: number;
  locked_until: string | null;
  locale: string | null;
  last_login_at: string | null;
  password_changed_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface RolesTable {
  code: string;
  permissions: string;
  updated_at: string;
}

export interface AssignmentsTable {
  id: string;
  user_id: string;
  role: string;
  org_id: string;
  valid_from: string | null;
  valid_to: string | null;
  created_at: string;
  created_by: string | null;
}

export interface SessionsTable {
  id: string;
  user_id: string;
  csrf_token: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  ip: string | null;
  user_agent: string | null;
}

export interface ApiTokensTable {
  id: string;
  user_id: string;
  name: string;
  token_hash: string;
  created_at: string;
  created_by: string | null;
  expires_at: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface AuditLogTable {
  seq: number;
  at: string;
  actor_id: string | null;
  actor_name: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  org_id: string | null;
  outcome: string;
  request_id: string | null;
  ip: string | null;
  details: string | null;
  prev_hash: string;
  hash: string;
}

export interface AuditHeadTable {
  id: number;
  seq: number;
  hash: string;
}

export interface SettingsTable {
  key: string;
  value: string;
  updated_at: string;
  updated_by: string | null;
}

export interface JobLocksTable {
  name: string;
  locked_until: string;
  holder: string;
}

export interface DB extends StarsDB, RegistryDB, ServiceHallDB, GridsDB {
  org_nodes: OrgNodesTable;
  users: UsersTable;
  roles: RolesTable;
  assignments: AssignmentsTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  audit_log: AuditLogTable;
  audit_head: AuditHeadTable;
  settings: SettingsTable;
  job_locks: JobLocksTable;
  kysely_migration?: { name: string; timestamp: string };
}
export type { Generated };
