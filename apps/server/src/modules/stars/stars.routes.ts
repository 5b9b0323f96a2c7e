import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context.ts';

/** Star rating — the ten-star catalog, departments, rules, preview, a community's stars, the public board, certificates and exports. */
export function registerStarRoutes(_app: FastifyInstance, _ctx: AppContext): void {}
