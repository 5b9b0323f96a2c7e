import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idsOfPath } from '@lingyan/shared';
import type { AppContext } from '../../platform/context.ts';
import { actorOf, auditContextOf, permission } from '../../platform/http/access.ts';
import { AppError } from '../../platform/errors.ts';
import { SETTINGS, isSettingKey } from '../../platform/settings.ts';
import { scopePaths } from '../../platform/policy/policy.ts';
import type { Actor } from '../../platform/auth/actor.ts';

const settingSchema = z.object({ key: z.string(), value: z.unknown(), default: z.unknown(), abilities: z.array(z.string()) });
const managesSettings = (actor: Actor) => scopePaths(actor, 'setting:manage').some((p) => idsOfPath(p).length === 1);

/** Policy values (thresholds, time limits) that administrators edit instead of code. */
export function registerSettingsRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/v1/settings',
    { config: { access: permission('setting:read') }, schema: { tags: ['settings'], response: { 200: z.object({ items: z.array(settingSchema) }) } } },
    async (request) => {
      const actor = actorOf(request);
      const keys = Object.keys(SETTINGS).filter(isSettingKey);
      const items = await Promise.all(
        keys.map(async (key) => ({
          key,
          value: await ctx.settings.get(key),
          default: SETTINGS[key].default,
          abilities: managesSettings(actor) ? ['update'] : [],
        })),
      );
      return { items };
    },
  );

  r.put(
    '/api/v1/settings/:key',
    {
      config: { access: permission('setting:manage') },
      schema: {
        tags: ['settings'],
        params: z.object({ key: z.string().max(64) }),
        body: z.strictObject({ value: z.unknown() }),
        response: { 200: settingSchema },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const { key } = request.params;
      if (!isSettingKey(key)) throw new AppError('SETTING_NOT_FOUND');
      if (!managesSettings(actor)) throw new AppError('FORBIDDEN');
      const parsed = SETTINGS[key].schema.safeParse(request.body.value);
      if (!parsed.success)
        throw new AppError(
          'SETTING_INVALID',
          {},
          parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
        );
      const before = await ctx.settings.get(key);
      await ctx.db.transaction().execute(async (trx) => {
        await ctx.settings.set(trx, key, parsed.data, actor.userId);
        await ctx.audit(trx, auditContextOf(request), {
          action: 'setting.update',
          targetType: 'setting',
          targetId: key,
          details: { before, after: parsed.data },
        });
      });
      ctx.settings.invalidate();
      return { key, value: parsed.data, default: SETTINGS[key].default, abilities: ['update'] };
    },
  );
}
