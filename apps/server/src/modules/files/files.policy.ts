import type { Kysely } from 'kysely';
import type { DB, FilesTable } from '../../platform/db/schema.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { can } from '../../platform/policy/policy.ts';

export type FileRow = Pick<FilesTable, 'id' | 'uploaded_by' | 'record_type' | 'record_id' | 'record_org_path'>;

/**
 * Who may see a file attached to a record of a given type. A module whose records are seen by
 * other rules than "works within the record's org node" (e.g. grids below a task's sender)
 * registers its own rule with registerFileReader, once, when its routes are registered.
 */
export type FileReadRule = (db: Kysely<DB>, actor: Actor, record: { id: string; orgPath: string }) => boolean | Promise<boolean>;

const rules = new Map<string, FileReadRule>();

export function registerFileReader(recordType: string, rule: FileReadRule): void {
  rules.set(recordType, rule);
}

/** By default: a business role (org:summary; the three administrators have none) held at or above the record's node. */
const byOrgPath: FileReadRule = (_db, actor, record) => can(actor, 'org:summary', record.orgPath);

rules.set('service-request', (_db, actor, r) => can(actor, 'service:read', r.orgPath) || can(actor, 'service:handle', r.orgPath));

/** Unattached: only its uploader. Attached: its uploader, and whoever the record type's rule admits. */
export async function maySeeFile(db: Kysely<DB>, actor: Actor, file: FileRow): Promise<boolean> {
  if (file.uploaded_by === actor.userId) return true;
  if (!file.record_type || !file.record_id || file.record_org_path === null) return false;
  const rule = rules.get(file.record_type) ?? byOrgPath;
  return rule(db, actor, { id: file.record_id, orgPath: file.record_org_path });
}
