import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  createUserInputSchema,
  idSchema,
  listOf,
  okSchema,
  resetPasswordInputSchema,
  updateUserInputSchema,
  userListQuerySchema,
  userSchema,
  type User,
} from '@lingyan/shared';
import type { AppContext } from '../../platform/context.ts';
import { actorOf, auditContextOf, permission } from '../../platform/http/access.ts';
import { AppError } from '../../platform/errors.ts';
import { abilitiesOf } from '../../platform/policy/policy.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { findVisibleUser, listUsers, type UserRow } from './users.repo.ts';
import { userAbilities } from './users.policy.ts';
import { createUser, resetPassword, updateUser } from './users.commands.ts';

function present(actor: Actor, u: UserRow): User {
  return {
    id: u.id,
    username: u.username,
    displayName: u.display_name,
    status: u.status as User['status'],
    mustChangePassword: u.must_change_password === 1,
    lockedUntil: u.locked_until,
    lastLoginAt: u.last_login_at,
    createdAt: u.created_at,
    abilities: abilitiesOf(userAbilities, actor, u),
  };
}

const params = z.object({ id: idSchema });

export function registerUserRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const load = async (actor: Actor, id: string) => {
    const u = await findVisibleUser(ctx.db, actor, id);
    if (!u) throw new AppError('USER_NOT_FOUND');
    return present(actor, u);
  };

  r.get(
    '/api/v1/users',
    { config: { access: permission('user:read') }, schema: { tags: ['users'], querystring: userListQuerySchema, response: { 200: listOf(userSchema) } } },
    async (request) => {
      const actor = actorOf(request);
      const { q, ...page } = request.query;
      const list = await listUsers(ctx.db, actor, { q }, page);
      return { ...list, items: list.items.map((u) => present(actor, u)) };
    },
  );

  r.get(
    '/api/v1/users/:id',
    { config: { access: permission('user:read') }, schema: { tags: ['users'], params, response: { 200: userSchema } } },
    async (request) => load(actorOf(request), request.params.id),
  );

  r.post(
    '/api/v1/users',
    { config: { access: permission('user:manage') }, schema: { tags: ['users'], body: createUserInputSchema, response: { 201: userSchema } } },
    async (request, reply) => {
      const actor = actorOf(request);
      const id = await createUser(ctx, auditContextOf(request), actor, request.body);
      reply.status(201);
      return load(actor, id);
    },
  );

  r.patch(
    '/api/v1/users/:id',
    { config: { access: permission('user:manage') }, schema: { tags: ['users'], params, body: updateUserInputSchema, response: { 200: userSchema } } },
    async (request) => {
      const actor = actorOf(request);
      await updateUser(ctx, auditContextOf(request), actor, request.params.id, request.body);
      return load(actor, request.params.id);
    },
  );

  r.post(
    '/api/v1/users/:id/reset-password',
    { config: { access: permission('user:manage') }, schema: { tags: ['users'], params, body: resetPasswordInputSchema, response: { 200: okSchema } } },
    async (request) => {
      await resetPassword(ctx, auditContextOf(request), actorOf(request), request.params.id, request.body.newPassword);
      return { ok: true as const };
    },
  );
}
