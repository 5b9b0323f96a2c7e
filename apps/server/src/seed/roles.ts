import type { Kysely } from 'kysely';
import { DEFAULT_ROLE_PERMISSIONS, ROLES } from '@lingyan/shared';
import type { DB } from '../platform/db/schema.ts';

/** Inserts any role the code knows and the database lacks; never overwrites an edited role. */
export async function ensureRoles(db: Kysely<DB>, now: string): Promise<void> {
  const existing = new Set((await db.selectFrom('roles').select('code').execute()).map((r) => r.code));
  const missing = ROLES.filter((code) => !existing.has(code));
  if (missing.length === 0) return;
  await db
    .insertInto('roles')
    .values(missing.map((code) => ({ code, permissions: JSON.stringify(DEFAULT_ROLE_PERMISSIONS[code]), updated_at: now })))
    .onConflict((oc) => oc.column('code').doNothing())
    .execute();
}
