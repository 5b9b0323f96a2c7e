import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.ts';
import { buildUser } from '../../test/factories.ts';
import { writeStarChange } from '../stars/stars.repo.ts';

/** A community leader of the community with `communityCode` (the demo has one only for some). */
export async function addCommunityLeader(db: Kysely<DB>, username: string, communityCode: string): Promise<string> {
  const org = await db.selectFrom('org_nodes').select(['id', 'name']).where('code', '=', communityCode).executeTakeFirstOrThrow();
  return buildUser(db, username, 'community-leader', org.id, { displayName: `${org.name}书记` });
}

/** Makes a community hold exactly `codes` (each through writeStarChange, source 'seed'). */
export async function holdStars(db: Kysely<DB>, communityCode: string, codes: readonly string[], on = '2026-01-15'): Promise<void> {
  const org = await db.selectFrom('org_nodes').select(['id', 'path']).where('code', '=', communityCode).executeTakeFirstOrThrow();
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('community_stars').where('community_id', '=', org.id).execute();
    for (const starCode of codes)
      await writeStarChange(trx, new Date().toISOString(), {
        communityId: org.id,
        communityPath: org.path,
        starCode,
        change: 'awarded',
        on,
        reason: '测试：年度评定',
        sourceType: 'seed',
        sourceId: null,
        actor: { id: null, name: null },
      });
  });
}
