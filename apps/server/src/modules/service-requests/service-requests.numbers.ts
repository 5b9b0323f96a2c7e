import type { Transaction } from 'kysely';
import type { DB } from '../../platform/db/schema.ts';

/** The next request number of the day, `FW20261126-0001`: kept for good through transfers and changes. */
export async function nextRequestNumber(trx: Transaction<DB>, day: string): Promise<string> {
  const name = `service-request:${day}`;
  const row = await trx
    .insertInto('counters')
    .values({ name, value: 1 })
    .onConflict((oc) => oc.column('name').doUpdateSet((eb) => ({ value: eb('counters.value', '+', 1) })))
    .returning('value')
    .executeTakeFirstOrThrow();
  return `FW${day.replaceAll('-', '')}-${String(row.value).padStart(4, '0')}`;
}
