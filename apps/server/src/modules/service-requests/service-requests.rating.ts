import { isSatisfied, nextState, type Rating, type RequestState } from '@lingyan/shared';
import type { ServiceRequestsTable } from '../../platform/db/schema.ts';

export type RatingInput = { rating: Rating; comment?: string | null | undefined; source: 'return-visit' | 'window' | 'online' };

/**
 * The columns a rating writes, in one place: informed → rated (later states stay), and a
 * dissatisfied rating asks for a follow-up. Used by the worker's 'rate' step and the resident's online rating alike.
 */
export function ratingColumns(state: RequestState, input: RatingInput, at: string): Partial<ServiceRequestsTable> {
  return {
    state: nextState(state, 'rate'),
    rating: input.rating,
    rating_comment: input.comment ?? null,
    rated_at: at,
    rating_source: input.source,
    follow_up_needed: isSatisfied(input.rating) ? 0 : 1,
    updated_at: at,
  };
}
