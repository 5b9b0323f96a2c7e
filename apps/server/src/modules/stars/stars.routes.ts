import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  communityStarsSchema,
  idSchema,
  starBoardSchema,
  starCommunityListSchema,
  starHonoursSchema,
  starPreviewInputSchema,
  starRulesUpdateSchema,
  starRulesViewSchema,
  starStanding,
  starStandingSchema,
} from '@lingyan/shared';
import type { AppContext } from '../../platform/context.ts';
import { AUTHENTICATED, PUBLIC, actorOf, auditContextOf, permission } from '../../platform/http/access.ts';
import { scopePaths } from '../../platform/policy/policy.ts';
import { chinaDate } from '../../platform/auth/actor.ts';
import { attachment } from '../imports/export.ts';
import { checkStarCodes, currentCatalog } from './stars.repo.ts';
import { communityStandings, inCatalogOrder } from './stars.standings.ts';
import { communityStarsView, currentYear, loadStarCommunity, starBoardJson } from './stars.community.ts';
import { catalogKeeperAbilities } from './stars.policy.ts';
import { saveStarRules } from './stars.commands.ts';
import { certificatePdf } from './stars.certificate.ts';
import { assessmentWorkbook, cycleEntries, honoursOf, loadCycle } from './stars.results.ts';
import { registerStarCatalogRoutes } from './stars-catalog.routes.ts';

const params = z.object({ id: idSchema });
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Star rating — the ten-star catalog, departments, rules, preview, a community's stars, the public board, certificates and exports. */
export function registerStarRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  registerStarCatalogRoutes(app, ctx);

  // What a set of stars would mean (the "what if" of the UI; integrators rely on this shape).
  r.post(
    '/api/v1/stars/preview',
    { config: { access: AUTHENTICATED }, schema: { tags: ['stars'], body: starPreviewInputSchema, response: { 200: starStandingSchema } } },
    async (request) => {
      checkStarCodes(await currentCatalog(ctx.db, currentYear(ctx)), request.body.stars);
      const { count, level, recommendations, barredFrom } = starStanding(request.body.stars, await ctx.settings.get('stars.rules'));
      return { count, level, recommendations, barredFrom };
    },
  );

  r.get(
    '/api/v1/stars/rules',
    { config: { access: permission('star:read') }, schema: { tags: ['stars'], response: { 200: starRulesViewSchema } } },
    async (request) => ({
      rules: await ctx.settings.get('stars.rules'),
      payCoefficients: await ctx.settings.get('stars.payCoefficients'),
      abilities: catalogKeeperAbilities(actorOf(request)),
    }),
  );
  r.put(
    '/api/v1/stars/rules',
    { config: { access: permission('star:catalog') }, schema: { tags: ['stars'], body: starRulesUpdateSchema, response: { 200: starRulesViewSchema } } },
    async (request) => {
      const actor = actorOf(request);
      await saveStarRules(ctx, auditContextOf(request), actor, request.body);
      return {
        rules: await ctx.settings.get('stars.rules'),
        payCoefficients: await ctx.settings.get('stars.payCoefficients'),
        abilities: catalogKeeperAbilities(actor),
      };
    },
  );

  // The communities in the caller's scope with their standing (the staff's "my stars" list).
  r.get(
    '/api/v1/stars/communities',
    { config: { access: permission('star:read') }, schema: { tags: ['stars'], response: { 200: starCommunityListSchema } } },
    async (request) => {
      const [rules, catalog] = await Promise.all([ctx.settings.get('stars.rules'), currentCatalog(ctx.db, currentYear(ctx))]);
      const rows = await communityStandings(ctx.db, rules, scopePaths(actorOf(request), 'star:read'));
      return { items: rows.map(({ stars, communityCode: _c, ...rest }) => ({ ...rest, stars: inCatalogOrder(stars, catalog) })) };
    },
  );

  r.get(
    '/api/v1/communities/:id/stars',
    { config: { access: permission('star:read') }, schema: { tags: ['stars'], params, response: { 200: communityStarsSchema } } },
    async (request) => {
      const actor = actorOf(request);
      return communityStarsView(ctx, actor, await loadStarCommunity(ctx.db, actor, request.params.id));
    },
  );

  r.get(
    '/api/v1/communities/:id/stars/certificate.pdf',
    { config: { access: permission('star:read') }, schema: { tags: ['stars'], params } },
    async (request, reply) => {
      const actor = actorOf(request);
      const view = await communityStarsView(ctx, actor, await loadStarCommunity(ctx.db, actor, request.params.id));
      const today = chinaDate(ctx.clock.now());
      const pdf = await certificatePdf({
        communityName: view.communityName,
        townshipName: view.townshipName,
        year: Number(today.slice(0, 4)),
        stars: view.stars,
        count: view.count,
        level: view.level,
        issuedOn: today,
      });
      return reply
        .type('application/pdf')
        .header('content-disposition', attachment(`${view.communityName}星级证书.pdf`, 'star-certificate.pdf'))
        .header('cache-control', 'no-store')
        .send(pdf);
    },
  );

  r.get(
    '/api/v1/public/star-board',
    { config: { access: PUBLIC }, schema: { tags: ['stars', 'public'], response: { 200: starBoardSchema } } },
    async (_request, reply) => {
      const json = await starBoardJson(ctx, await ctx.settings.get('stars.rules'));
      // Already JSON text (validated when built): Fastify sends a string with a JSON type as it is.
      return reply.type('application/json; charset=utf-8').send(json as never);
    },
  );

  r.get(
    '/api/v1/star-cycles/:id/honours',
    { config: { access: permission('star:read') }, schema: { tags: ['stars'], params, response: { 200: starHonoursSchema } } },
    async (request) => {
      const cycle = await loadCycle(ctx.db, request.params.id);
      const entries = await cycleEntries(ctx.db, actorOf(request), cycle.id, 'star:read');
      return honoursOf(cycle, entries, await ctx.settings.get('stars.rules'));
    },
  );

  r.get(
    '/api/v1/star-cycles/:id/assessment.xlsx',
    { config: { access: permission('star:export') }, schema: { tags: ['stars'], params } },
    async (request, reply) => {
      const actor = actorOf(request);
      const cycle = await loadCycle(ctx.db, request.params.id);
      const entries = await cycleEntries(ctx.db, actor, cycle.id, 'star:export');
      const [rules, pay] = await Promise.all([ctx.settings.get('stars.rules'), ctx.settings.get('stars.payCoefficients')]);
      const { buffer, rows } = await assessmentWorkbook(ctx.db, cycle, entries, rules, pay, ctx.clock.now());
      // The record of who took the results out, before the file leaves.
      await ctx.db.transaction().execute((trx) =>
        ctx.audit(trx, auditContextOf(request), {
          action: 'star.assessment.export',
          targetType: 'star-cycle',
          targetId: cycle.id,
          details: { year: cycle.year, communities: entries.length, rows },
        }),
      );
      return reply
        .type(XLSX)
        .header('content-disposition', attachment(`${cycle.year}年度星级评定考核.xlsx`, `star-assessment-${cycle.year}.xlsx`))
        .header('cache-control', 'no-store')
        .send(buffer);
    },
  );
}
