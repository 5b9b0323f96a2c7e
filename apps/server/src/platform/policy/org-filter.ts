import type { Kysely } from 'kysely';
import type { Permission } from '@lingyan/shared';
import type { DB } from '../db/schema.ts';
import type { Actor } from '../auth/actor.ts';
import { AppError } from '../errors.ts';
import { can } from './policy.ts';

export type OrgRef = { id: string; path: string; kind: string; name: string };

/**
 * Loads an org node the actor holds `permission` at (an `orgId` filter, a grid to write into).
 * A node outside that scope is ORG_NOT_FOUND, exactly as if it did not exist.
 */
export async function loadOrgFor(db: Kysely<DB>, actor: Actor, orgId: string, permission: Permission): Promise<OrgRef> {
  const org = await db.selectFrom('org_nodes').select(['id', 'path', 'kind', 'name']).where('id', '=', orgId).executeTakeFirst();
  if (!org || !can(actor, permission, org.path)) throw new AppError('ORG_NOT_FOUND');
  return org;
}
