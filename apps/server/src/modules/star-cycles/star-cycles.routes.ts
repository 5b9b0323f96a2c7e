import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context.ts';

/** Star rating — the annual evaluation: cycles, phases, self-assessment, township scoring, department review, city approval, public notice and objections, display. */
export function registerStarCycleRoutes(_app: FastifyInstance, _ctx: AppContext): void {}
