import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import QRCode from 'qrcode';
import {
  householdCodeInputSchema,
  householdCodeSchema,
  idSchema,
  paperResponseInputSchema,
  starSurveyEntryListSchema,
  starSurveyEntryQuerySchema,
  starSurveySchema,
  surveyHouseholdQuerySchema,
  surveyHouseholdSchema,
} from '@lingyan/shared';
import type { AppContext } from '../../platform/context.ts';
import { AUTHENTICATED, actorOf, auditContextOf, permission } from '../../platform/http/access.ts';
import { AppError } from '../../platform/errors.ts';
import { authorizeAny, can, scopePaths } from '../../platform/policy/policy.ts';
import { chinaDate, type Actor } from '../../platform/auth/actor.ts';
import { cycleYears, entriesOfYear, entryOf, listSurveyHouseholds, type SurveyEntry } from './star-survey.repo.ts';
import { reachesCommunity } from './star-survey.policy.ts';
import { entryListItem, staffSurveyView, surveyLink } from './star-survey.present.ts';
import { enterPaperResponse, issueHouseholdCode } from './star-survey.commands.ts';
import { registerPublicSurveyRoutes } from './star-survey.public.ts';

const params = z.object({ id: idSchema, communityId: idSchema });
const BASE = '/api/v1/star-cycles/:id/entries/:communityId/survey';

/** Star rating — the resident survey (群众测评): public questionnaire, household codes, paper responses, results. */
export function registerStarSurveyRoutes(app: FastifyInstance, ctx: AppContext): void {
  registerPublicSurveyRoutes(app, ctx);
  const r = app.withTypeProvider<ZodTypeProvider>();
  const today = () => chinaDate(ctx.clock.now());

  /** The entry when the caller reads it (star:read at or above) or works its survey (star:survey there or in one of its grids). */
  const load = async (actor: Actor, p: { id: string; communityId: string }, need: 'read' | 'survey'): Promise<SurveyEntry> => {
    const entry = await entryOf(ctx.db, p.id, p.communityId);
    const ok = entry && (need === 'read' ? can(actor, 'star:read', entry.communityPath) : reachesCommunity(actor, entry.communityPath));
    if (!entry || !ok) throw new AppError('STAR_ENTRY_NOT_FOUND');
    return entry;
  };

  r.get(
    '/api/v1/star-surveys',
    {
      config: { access: AUTHENTICATED },
      schema: { tags: ['star-survey'], querystring: starSurveyEntryQuerySchema, response: { 200: starSurveyEntryListSchema } },
    },
    async (request) => {
      const actor = actorOf(request);
      authorizeAny(actor, ['star:read', 'star:survey']);
      const years = await cycleYears(ctx.db);
      const year = request.query.year ?? years[0];
      if (year === undefined) return { years, items: [] };
      const readable = scopePaths(actor, 'star:read');
      const found = await entriesOfYear(ctx.db, year, [...readable, ...scopePaths(actor, 'star:survey')]);
      // Above-or-at for readers; a grid worker's own community for survey workers.
      const items = found.filter((e) => can(actor, 'star:read', e.communityPath) || reachesCommunity(actor, e.communityPath));
      return { years, items: items.map((e) => entryListItem(actor, e, today())) };
    },
  );

  r.get(
    BASE,
    { config: { access: permission('star:read') }, schema: { tags: ['star-survey'], params, response: { 200: starSurveySchema } } },
    async (request) => {
      const actor = actorOf(request);
      return staffSurveyView(ctx, actor, await load(actor, request.params, 'read'), today());
    },
  );

  r.get(`${BASE}/qr.svg`, { config: { access: permission('star:read') }, schema: { tags: ['star-survey'], params } }, async (request, reply) => {
    const entry = await load(actorOf(request), request.params, 'read');
    const origin = ctx.config.publicUrl ?? `${request.protocol}://${request.host}`;
    const svg = await QRCode.toString(`${origin}${surveyLink(entry)}`, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' });
    reply.header('Content-Type', 'image/svg+xml; charset=utf-8').header('Cache-Control', 'private, max-age=300');
    return svg;
  });

  r.get(
    `${BASE}/households`,
    {
      config: { access: permission('star:survey') },
      schema: {
        tags: ['star-survey'],
        params,
        querystring: surveyHouseholdQuerySchema,
        response: { 200: z.object({ items: z.array(surveyHouseholdSchema) }) },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const entry = await load(actor, request.params, 'survey');
      return { items: await listSurveyHouseholds(ctx.db, actor, entry, request.query.q) };
    },
  );

  r.post(
    `${BASE}/household-codes`,
    {
      config: { access: permission('star:survey') },
      schema: { tags: ['star-survey'], params, body: householdCodeInputSchema, response: { 201: householdCodeSchema } },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const entry = await load(actor, request.params, 'survey');
      const issued = await issueHouseholdCode(ctx, auditContextOf(request), actor, entry, request.body.householdId);
      reply.status(201);
      return issued;
    },
  );

  r.post(
    `${BASE}/paper`,
    {
      config: { access: permission('star:survey') },
      schema: { tags: ['star-survey'], params, body: paperResponseInputSchema, response: { 201: z.object({ recorded: z.literal(true) }) } },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const entry = await load(actor, request.params, 'survey');
      await enterPaperResponse(ctx, auditContextOf(request), actor, entry, request.body);
      reply.status(201);
      return { recorded: true as const };
    },
  );
}
