import type { Kysely } from 'kysely';
import { DEFAULT_TAGS } from '@lingyan/shared';
import type { DB } from '../platform/db/schema.ts';

/** The tags the city starts with; an edited or added tag is never overwritten. */
export async function ensureTags(db: Kysely<DB>): Promise<void> {
  await db
    .insertInto('tag_definitions')
    .values(DEFAULT_TAGS.map((t, i) => ({ code: t.code, name_zh: t.zh, name_en: t.en, sensitive: t.sensitive ? 1 : 0, sort_order: i })))
    .onConflict((oc) => oc.column('code').doNothing())
    .execute();
}
