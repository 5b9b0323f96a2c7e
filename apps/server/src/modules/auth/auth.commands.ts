import type { AppContext } from '../../platform/context.ts';
import type { AuditContext } from '../../platform/audit/audit.ts';
import { AppError } from '../../platform/errors.ts';
import { assertPasswordPolicy, burnPasswordCheck, hashPassword, verifyPassword } from '../../platform/auth/passwords.ts';
import { createSession, deleteSession, deleteUserSessions } from '../../platform/auth/sessions.ts';
import type { Actor } from '../../platform/auth/actor.ts';

export type LoginResult = { userId: string; token: string; csrfToken: string };

/** Checks the password, counts failures toward a lockout, and opens a session. */
export async function login(
  ctx: AppContext,
  audit: AuditContext,
  input: { username: string; password: string },
  meta: { ip: string | null; userAgent: string | null },
): Promise<LoginResult> {
  const now = ctx.clock.now();
  const username = input.username.trim().toLowerCase();
  const user = await ctx.db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
  const fail = (outcome: 'failure' | 'denied', reason: string, userId: string | null = null) =>
    ctx.audit(
      ctx.db,
      { ...audit, actorId: userId, actorName: username },
      { action: 'auth.login', outcome, targetType: 'user', targetId: userId, details: { reason } },
    );

  if (!user) {
    await burnPasswordCheck(input.password);
    await fail('failure', 'unknown-user');
    throw new AppError('AUTH_INVALID_CREDENTIALS');
  }
  if (user.locked_until && user.locked_until > now.toISOString()) {
    await fail('denied', 'locked', user.id);
    const minutes = Math.max(1, Math.ceil((new Date(user.locked_until).getTime() - now.getTime()) / 60_000));
    throw new AppError('AUTH_LOCKED', { minutes }, { minutes });
  }
  if (!(await verifyPassword(user.password_hash, input.password))) {
    const lockout = await ctx.settings.get('auth.lockout');
    const failures = user.failed_logins + 1;
    const locks = failures >= lockout.maxFailures;
    const lockedUntil = locks ? new Date(now.getTime() + lockout.lockMinutes * 60_000).toISOString() : null;
    await ctx.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('users')
        .set({ failed_logins: locks ? 0 : failures, locked_until: lockedUntil })
        .where('id', '=', user.id)
        .execute();
      await ctx.audit(
        trx,
        { ...audit, actorId: user.id, actorName: username },
        {
          action: 'auth.login',
          outcome: 'failure',
          targetType: 'user',
          targetId: user.id,
          details: { reason: locks ? 'wrong-password-locked' : 'wrong-password', failures },
        },
      );
    });
    if (locks) throw new AppError('AUTH_LOCKED', { minutes: lockout.lockMinutes }, { minutes: lockout.lockMinutes });
    throw new AppError('AUTH_INVALID_CREDENTIALS');
  }
  if (user.status !== 'active') {
    await fail('denied', 'disabled', user.id);
    throw new AppError('ACCOUNT_DISABLED');
  }
  const timeouts = await ctx.settings.get('auth.session');
  return ctx.db.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ failed_logins: 0, locked_until: null, last_login_at: now.toISOString() }).where('id', '=', user.id).execute();
    const session = await createSession(trx, user.id, now, timeouts, meta);
    await ctx.audit(trx, { ...audit, actorId: user.id, actorName: user.username }, { action: 'auth.login', targetType: 'user', targetId: user.id });
    return { userId: user.id, token: session.token, csrfToken: session.csrfToken };
  });
}

export async function logout(ctx: AppContext, audit: AuditContext, actor: Actor): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    if (actor.sessionId) await deleteSession(trx, actor.sessionId);
    await ctx.audit(trx, audit, { action: 'auth.logout', targetType: 'user', targetId: actor.userId });
  });
}

/** The user's own change: proves the current password, meets the policy, ends other sessions. */
export async function changePassword(
  ctx: AppContext,
  audit: AuditContext,
  actor: Actor,
  input: { currentPassword: string; newPassword: string },
): Promise<void> {
  const user = await ctx.db.selectFrom('users').selectAll().where('id', '=', actor.userId).executeTakeFirstOrThrow();
  if (!(await verifyPassword(user.password_hash, input.currentPassword))) {
    await ctx.audit(ctx.db, audit, {
      action: 'auth.change-password',
      outcome: 'failure',
      targetType: 'user',
      targetId: user.id,
      details: { reason: 'wrong-current-password' },
    });
    throw new AppError('PASSWORD_WRONG');
  }
  if (input.currentPassword === input.newPassword) throw new AppError('PASSWORD_REUSED');
  assertPasswordPolicy(input.newPassword, user.username, await ctx.settings.get('auth.passwordPolicy'));
  const passwordHash = await hashPassword(input.newPassword);
  const now = ctx.clock.now().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('users')
      .set({ password_hash: passwordHash, must_change_password: 0, password_changed_at: now, updated_at: now })
      .where('id', '=', user.id)
      .execute();
    await deleteUserSessions(trx, user.id, actor.sessionId ?? undefined);
    await ctx.audit(trx, audit, { action: 'auth.change-password', targetType: 'user', targetId: user.id });
  });
}
