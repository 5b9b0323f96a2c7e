import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context.ts';

/** Star rating — between cycles: quarterly checks (一季一核查), star removal (减星) and applications for a star (增星). */
export function registerStarCheckRoutes(_app: FastifyInstance, _ctx: AppContext): void {}
