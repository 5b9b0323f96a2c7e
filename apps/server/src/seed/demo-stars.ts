import type { Kysely } from 'kysely';
import type { DB } from '../platform/db/schema.ts';
import type { CryptoProvider } from '../platform/crypto/provider.ts';
import { newId } from '../platform/ids.ts';
import { DEFAULT_DEPARTMENTS, DEFAULT_STAR_CATALOG } from '../modules/stars/stars.defaults.ts';
import { ensureDefaultDepartments } from '../modules/stars/stars.repo.ts';
import type { SeededTree } from './org-tree.ts';
import { prng, Rng } from './demo-random.ts';
import { chinaDay, loadStarSeed } from './demo-stars-support.ts';
import { seedCompletedCycle, seedQuarterlyCheck } from './demo-stars-completed.ts';
import { seedOpenCycle } from './demo-stars-open.ts';

/**
 * Star rating in the demo. `seedStarBasics` (every demo, also the tests'): the reviewing
 * departments with their officers and the 2025 and 2026 catalogs. `seedDemoStars` (with the
 * registry): a completed 2025 cycle for the 14 urban communities, a quarterly check that removed
 * a star, and the 2026 cycle open in its survey phase.
 */
export async function seedStarBasics(db: Kysely<DB>, now: string): Promise<void> {
  // The years follow the demo's clock: last year's catalog (its cycle is over) and this year's.
  const year = Number(chinaDay(now).slice(0, 4));
  const officers = new Map(
    (await db.selectFrom('users').select(['id', 'username']).where('username', 'like', 'dept-%').execute()).map((u) => [u.username, u.id]),
  );
  const city = await db.selectFrom('users').select('id').where('username', '=', 'city').executeTakeFirst();
  await ensureDefaultDepartments(db, now);
  const departments = new Map((await db.selectFrom('departments').select(['id', 'code']).execute()).map((d) => [d.code, d.id]));
  const years = new Set((await db.selectFrom('star_catalogs').select('year').execute()).map((c) => Number(c.year)));
  await db.transaction().execute(async (trx) => {
    for (const d of DEFAULT_DEPARTMENTS) {
      const officer = officers.get(`dept-${d.code}`);
      if (officer)
        await trx
          .insertInto('department_members')
          .values({ department_id: departments.get(d.code)!, user_id: officer, created_at: now })
          .execute();
    }
    for (const y of [year - 1, year].filter((y) => !years.has(y))) {
      // Made in the September before the year's evaluation (never after the demo's clock).
      const made = [`${y - 1}-09-01T02:00:00.000Z`, now].sort()[0]!;
      await trx
        .insertInto('star_catalogs')
        .values({
          id: newId(),
          year: y,
          content: JSON.stringify(DEFAULT_STAR_CATALOG),
          locked_at: null,
          created_by: city?.id ?? null,
          created_at: made,
          updated_by: city?.id ?? null,
          updated_at: made,
        })
        .execute();
    }
  });
}

export async function seedDemoStars(db: Kysely<DB>, crypto: CryptoProvider, tree: SeededTree, now: string): Promise<void> {
  const seed = await loadStarSeed(db, tree, now);
  const year = Number(seed.today.slice(0, 4));
  const rng = new Rng(prng('lingyan-demo-stars'));
  const completed = await seedCompletedCycle(seed, rng, year - 1);
  await seedQuarterlyCheck(seed, rng, completed);
  await seedOpenCycle(seed, rng, crypto, year);
}
