import type { Transaction } from 'kysely';
import type { AppContext } from '../../platform/context.ts';
import type { AuditContext } from '../../platform/audit/audit.ts';
import type { DB } from '../../platform/db/schema.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { collectEvent } from '../events/events.commands.ts';

/** An event found on a visit: collected by the events module inside the visit's transaction, with the visit's photos. */
export function raiseEvent(
  ctx: AppContext,
  trx: Transaction<DB>,
  audit: AuditContext,
  actor: Actor,
  input: { gridId: string; categoryId: string | null; description: string; address: string; photoIds: string[]; visitId: string },
): Promise<string> {
  return collectEvent(ctx, trx, audit, actor, { ...input, location: null, source: 'visit' });
}
