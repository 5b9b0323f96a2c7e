import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.ts';
import { hashPassword } from '../../platform/auth/passwords.ts';
import { newId } from '../../platform/ids.ts';
import { DEMO_PASSWORD } from '../../test/harness.ts';
import { writeStarChange } from '../stars/stars.repo.ts';

async function addUser(db: Kysely<DB>, username: string, displayName: string, role: string, orgId: string): Promise<string> {
  const now = new Date().toISOString();
  const id = newId();
  await db
    .insertInto('users')
    .values({
      id,
      username,
      display_name: displayName,
      password_hash: await hashPassword(DEMO_PASSWORD),
      status: 'active',
      must_change_password: 0,
      failed_logins: 0,
      created_at: now,
      updated_at: now,
    })
    .execute();
  await db
    .insertInto('assignments')
    .values({ id: newId(), user_id: id, role, org_id: orgId, valid_from: null, valid_to: null, created_at: now, created_by: null })
    .execute();
  return id;
}

/** A community leader of the community with `communityCode` (the demo has one only for some). */
export async function addCommunityLeader(db: Kysely<DB>, username: string, communityCode: string): Promise<string> {
  const org = await db.selectFrom('org_nodes').select(['id', 'name']).where('code', '=', communityCode).executeTakeFirstOrThrow();
  return addUser(db, username, `${org.name}书记`, 'community-leader', org.id);
}

/**
 * A department officer (at the city) who is a member of the department with `departmentCode`
 * (created when the demo does not have it yet). Signs in with the demo password.
 */
export async function addDepartmentOfficer(db: Kysely<DB>, username: string, departmentCode: string, departmentName = departmentCode): Promise<string> {
  const now = new Date().toISOString();
  let dept = await db.selectFrom('departments').select('id').where('code', '=', departmentCode).executeTakeFirst();
  if (!dept) {
    dept = { id: newId() };
    await db.insertInto('departments').values({ id: dept.id, code: departmentCode, name: departmentName, created_at: now }).execute();
  }
  const city = await db.selectFrom('org_nodes').select('id').where('kind', '=', 'city').executeTakeFirstOrThrow();
  const id = await addUser(db, username, `${departmentName}干部`, 'department-officer', city.id);
  await db.insertInto('department_members').values({ department_id: dept.id, user_id: id, created_at: now }).execute();
  return id;
}

/** Makes a community hold exactly `codes` (each through writeStarChange, source 'seed'). */
export async function holdStars(db: Kysely<DB>, communityCode: string, codes: readonly string[], on = '2026-01-15'): Promise<void> {
  const org = await db.selectFrom('org_nodes').select(['id', 'path']).where('code', '=', communityCode).executeTakeFirstOrThrow();
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('community_stars').where('community_id', '=', org.id).execute();
    for (const starCode of codes)
      await writeStarChange(trx, new Date().toISOString(), {
        communityId: org.id,
        communityPath: org.path,
        starCode,
        change: 'awarded',
        on,
        reason: '测试：年度评定',
        sourceType: 'seed',
        sourceId: null,
        actor: { id: null, name: null },
      });
  });
}
