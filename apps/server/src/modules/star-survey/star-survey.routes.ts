import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context.ts';

/** Star rating — the resident survey (群众测评): public questionnaire, household codes, paper responses, results. */
export function registerStarSurveyRoutes(_app: FastifyInstance, _ctx: AppContext): void {}
