import fs from 'node:fs';
import path from 'node:path';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fastifyStatic from '@fastify/static';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { AppContext } from './platform/context.ts';
import { registerErrorHandler, notFoundJson, frameworkError } from './platform/http/error-handler.ts';
import { registerAuthHook } from './platform/http/auth-hook.ts';
import { registerSecurityHeaders } from './platform/http/security-headers.ts';
import { AUTHENTICATED, type Access } from './platform/http/access.ts';
import { registerNulGuard } from './platform/http/nul-guard.ts';
import { newId } from './platform/ids.ts';
import { registerHealthRoutes } from './modules/health/health.routes.ts';
import { registerAuthRoutes } from './modules/auth/auth.routes.ts';
import { registerOrgRoutes } from './modules/orgs/orgs.routes.ts';
import { registerUserRoutes } from './modules/users/users.routes.ts';
import { registerAssignmentRoutes } from './modules/assignments/assignments.routes.ts';
import { registerAuditRoutes } from './modules/audit/audit.routes.ts';
import { registerSettingsRoutes } from './modules/settings/settings.routes.ts';
import { registerApiTokenRoutes } from './modules/api-tokens/api-tokens.routes.ts';
import { registerResidentRoutes } from './modules/residents/residents.routes.ts';
import { registerTagRoutes } from './modules/residents/tags.routes.ts';
import { registerHomeRoutes } from './modules/homes/homes.routes.ts';
import { registerHouseholdRoutes } from './modules/households/households.routes.ts';
import { registerRentalRoutes } from './modules/rentals/rentals.routes.ts';
import { registerCalendarRoutes } from './modules/calendar/calendar.routes.ts';
import { registerServiceItemRoutes } from './modules/service-items/service-items.routes.ts';
import { registerServiceRequestRoutes } from './modules/service-requests/service-requests.routes.ts';
import { registerImportRoutes } from './modules/imports/imports.routes.ts';
import { registerPublicRequestRoutes } from './modules/public-requests/public-requests.routes.ts';
import { registerOpen311Routes } from './modules/open311/open311.routes.ts';
import { registerVisitRoutes } from './modules/visits/visits.routes.ts';
import { registerFileRoutes } from './modules/files/files.routes.ts';
import { registerGridTaskRoutes } from './modules/grid-tasks/grid-tasks.routes.ts';
import { registerNoticeRoutes } from './modules/notices/notices.routes.ts';
import { registerGridRoutes } from './modules/grids/grids.routes.ts';
import { registerEventRoutes } from './modules/events/events.routes.ts';
import { registerStarRoutes } from './modules/stars/stars.routes.ts';
import { registerStarCycleRoutes } from './modules/star-cycles/star-cycles.routes.ts';
import { registerStarSurveyRoutes } from './modules/star-survey/star-survey.routes.ts';
import { registerStarCheckRoutes } from './modules/star-checks/star-checks.routes.ts';

export type RouteEntry = { method: string; url: string; access: Access | null };

/** Each module's routes, in one list: adding a module is one line here. */
const MODULES = [
  registerHealthRoutes,
  registerAuthRoutes,
  registerOrgRoutes,
  registerUserRoutes,
  registerAssignmentRoutes,
  registerAuditRoutes,
  registerSettingsRoutes,
  registerApiTokenRoutes,
  registerResidentRoutes,
  registerTagRoutes,
  registerHomeRoutes,
  registerHouseholdRoutes,
  registerRentalRoutes,
  registerImportRoutes,
  registerCalendarRoutes,
  registerServiceItemRoutes,
  registerServiceRequestRoutes,
  registerPublicRequestRoutes,
  registerOpen311Routes,
  registerVisitRoutes,
  registerFileRoutes,
  registerGridTaskRoutes,
  registerNoticeRoutes,
  registerGridRoutes,
  registerEventRoutes,
  registerStarRoutes,
  registerStarCycleRoutes,
  registerStarSurveyRoutes,
  registerStarCheckRoutes,
];

declare module 'fastify' {
  interface FastifyInstance {
    routeTable: RouteEntry[];
  }
}

export type BuildOptions = { logger?: FastifyServerOptions['logger'] };

/** Builds the whole app from its parts, without listening, so tests can inject requests. */
export async function buildApp(ctx: AppContext, opts: BuildOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger ?? false,
    bodyLimit: ctx.config.bodyLimitBytes,
    genReqId: () => newId(),
    trustProxy: ctx.config.trustProxy,
    routerOptions: { ignoreTrailingSlash: true },
    frameworkErrors: frameworkError,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  // Swagger UI's own routes declare no access; they are for signed-in users (deny-by-default answers 404 otherwise).
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/api/docs')) route.config = { ...(route.config as object), access: AUTHENTICATED } as typeof route.config;
  });
  const routeTable: RouteEntry[] = [];
  app.decorate('routeTable', routeTable);
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      if (method === 'HEAD' || !route.url.startsWith('/api/')) continue;
      routeTable.push({ method, url: route.url, access: (route.config as { access?: Access } | undefined)?.access ?? null });
    }
  });

  registerErrorHandler(app);
  registerSecurityHeaders(app, ctx.config);
  await app.register(cookie);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Lingyan API', description: '领雁 — community service and governance platform', version: '1' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'lingyan_session' }, bearer: { type: 'http', scheme: 'bearer' } } },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  registerAuthHook(app, ctx);
  registerNulGuard(app);

  app.get('/api/openapi.json', { config: { access: { kind: 'public' } }, schema: { hide: true } }, async () => app.swagger());
  for (const register of MODULES) register(app, ctx);

  const webDist = ctx.config.webDistDir;
  const hasWeb = fs.existsSync(path.join(webDist, 'index.html'));
  if (hasWeb) {
    await app.register(fastifyStatic, {
      root: webDist,
      index: 'index.html',
      preCompressed: true,
      // Hashed build assets never change under their name; everything else is revalidated.
      cacheControl: false,
      setHeaders: (res, filePath) => {
        const immutable = filePath.includes(`${path.sep}assets${path.sep}`);
        res.setHeader('Cache-Control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  }
  app.setNotFoundHandler((request, reply) => {
    const pathname = request.url.split('?')[0] ?? '';
    // A missing file (it has an extension) is a 404; only client-side routes get the app's page.
    const isFile = path.extname(pathname) !== '';
    if (pathname.startsWith('/api/') || pathname === '/api' || !hasWeb || isFile || (request.method !== 'GET' && request.method !== 'HEAD')) {
      return notFoundJson(request, reply);
    }
    return reply.type('text/html; charset=utf-8').sendFile('index.html');
  });
  return app;
}
