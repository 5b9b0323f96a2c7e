import type { Transaction } from 'kysely';
import { canTransition, type RequestState } from '@lingyan/shared';
import type { AppContext } from '../../platform/context.ts';
import type { AuditContext } from '../../platform/audit/audit.ts';
import type { DB } from '../../platform/db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { ratingColumns } from '../service-requests/service-requests.rating.ts';
import { writeStep } from '../service-requests/service-requests.tally.ts';

import type { RatingInput } from '../service-requests/service-requests.rating.ts';

export type { RatingInput };

export type RatedRequest = { id: string; number: string; state: string; org_id: string };

/**
 * Records a rating given without a worker (the resident, online): the state machine decides
 * whether it may happen now (409), then the columns, the request's timeline (by '群众') and the
 * audit log, in the caller's transaction.
 */
export async function recordRating(trx: Transaction<DB>, ctx: AppContext, audit: AuditContext, r: RatedRequest, input: RatingInput): Promise<void> {
  const state = r.state as RequestState;
  if (!canTransition(state, 'rate')) throw new AppError('SERVICE_REQUEST_STATE', { state: `requestState.${state}` }, { state, action: 'rate' });
  const at = ctx.clock.now().toISOString();
  const set = ratingColumns(state, input, at);
  // Only from the state just read: a step taken meanwhile makes this a conflict, not a silent overwrite.
  // The figures' tally moves with it (writeStep).
  if ((await writeStep(trx, r.id, set, state)) !== 1) throw new AppError('CONFLICT');
  const data = { rating: input.rating, source: input.source };
  await trx
    .insertInto('service_request_events')
    .values({
      id: newId(),
      request_id: r.id,
      at,
      actor_id: null,
      actor_name: '群众',
      action: 'rate',
      from_state: state,
      to_state: set.state!,
      note: null,
      data: JSON.stringify(data),
    })
    .execute();
  await ctx.audit(trx, audit, {
    action: 'service-request.rate',
    targetType: 'service-request',
    targetId: r.id,
    orgId: r.org_id,
    details: { number: r.number, from: state, to: set.state, ...data },
  });
}
