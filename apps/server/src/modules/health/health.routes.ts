import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { sql } from 'kysely';
import type { AppContext } from '../../platform/context.ts';
import { PUBLIC } from '../../platform/http/access.ts';
import { AppError } from '../../platform/errors.ts';

export function registerHealthRoutes(app: FastifyInstance, ctx: AppContext): void {
  app
    .withTypeProvider<ZodTypeProvider>()
    .get('/api/health', { config: { access: PUBLIC }, schema: { tags: ['health'], response: { 200: z.object({ status: z.literal('ok') }) } } }, async () => {
      try {
        await sql`select 1`.execute(ctx.db);
      } catch {
        throw new AppError('SERVICE_UNAVAILABLE');
      }
      return { status: 'ok' as const };
    });
}
