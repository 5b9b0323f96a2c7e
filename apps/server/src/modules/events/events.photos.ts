import type { Kysely, Transaction } from 'kysely';
import type { FileRef } from '@lingyan/shared';
import type { DB } from '../../platform/db/schema.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { attachFiles, filesOf } from '../files/files.commands.ts';
import { registerFileReader } from '../files/files.policy.ts';
import { findEvent } from './events.repo.ts';

/** Photos of an event (at collection and at feedback) are FILES attachments of record type 'event'. */
export const EVENT_FILE_TYPE = 'event';

export async function attachEventPhotos(trx: Transaction<DB>, actor: Actor, photoIds: string[], event: { id: string; orgPath: string }): Promise<void> {
  await attachFiles(trx, actor, photoIds, { type: EVENT_FILE_TYPE, id: event.id, orgPath: event.orgPath });
}

export async function eventPhotos(db: Kysely<DB>, eventId: string): Promise<FileRef[]> {
  return (await filesOf(db, EVENT_FILE_TYPE, [eventId])).get(eventId) ?? [];
}

/** Whoever sees the event (its grid's readers, its reporter, the unit it is dispatched to) sees its photos. */
export function registerEventFileReader(): void {
  registerFileReader(EVENT_FILE_TYPE, async (db, actor, record) => !!(await findEvent(db, actor, record.id)));
}
