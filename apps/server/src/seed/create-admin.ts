import { SEPARATED_ADMIN_ROLES, isRoleCode, type RoleCode } from '@lingyan/shared';
import type { AppContext } from '../platform/context.ts';
import { newId } from '../platform/ids.ts';
import { assertPasswordPolicy, hashPassword } from '../platform/auth/passwords.ts';
import { AppError } from '../platform/errors.ts';

/** The first administrator of an installation, given at the root of the tree from the console. */
export async function createAdmin(ctx: AppContext, rawUsername: string, password: string, role: string): Promise<string> {
  const allowed: RoleCode[] = [...SEPARATED_ADMIN_ROLES, 'city-admin'];
  if (!isRoleCode(role) || !allowed.includes(role)) throw new Error(`--role must be one of ${allowed.join(', ')}`);
  const username = rawUsername.toLowerCase();
  const root = await ctx.db.selectFrom('org_nodes').select(['id']).where('parent_id', 'is', null).orderBy('code').executeTakeFirst();
  if (!root) throw new Error('There is no org tree yet: run "seed --tree <county code>" (or "seed --demo") first.');
  if (await ctx.db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirst())
    throw new Error(`The username "${username}" is taken.`);
  try {
    assertPasswordPolicy(password, username, await ctx.settings.get('auth.passwordPolicy'));
  } catch (e) {
    if (e instanceof AppError) throw new Error(`The password does not meet the policy (${JSON.stringify(e.details)}).`);
    throw e;
  }
  const passwordHash = await hashPassword(password);
  const now = ctx.clock.now().toISOString();
  const userId = newId();
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('users')
      .values({
        id: userId,
        username,
        display_name: username,
        password_hash: passwordHash,
        status: 'active',
        must_change_password: 1,
        failed_logins: 0,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await trx
      .insertInto('assignments')
      .values({ id: newId(), user_id: userId, role, org_id: root.id, valid_from: null, valid_to: null, created_at: now, created_by: null })
      .execute();
    await ctx.audit(
      trx,
      { actorId: null, actorName: 'console', requestId: null, ip: null },
      { action: 'user.create', targetType: 'user', targetId: userId, orgId: root.id, details: { username, role, via: 'create-admin' } },
    );
  });
  return `Created ${role} "${username}"; the password must be changed at first sign-in.`;
}
