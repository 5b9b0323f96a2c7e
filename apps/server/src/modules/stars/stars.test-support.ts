import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.ts';
import { newId } from '../../platform/ids.ts';
import { writeStarChange } from './stars.repo.ts';
import { DEFAULT_STAR_CATALOG } from './stars.defaults.ts';

const at = () => new Date().toISOString();
const orgByCode = (db: Kysely<DB>, code: string) => db.selectFrom('org_nodes').select(['id', 'path']).where('code', '=', code).executeTakeFirstOrThrow();

/** A year's catalog row (the default ten stars unless given), written directly. */
export async function buildCatalog(db: Kysely<DB>, year: number, opts: { locked?: boolean } = {}): Promise<string> {
  const existing = await db.selectFrom('star_catalogs').select('id').where('year', '=', year).executeTakeFirst();
  if (existing) return existing.id;
  const id = newId();
  await db
    .insertInto('star_catalogs')
    .values({
      id,
      year,
      content: JSON.stringify(DEFAULT_STAR_CATALOG),
      locked_at: opts.locked ? at() : null,
      created_by: null,
      created_at: at(),
      updated_by: null,
      updated_at: at(),
    })
    .execute();
  return id;
}

/** A cycle of `year` (its catalog made when missing), with no phases: the results routes read only its entries. */
export async function buildCycle(db: Kysely<DB>, year: number): Promise<string> {
  const catalogId = await buildCatalog(db, year);
  const id = newId();
  await db
    .insertInto('star_cycles')
    .values({
      id,
      year,
      catalog_id: catalogId,
      title: `${year}年度星级评定`,
      notice_working_days: 5,
      phases: '[]',
      created_by: null,
      created_at: at(),
      updated_at: at(),
    })
    .execute();
  return id;
}

/** A community's entry in a cycle, in `state`, with the stars `awarded` (null: not approved yet). */
export async function buildEntry(db: Kysely<DB>, cycleId: string, communityCode: string, state: string, awarded: string[] | null): Promise<string> {
  const c = await orgByCode(db, communityCode);
  const id = newId();
  await db
    .insertInto('star_entries')
    .values({
      id,
      cycle_id: cycleId,
      community_id: c.id,
      community_path: c.path,
      state,
      survey_token: newId(),
      submitted_at: null,
      submitted_by: null,
      scored_at: null,
      scored_by: null,
      approved_at: awarded ? at() : null,
      approved_by: null,
      awarded: awarded ? JSON.stringify(awarded) : null,
      displayed_at: null,
      updated_at: at(),
    })
    .execute();
  return id;
}

/** Gives a community stars (awarded on `on`) through the one way stars change. */
export async function giveStars(db: Kysely<DB>, communityCode: string, codes: readonly string[], on: string, reason = '年度评定授星'): Promise<void> {
  const c = await orgByCode(db, communityCode);
  await db.transaction().execute(async (trx) => {
    for (const starCode of codes)
      await writeStarChange(trx, `${on}T04:00:00.000Z`, {
        communityId: c.id,
        communityPath: c.path,
        starCode,
        change: 'awarded',
        on,
        reason,
        sourceType: 'seed',
        sourceId: null,
        actor: { id: null, name: '测试' },
      });
  });
}
