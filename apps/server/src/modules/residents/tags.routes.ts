import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AGE_TAGS, idsOfPath, tagDefinitionSchema } from '@lingyan/shared';
import type { AppContext } from '../../platform/context.ts';
import { actorOf, auditContextOf, permission } from '../../platform/http/access.ts';
import { AppError } from '../../platform/errors.ts';
import { scopePaths } from '../../platform/policy/policy.ts';

const createTagSchema = z.strictObject({
  code: z.string().regex(/^[a-z][a-z0-9-]{1,31}$/),
  zh: z.string().trim().min(1).max(32),
  en: z.string().trim().min(1).max(64),
  sensitive: z.boolean().default(false),
});

/** The resident tags: the city's list (data), plus the age tags computed from birth dates. */
export function registerTagRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const list = async () => {
    const rows = await ctx.db.selectFrom('tag_definitions').selectAll().orderBy('sort_order').orderBy('code').execute();
    const ageTags = Object.entries(AGE_TAGS).map(([code, years]) => ({
      code,
      zh: `${years}岁以上老人`,
      en: `Aged ${years}+`,
      sensitive: false,
      computed: true,
    }));
    return [...ageTags, ...rows.map((t) => ({ code: t.code, zh: t.name_zh, en: t.name_en, sensitive: t.sensitive === 1, computed: false }))];
  };

  r.get(
    '/api/v1/tags',
    { config: { access: permission('registry:read') }, schema: { tags: ['residents'], response: { 200: z.object({ items: z.array(tagDefinitionSchema) }) } } },
    async () => ({ items: await list() }),
  );

  r.post(
    '/api/v1/tags',
    { config: { access: permission('registry:tags') }, schema: { tags: ['residents'], body: createTagSchema, response: { 201: tagDefinitionSchema } } },
    async (request, reply) => {
      const actor = actorOf(request);
      // The tag list is city-wide: only a holder at the root edits it.
      if (!scopePaths(actor, 'registry:tags').some((p) => idsOfPath(p).length === 1)) throw new AppError('FORBIDDEN');
      const { code, zh, en, sensitive } = request.body;
      if (AGE_TAGS[code] !== undefined || (await ctx.db.selectFrom('tag_definitions').select('code').where('code', '=', code).executeTakeFirst()))
        throw new AppError('CONFLICT');
      await ctx.db.transaction().execute(async (trx) => {
        const max = await trx
          .selectFrom('tag_definitions')
          .select((eb) => eb.fn.max('sort_order').as('m'))
          .executeTakeFirst();
        await trx
          .insertInto('tag_definitions')
          .values({ code, name_zh: zh, name_en: en, sensitive: sensitive ? 1 : 0, sort_order: Number(max?.m ?? 0) + 1 })
          .execute();
        await ctx.audit(trx, auditContextOf(request), { action: 'tag.create', targetType: 'tag', targetId: code });
      });
      reply.status(201);
      return { code, zh, en, sensitive, computed: false };
    },
  );
}
