import type { AppContext } from '../../platform/context.ts';
import type { AuditContext } from '../../platform/audit/audit.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { assertPasswordPolicy, hashPassword } from '../../platform/auth/passwords.ts';
import { deleteUserSessions } from '../../platform/auth/sessions.ts';
import { authorizeAbility } from '../../platform/policy/policy.ts';
import { findVisibleUser, type UserRow } from './users.repo.ts';
import { userAbilities } from './users.policy.ts';

async function loadUser(ctx: AppContext, actor: Actor, id: string): Promise<UserRow> {
  const user = await findVisibleUser(ctx.db, actor, id);
  if (!user) throw new AppError('USER_NOT_FOUND');
  return user;
}

/** A new account must change the password it was given at its first sign-in. */
export async function createUser(
  ctx: AppContext,
  audit: AuditContext,
  actor: Actor,
  input: { username: string; displayName: string; password: string },
): Promise<string> {
  authorizeAbility(userAbilities, 'update', actor, { id: '', status: 'active', locked_until: null });
  const username = input.username.toLowerCase();
  const taken = await ctx.db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirst();
  if (taken) throw new AppError('USERNAME_TAKEN', { username });
  assertPasswordPolicy(input.password, username, await ctx.settings.get('auth.passwordPolicy'));
  const passwordHash = await hashPassword(input.password);
  const id = newId();
  const now = ctx.clock.now().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('users')
      .values({
        id,
        username,
        display_name: input.displayName,
        password_hash: passwordHash,
        status: 'active',
        must_change_password: 1,
        failed_logins: 0,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await ctx.audit(trx, audit, { action: 'user.create', targetType: 'user', targetId: id, details: { username } });
  });
  return id;
}

export async function updateUser(
  ctx: AppContext,
  audit: AuditContext,
  actor: Actor,
  id: string,
  input: { displayName?: string | undefined; status?: 'active' | 'disabled' | undefined },
): Promise<void> {
  const user = await loadUser(ctx, actor, id);
  authorizeAbility(userAbilities, 'update', actor, user);
  if (input.status && input.status !== user.status) authorizeAbility(userAbilities, input.status === 'disabled' ? 'disable' : 'enable', actor, user);
  const changes: Record<string, string> = {};
  if (input.displayName !== undefined) changes.display_name = input.displayName;
  if (input.status !== undefined) changes.status = input.status;
  if (Object.keys(changes).length === 0) return;
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('users')
      .set({ ...changes, updated_at: ctx.clock.now().toISOString() })
      .where('id', '=', id)
      .execute();
    if (input.status === 'disabled') await deleteUserSessions(trx, id);
    await ctx.audit(trx, audit, { action: 'user.update', targetType: 'user', targetId: id, details: { fields: Object.keys(changes), status: input.status } });
  });
}

/** An administrator's reset: unlocks, ends the user's sessions, forces a change at next sign-in. */
export async function resetPassword(ctx: AppContext, audit: AuditContext, actor: Actor, id: string, newPassword: string): Promise<void> {
  const user = await loadUser(ctx, actor, id);
  authorizeAbility(userAbilities, 'reset-password', actor, user);
  assertPasswordPolicy(newPassword, user.username, await ctx.settings.get('auth.passwordPolicy'));
  const passwordHash = await hashPassword(newPassword);
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('users')
      .set({ password_hash: passwordHash, must_change_password: 1, failed_logins: 0, locked_until: null, updated_at: ctx.clock.now().toISOString() })
      .where('id', '=', id)
      .execute();
    await deleteUserSessions(trx, id);
    await ctx.audit(trx, audit, { action: 'user.reset-password', targetType: 'user', targetId: id });
  });
}
